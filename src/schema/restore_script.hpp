#pragma once
// pg_restore's SQL script output (`pg_restore -f - -L list`), cut back into one piece of SQL
// per TOC entry, so the engine can run each index or constraint itself, as soon as its table
// is loaded. pg_restore writes the entries in the list's order, each under a header
// "-- Name: ...; Type: <kind>; Schema: ...; Owner: ...".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/toc.hpp"

namespace pgimport::schema {

struct RestoreScript {
  std::string preamble;           // the SET statements every session must run first
  std::vector<std::string> sql;   // one per entry, in the order of the entries given
  // Per entry: the session settings pg_restore changed between entries and that are in
  // effect for it ("SET default_table_access_method = heap2;"), empty while the preamble's
  // hold. pg_restore prints such a SET once, before the first entry it applies to; an entry
  // run in another session must carry it along.
  std::vector<std::string> settings;
};

// nullopt if the script does not line up with `entries` (count or kinds differ): the caller
// then lets pg_restore run those entries itself.
std::optional<RestoreScript> parse_restore_script(std::string_view script,
                                                  const std::vector<TocEntry>& entries);

// The statements of one entry's SQL, split where pg_dump separates them (a blank line after
// a ';'). Used to tell single-statement entries from ones with extras (CLUSTER ON, ...).
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace pgimport::schema
