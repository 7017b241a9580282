#pragma once
// Networking helpers for servers pgimport starts itself.

namespace pgimport::util {

// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice).
int find_free_port();

}  // namespace pgimport::util
