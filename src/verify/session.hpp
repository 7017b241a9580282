#pragma once
// A verification session: text output pinned so both servers print values identically.
#include <optional>
#include <string>
#include <vector>

#include "pg/connection.hpp"
#include "util/cancellation.hpp"

namespace pgimport::verify {

// Opens a connection with the settings that change text output pinned (dates, time zone,
// intervals, floats, bytea, money) and search_path = pg_catalog, so deparsed definitions
// qualify every user object the same way on both sides.
pg::Connection open_session(const pg::ConnInfo& info, pg::Endpoint endpoint);

// `count` such sessions (at least one), opened side by side: each costs tens of milliseconds
// (authentication, a new server process), not worth waiting for one after another.
std::vector<pg::Connection> open_sessions(const pg::ConnInfo& info, pg::Endpoint endpoint, int count);

// BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY, then SET TRANSACTION SNAPSHOT when
// `snapshot` is given: everything read until the commit is one consistent view.
void begin_read(pg::Connection& connection, const std::optional<std::string>& snapshot);

// Lets `cancellation` (if any) interrupt `connection`'s queries until the guard goes away.
std::optional<util::Cancellation::Guard> cancel_on(util::Cancellation* cancellation,
                                                   const pg::Connection& connection);
// The same for each of `sessions`.
std::vector<util::Cancellation::Guard> cancel_on(util::Cancellation* cancellation,
                                                 const std::vector<pg::Connection>& sessions);

}  // namespace pgimport::verify
