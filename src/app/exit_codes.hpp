#pragma once
// pgimport's exit codes, documented in the README. Every command maps its outcome here.

namespace pgimport::app {

inline constexpr int k_exit_ok = 0;          // done; nothing failed
inline constexpr int k_exit_failed = 1;      // ran, and something failed (a check, the import,
                                             // verification found differences)
inline constexpr int k_exit_usage = 2;       // bad command line, option or connection string
inline constexpr int k_exit_internal = 3;    // a bug or an environment problem pgimport did not
                                             // expect (message says what)
inline constexpr int k_exit_cancelled = 130;  // stopped by Ctrl-C or SIGTERM

}  // namespace pgimport::app
