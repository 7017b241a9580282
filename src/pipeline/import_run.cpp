#include "pipeline/import_run.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <future>
#include <set>
#include <thread>

#include "branch/branch.hpp"
#include "check/checks.hpp"
#include "check/rules.hpp"
#include "cluster/installations.hpp"
#include "copy/copy_plan.hpp"
#include "inspect/source_catalog.hpp"
#include "pg/error.hpp"
#include "pg/redact.hpp"
#include "pipeline/data_phase.hpp"
#include "pipeline/finishing.hpp"
#include "pipeline/index_builder.hpp"
#include "pipeline/parallel_sql.hpp"
#include "pipeline/post_data_plan.hpp"
#include "pipeline/search_path_fallback.hpp"
#include "pipeline/sort_memory.hpp"
#include "pipeline/pre_data_restore.hpp"
#include "pipeline/relay_verification.hpp"
#include "pipeline/run_failure.hpp"
#include "pipeline/source_session.hpp"
#include "pipeline/wal_flusher.hpp"
#include "schema/schema_dump.hpp"
#include "util/files.hpp"
#include "util/units.hpp"
#include "util/text.hpp"
#include "verify/catalog.hpp"
#include "verify/compare.hpp"

namespace pgimport::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

std::string now_utc_iso() { return branch::utc_timestamp(std::chrono::system_clock::now()); }

// Requests cancellation when the --timeout passes; stops waiting when destroyed.
class Deadline {
 public:
  Deadline(std::optional<std::chrono::seconds> timeout, util::Cancellation& cancellation) {
    if (!timeout) {
      return;
    }
    m_thread = std::jthread([this, timeout, &cancellation](std::stop_token stop) {
      std::unique_lock lock(m_mutex);
      if (!m_wakeup.wait_for(lock, stop, *timeout, [] { return false; })) {
        if (!stop.stop_requested()) {
          cancellation.request(fmt::format("the import took longer than --timeout {}",
                                           util::format_duration(static_cast<double>(timeout->count()))));
        }
      }
    });
  }

 private:
  std::mutex m_mutex;
  std::condition_variable_any m_wakeup;
  std::jthread m_thread;
};

// The error as the user reads it. A target that drops every session at once has usually
// restarted after an error of its own (a full disk makes PostgreSQL stop when it cannot
// write WAL): only its log says which, so say where to look.
std::string describe_failure(const std::exception& error) {
  const auto* pg_error = dynamic_cast<const pg::Error*>(&error);
  if (pg_error != nullptr && pg_error->endpoint() == pg::Endpoint::target &&
      pg_error->is_connection_failure()) {
    return std::string(error.what()) +
           " (the target server ended the session: if it restarted, its log says why, e.g. a "
           "full disk)";
  }
  return error.what();
}

// The steps of one run, with the state they share.
class ImportRun {
 public:
  ImportRun(const ImportSettings& settings, ImportEvents& events, progress::ProgressBoard& progress,
            util::Cancellation& cancellation)
      : m_settings(settings), m_events(events), m_progress(progress), m_cancellation(cancellation),
        m_work_dir("pgimport-run") {}

  ImportSummary run();

 private:
  template <typename Step>
  void phase(const std::string& name, Step&& step);
  void throw_if_stopped() const;

  bool run_checks();
  void take_snapshot();
  void create_branch();
  void dump_schema();
  void restore_pre_data();
  void restore_pre_data_and_plan_post_data();  // the post-data SQL is written meanwhile
  void copy_data();
  void report_whole_tables();
  void report_privileges_left_out(const std::vector<std::string>& entries);
  ReadBack read_back_settings();
  void finish_indexes();
  void restore_post_data();
  void refresh_materialized_views();
  void add_foreign_keys();
  void copy_sequences_and_large_objects();
  void analyze();
  verify::VerifyInputs verify_inputs() const;
  void read_source_side_ahead();
  DataPhaseSettings data_phase_settings();
  void plan_copy_and_open_its_sessions();
  void start_schema_dump();
  void verify();
  void set_aside_known_differences(verify::VerifyReport& report);
  void skip(const std::string& text);  // names it in the summary and as a warning
  void copy_settings();
  void finish_failed(const std::string& message, bool is_cancelled);

  const ImportSettings& m_settings;
  ImportEvents& m_events;
  progress::ProgressBoard& m_progress;
  util::Cancellation& m_cancellation;
  util::TempDir m_work_dir;
  ImportSummary m_summary;
  std::string m_started_at = now_utc_iso();

  check::SourceFacts m_facts;
  std::optional<pg::Connection> m_maintenance;  // on the target, outside the branch
  std::optional<ExportedSnapshot> m_snapshot;
  std::optional<util::Cancellation::Guard> m_snapshot_guard;  // interrupts the coordinator
  inspect::SourceCatalog m_catalog;
  std::optional<pg::ConnInfo> m_branch;
  // pg_dump runs while the branch is created (start_schema_dump); joined by dump_schema.
  std::future<schema::SchemaDump> m_dump_ahead;
  std::optional<schema::SchemaDump> m_dump;
  // The copy's tasks and its workers' sessions, planned and opened during pre-data
  // (plan_copy_and_open_its_sessions).
  std::vector<copy::CopyTask> m_copy_tasks;
  std::vector<std::future<CopySessions>> m_copy_sessions_ahead;
  // Flushes the target's WAL ahead of the loads and index builds (data and indexes phases).
  std::optional<WalFlusher> m_wal_flusher;
  schema::RestoreSettings m_restore;
  std::string m_index_session_settings;  // SET statements of index and constraint sessions
  std::uint64_t m_index_sort_memory = 0;  // each of those sessions' maintenance_work_mem
  std::map<std::string, std::uint64_t> m_rows_by_table;
  std::set<std::string> m_refused_settings;  // verify objects of settings the target refused
  std::vector<copy::RowDigest> m_source_digests;  // per table, as the relay saw the rows
  std::map<std::string, std::string> m_sequence_values;  // as copied, for verification
  std::set<std::string> m_missing_sequences;  // an extension's own, absent from its target version
  RunFailure m_failure;
  // nullopt when pg_restore's SQL could not be cut per entry: post-data then goes through
  // pg_restore whole, after the data.
  std::optional<PostDataPlan> m_post_data;
  // Alive from the data phase to "verify": it also reads each table back once loaded.
  std::optional<IndexBuilder> m_index_builder;
  // The source's half of verification, read during the copy (a stop cancels it).
  std::optional<std::future<verify::SourceSide>> m_source_side;
};

template <typename Step>
void ImportRun::phase(const std::string& name, Step&& step) {
  throw_if_stopped();
  m_progress.start_phase(name);
  m_events.phase_started(name);
  const auto started = Clock::now();
  step();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  m_summary.phase_seconds.emplace_back(name, seconds);
  m_events.phase_finished(name, seconds);
}

void ImportRun::throw_if_stopped() const {
  // The first failure of any session, else the cancellation. A failure in a background
  // session (a read-back still running while later phases go on) also requests the
  // cancellation, with the reason "error": say what failed, not that.
  m_failure.rethrow_if_failed();
  if (m_cancellation.is_requested()) {
    throw std::runtime_error(m_cancellation.reason());
  }
}

bool ImportRun::run_checks() {
  check::CheckInputs inputs{.source = m_settings.source,
                            .target = m_settings.target,
                            .max_size_bytes = m_settings.max_size_bytes,
                            .pg_bin_dirs = m_settings.pg_bin_dirs,
                            .keep_owners = m_settings.keep_owners,
                            .keep_privileges = m_settings.keep_privileges};
  auto report = check::run_checks(inputs, &m_facts);
  m_events.checks_finished(report);
  m_summary.checks = report;
  if (report.has_failures() && !m_settings.skip_checks) {
    return false;
  }
  if (report.has_failures()) {
    m_events.warning("checks failed, but --skip-checks was given: importing anyway");
  }
  if (!m_facts.client_tools) {
    throw std::runtime_error(
        "no pg_dump/pg_restore able to read this source was found: install the PostgreSQL "
        "client tools of the source's major version or newer, or pass --pg-bin DIR");
  }
  return true;
}

void ImportRun::take_snapshot() {
  auto coordinator = pg::Connection::open(m_settings.source, pg::Endpoint::source);
  m_snapshot_guard.emplace(m_cancellation.on_cancel([c = coordinator.canceller()] { c.cancel(); }));
  const auto encoding = coordinator.parameter_status("server_encoding");
  configure_source_session(coordinator, m_settings.lock_timeout, encoding);
  m_snapshot.emplace(std::move(coordinator));
  m_summary.snapshot_time = m_snapshot->taken_at();
  // Lock first: reading table sizes would otherwise wait on a locked table, unnamed.
  m_snapshot->lock_tables(inspect::list_user_tables(m_snapshot->connection()));
  m_catalog = inspect::read_source_catalog(m_snapshot->connection());
  m_events.info(fmt::format("snapshot {} taken at {}: {} tables ({}), {} sequences, {} large objects",
                            m_snapshot->id(), m_snapshot->taken_at(), m_catalog.tables.size(),
                            util::format_bytes(m_catalog.total_table_bytes),
                            m_catalog.sequences.size(), m_catalog.large_objects.size()));
}

void ImportRun::create_branch() {
  const auto& database = m_catalog.database;
  const auto name = m_settings.branch_name.empty()
                        ? branch::default_branch_name(database.name, std::chrono::system_clock::now())
                        : m_settings.branch_name;
  m_maintenance.emplace(pg::Connection::open(m_settings.target, pg::Endpoint::target));
  branch::BranchStatus status{.status = branch::Status::importing,
                              .source = m_settings.source.display(),
                              .source_database = database.name,
                              .snapshot_time = m_snapshot->taken_at(),
                              .started_at = m_started_at,
                              .pgimport_version = PGIMPORT_VERSION,
                              .importer_pid = m_maintenance->backend_pid()};
  branch::DatabaseSettings settings{.encoding = database.encoding,
                                    .lc_collate = database.lc_collate,
                                    .lc_ctype = database.lc_ctype,
                                    .locale_provider = database.locale_provider,
                                    .icu_locale = database.icu_locale};
  const auto warnings = branch::create_branch(*m_maintenance, name, settings, status);
  // Only a database this run created is its branch (a refused name belongs to someone else).
  m_summary.branch = name;
  for (const auto& warning : warnings) {
    m_events.warning(warning);
  }
  // The import's own sessions on the branch resolve names as the source's sessions do: a
  // constraint checked by the load, or a read-back whose plan inlines an index expression,
  // may call a function that calls another without its schema. So the source database's
  // search_path goes on the branch now; its other settings go last (copy_settings), which
  // also names this one if the target refuses it.
  if (const auto search_path = search_path_setting(m_catalog.database_settings)) {
    copy_database_settings(*m_maintenance, name, {*search_path});
  }
  m_branch = m_settings.target.with_database(m_summary.branch);
  m_summary.branch_conninfo = m_branch;
  m_events.info(fmt::format("created branch \"{}\" on the target", m_summary.branch));
}

void ImportRun::start_schema_dump() {
  // pg_dump reads the source under the snapshot; the branch is made on the target meanwhile.
  schema::DumpSettings settings{.tools = *m_facts.client_tools,
                                .source = m_settings.source,
                                .snapshot = m_snapshot->id(),
                                .lock_wait_timeout_ms = static_cast<int>(m_settings.lock_timeout.count()),
                                .work_dir = m_work_dir.path()};
  m_dump_ahead = std::async(std::launch::async, [settings = std::move(settings), this] {
    return schema::SchemaDump::create(settings, m_cancellation);
  });
}

void ImportRun::dump_schema() {
  m_dump.emplace(m_dump_ahead.get());
  const bool is_superuser =
      m_maintenance->query_value("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t";
  const auto memory = m_maintenance->exec(
      "SELECT pg_size_bytes(current_setting('shared_buffers')), "
      "pg_size_bytes(current_setting('maintenance_work_mem'))");
  const auto sort_memory = index_sort_memory_bytes(static_cast<std::uint64_t>(memory.int_value(0, 0)),
                                                   static_cast<std::uint64_t>(memory.int_value(0, 1)));
  m_index_sort_memory = sort_memory;
  m_index_session_settings = index_session_settings(sort_memory);
  m_restore = {.branch = *m_branch,
               .keep_owners = m_settings.keep_owners,
               .policy = {.is_target_superuser = is_superuser,
                          .keep_privileges = m_settings.keep_privileges},
               .target_session_options = fmt::format(
                   "-c synchronous_commit=off -c maintenance_work_mem={}kB", sort_memory / 1024)};
  std::vector<std::string> privileges;
  for (const auto& skipped : m_dump->skipped(m_restore)) {
    const auto text = fmt::format("{} {}: {}", skipped.entry.kind, skipped.entry.object, skipped.reason);
    if (schema::is_privilege_entry(skipped.entry)) {
      m_summary.skipped.push_back(text);  // one line for all of them: report_privileges_left_out
      privileges.push_back(skipped.entry.kind + " " + skipped.entry.object);
    } else {
      skip(text);
    }
  }
  report_privileges_left_out(privileges);
}

void ImportRun::restore_pre_data() {
  // As many sessions as the copy and the index builds use together.
  const int sessions = m_settings.jobs + m_settings.index_jobs;
  const auto stats = pipeline::restore_pre_data(*m_dump, m_restore, sessions, m_cancellation);
  if (stats.parallel_entries > 0) {
    m_events.info(fmt::format("pre-data: {} objects, {} of them created by {} sessions side by side "
                              "({} run again after what they need)",
                              stats.entries, stats.parallel_entries, sessions, stats.rerun_entries));
  }
}

void ImportRun::restore_pre_data_and_plan_post_data() {
  const auto entries = m_dump->post_data_entries(m_restore);
  // pg_restore writes the post-data SQL while the pre-data sessions create the tables.
  auto script_ahead = std::async(std::launch::async, [&] {
    return m_dump->script(m_restore, entries, m_cancellation);
  });
  restore_pre_data();
  const auto script = script_ahead.get();
  if (!script) {
    m_events.warning("could not split pg_restore's post-data SQL per object; indexes will be "
                     "built by pg_restore after all the data (slower, same result)");
    return;
  }
  const auto objects = inspect::read_post_data_objects(m_snapshot->connection());
  m_post_data = pipeline::plan_post_data(entries, *script, objects, m_catalog.tables);
}

DataPhaseSettings ImportRun::data_phase_settings() {
  return {.source = m_settings.source,
          .branch = *m_branch,
          .snapshot = m_snapshot->id(),
          .client_encoding = m_snapshot->connection().parameter_status("server_encoding"),
          .lock_timeout = m_settings.lock_timeout,
          .jobs = m_settings.jobs,
          .is_digested = m_settings.verify == VerifyLevel::full,
          .first_worker_slot = 0};
}

void ImportRun::plan_copy_and_open_its_sessions() {
  m_copy_tasks = copy::plan_copy(m_catalog.tables,
                                 {.split_threshold_bytes = m_settings.split_threshold_bytes,
                                  .jobs = m_settings.jobs});
  // Each worker's connections open while the schema is restored, not after it.
  const auto settings = data_phase_settings();
  for (std::size_t worker = 0; worker < copy_worker_count(m_settings.jobs, m_copy_tasks.size());
       ++worker) {
    m_copy_sessions_ahead.push_back(
        std::async(std::launch::async, [settings] { return open_copy_sessions(settings); }));
  }
}

void ImportRun::copy_data() {
  m_wal_flusher.emplace(*m_branch);  // until the indexes are built (finish_indexes)
  report_whole_tables();
  const auto copy_workers = static_cast<std::size_t>(m_settings.jobs);
  m_progress.set_totals(m_catalog.total_table_bytes, m_catalog.tables.size());
  m_progress.set_worker_count(copy_workers +
                              (m_post_data ? static_cast<std::size_t>(m_settings.index_jobs) : 0));
  std::function<void(std::size_t, std::uint64_t)> on_table_loaded;
  if (m_post_data) {
    // Each table's indexes start as soon as its data is in, while other tables still copy.
    m_index_builder.emplace(*m_branch, *m_post_data, m_catalog.tables, m_settings.index_jobs,
                            read_back_settings(),
                            IndexBuilder::Sessions{
                                .settings = m_index_session_settings,
                                .fallback_search_path = source_search_path(m_catalog.database_settings),
                                .sort_memory_bytes = m_index_sort_memory},
                            copy_workers,
                            m_progress, m_cancellation, m_failure);
    on_table_loaded = [this](std::size_t table, std::uint64_t rows) {
      m_index_builder->table_loaded(table, rows);
    };
  }
  auto settings = data_phase_settings();
  settings.on_table_loaded = on_table_loaded;
  settings.sessions_ahead = &m_copy_sessions_ahead;
  const auto result = run_data_phase(settings, m_catalog.tables, m_copy_tasks, m_progress,
                                     m_events, m_cancellation, m_failure);
  m_copy_sessions_ahead.clear();
  throw_if_stopped();
  if (m_index_builder) {
    m_index_builder->all_loaded();
  }
  m_summary.tables = m_catalog.tables.size();
  m_summary.rows = result.rows;
  m_summary.bytes = result.bytes;
  m_rows_by_table = result.rows_by_table;
  m_source_digests = result.digests;
}

// Says which tables would have been split by default but are copied whole, and why.
void ImportRun::report_whole_tables() {
  if (m_settings.whole_tables_reason.empty()) {
    return;
  }
  std::vector<std::string> names;
  for (const auto& table : m_catalog.tables) {
    if (table.bytes > copy::k_default_split_threshold) {
      names.push_back(fmt::format("{} ({})", table.display_name, util::format_bytes(table.bytes)));
    }
  }
  if (!names.empty()) {
    m_events.info(fmt::format("not splitting {}: {}", util::join(names, ", "),
                              m_settings.whole_tables_reason));
  }
}

// One line for every GRANT and default privilege left out (a database may hold thousands);
// the summary lists each.
void ImportRun::report_privileges_left_out(const std::vector<std::string>& entries) {
  if (entries.empty()) {
    return;
  }
  m_events.info(fmt::format("privileges not copied ({}: {}; the summary lists each); "
                            "--keep-privileges copies them when the target has the same roles",
                            check::count_of(entries.size(), "entry", "entries"),
                            check::describe_names(entries, 5)));
}

ReadBack ImportRun::read_back_settings() {
  const auto parts_from = copy::read_split_threshold(m_settings.split_threshold_bytes);
  ReadBack read_back{.split = {.split_threshold_bytes = parts_from, .jobs = m_settings.index_jobs},
                     .parallel_count_bytes = parts_from,
                     .client_encoding = m_snapshot->connection().parameter_status("server_encoding")};
  if (m_settings.verify == VerifyLevel::counts) {
    read_back.level = ReadBack::Level::counts;
  } else if (m_settings.verify == VerifyLevel::full) {
    read_back.level = ReadBack::Level::digests;
  }
  return read_back;
}

void ImportRun::finish_indexes() {
  if (m_index_builder) {
    // Read-backs for verification may still run: they overlap the steps that follow.
    m_index_builder->wait_for_indexes();
  }
  m_wal_flusher.reset();
  throw_if_stopped();
  if (m_index_builder) {
    for (const auto& build : m_index_builder->built_with_fallback_search_path()) {
      m_events.warning(fallback_warning(build, source_search_path(m_catalog.database_settings)));
    }
  }
}

void ImportRun::restore_post_data() {
  if (!m_post_data) {
    m_dump->restore_post_data(m_restore, m_settings.index_jobs, m_cancellation);
    return;
  }
  // A partitioned index turns valid when the attach of its last child sees every other child
  // valid; attaches side by side in pg_restore's workers could each miss the other's and leave
  // it invalid (seen once in CI on tests/data/partitions.sql). They are catalog updates of
  // milliseconds: run them last, one after another, in pg_dump's order (children first).
  std::vector<schema::TocEntry> others;
  std::vector<schema::TocEntry> attaches;
  for (const auto& entry : m_post_data->remaining) {
    (entry.kind == "INDEX ATTACH" ? attaches : others).push_back(entry);
  }
  m_dump->restore_entries(m_restore, others, m_settings.index_jobs,
                          "post-data (triggers, rules, policies, materialized views...)",
                          m_cancellation);
  if (!attaches.empty()) {
    m_dump->restore_entries(m_restore, attaches, 1, "post-data (partition index attaches)",
                            m_cancellation);
  }
  refresh_materialized_views();
}

void ImportRun::refresh_materialized_views() {
  const auto& refreshes = m_post_data->refreshes;
  if (refreshes.empty()) {
    return;
  }
  std::vector<schema::TocEntry> entries;
  for (const auto& refresh : refreshes) {
    entries.push_back(refresh.entry);
  }
  const auto search_path = source_search_path(m_catalog.database_settings);
  try {
    m_dump->restore_entries(m_restore, entries, m_settings.index_jobs,
                            "post-data (materialized view refreshes)", m_cancellation);
    return;
  } catch (const schema::SchemaError&) {
    throw_if_stopped();
    if (search_path.empty()) {
      throw;
    }
  }
  // A view over a function that calls another without its schema fails to refresh with
  // pg_dump's empty search_path: all of them again, one by one in pg_dump's (dependency)
  // order, each once more with the source's search_path if it needs it.
  auto session = pg::Connection::open(*m_branch, pg::Endpoint::target);
  const auto guard = m_cancellation.on_cancel([c = session.canceller()] { c.cancel(); });
  session.exec(m_post_data->preamble);
  session.exec(m_index_session_settings);
  for (const auto& refresh : refreshes) {
    // "REFRESH MATERIALIZED VIEW s.v;" -> "materialized view s.v", as pg_dump quoted it.
    constexpr std::string_view k_prefix = "REFRESH MATERIALIZED VIEW ";
    auto name = util::trim(refresh.sql);
    name.remove_prefix(name.starts_with(k_prefix) ? k_prefix.size() : 0);
    name.remove_suffix(name.ends_with(';') ? 1 : 0);
    const auto what = "materialized view " + std::string(name);
    try {
      const auto outcome = exec_with_search_path_fallback(session, refresh.sql, search_path);
      if (outcome.first_error) {
        m_events.warning(fallback_warning("refreshing " + what + ": " + *outcome.first_error, search_path));
      }
    } catch (const pg::Error& error) {
      throw_if_stopped();
      throw schema::SchemaError(fmt::format("refreshing {} failed: {}", what, pg::redact(error.what())));
    }
  }
}

void ImportRun::add_foreign_keys() {
  if (!m_post_data) {
    return;
  }
  std::vector<std::string> adds;
  std::vector<std::string> validations;
  for (const auto& foreign_key : m_post_data->foreign_keys) {
    adds.push_back(foreign_key.add);
    if (!foreign_key.validate.empty()) {
      validations.push_back(foreign_key.validate);
    }
  }
  // Adding takes locks on both tables: one session. Validating takes a lighter lock and
  // scans: in parallel.
  const std::string session_setup =
      m_post_data->preamble + "\n" + m_index_session_settings;
  run_in_parallel(*m_branch, session_setup, adds, 1, m_cancellation, m_failure);
  m_failure.rethrow_if_failed();
  run_in_parallel(*m_branch, session_setup, validations, m_settings.index_jobs, m_cancellation,
                  m_failure);
  throw_if_stopped();
  m_dump->restore_entries(m_restore, m_post_data->after_foreign_keys, 1, "comments on constraints",
                          m_cancellation);
}

void ImportRun::copy_sequences_and_large_objects() {
  if (m_catalog.sequences.empty() && m_catalog.large_objects.empty()) {
    return;  // a connection costs tens of milliseconds on a busy server: none for nothing
  }
  auto branch = pg::Connection::open(*m_branch, pg::Endpoint::target);
  auto& source = m_snapshot->connection();
  auto sequences = copy_sequence_values(source, branch, m_catalog.sequences);
  m_sequence_values = std::move(sequences.values);
  for (const auto& sequence : sequences.missing) {
    m_missing_sequences.insert(sequence.qualified_name);
    skip(fmt::format("sequence {} (extension {}): the target's version of the extension has no "
                     "such sequence, so the source's value is not carried",
                     sequence.display_name, sequence.extension));
  }
  m_summary.sequences = m_sequence_values.size();
  copy_large_objects(source, branch, m_catalog.large_objects, m_cancellation);
  m_summary.large_objects = m_catalog.large_objects.size();
}

void ImportRun::skip(const std::string& text) {
  m_summary.skipped.push_back(text);
  m_events.warning("skipped " + text);
}

void ImportRun::copy_settings() {
  for (const auto& text : database_properties_not_copied(m_catalog.database)) {
    skip(text);
  }
  for (const auto& refused : copy_database_settings(*m_maintenance, m_summary.branch,
                                                    m_catalog.database_settings)) {
    m_refused_settings.insert(refused.object);
    skip(refused.text);
  }
}

void ImportRun::analyze() {
  if (m_index_builder) {
    return;  // each table was analyzed as soon as its indexes were built
  }
  run_in_parallel(*m_branch, m_index_session_settings,
                  analyze_statements(m_catalog.tables), m_settings.index_jobs, m_cancellation,
                  m_failure);
  throw_if_stopped();
}

verify::VerifyInputs ImportRun::verify_inputs() const {
  return {.source = m_settings.source,
          .branch = *m_branch,
          .snapshot = m_snapshot->id(),
          .level = m_settings.verify == VerifyLevel::full ? verify::Level::full : verify::Level::counts,
          .jobs = m_settings.jobs,
          .compare_ownership = m_settings.keep_owners,
          .compare_privileges = m_settings.keep_privileges,
          .cancellation = &m_cancellation};
}

void ImportRun::read_source_side_ahead() {
  if (m_settings.verify == VerifyLevel::none) {
    return;
  }
  // The snapshot holds the source still: its inventory can be read while the data copies.
  // In one session: beside the copy its CPU counts, not its wall time, and a second session
  // would fill its own catalog caches again (about a quarter more work on 2,000 tables).
  auto inputs = verify_inputs();
  inputs.jobs = 1;
  m_source_side = std::async(std::launch::async,
                             [inputs = std::move(inputs), branch_major = m_maintenance->server_major()] {
                               return verify::read_source_side(inputs, branch_major);
                             });
}

// Differences the import already names as skipped are not failures: a database setting the
// target refused, and an extension's own rows the source changed (a configuration table
// carries only the rows its filter selects, as with pg_dump; the others are the ones CREATE
// EXTENSION made on the target, so the branch has the extension's originals).
void ImportRun::set_aside_known_differences(verify::VerifyReport& report) {
  std::erase_if(report.differences, [&](const verify::Difference& difference) {
    if (difference.kind == verify::k_database_setting_kind) {
      return m_refused_settings.contains(difference.object);
    }
    if (difference.kind == "sequence" && difference.branch.empty()) {
      return m_missing_sequences.contains(difference.object);  // named when copying values
    }
    if (const auto versions = verify::extension_version_change(difference)) {
      skip(fmt::format(
          "extension {} version {}: the branch has version {}, the target's default (CREATE "
          "EXTENSION installs it, as pg_restore does); `ALTER EXTENSION {} UPDATE` is how a "
          "source moves to it too",
          difference.object, versions->source, versions->branch, difference.object));
      return true;
    }
    if (difference.kind != "extension rows") {
      return false;
    }
    skip(fmt::format(
        "extension rows {}: the rows its extension made differ on the source ({}; the branch: "
        "{}); like pg_dump, the copy carries only the rows the extension's configuration filter "
        "selects, so the branch has the extension's own: change them on the branch if they matter",
        difference.object, difference.source, difference.branch));
    return true;
  });
}

void ImportRun::verify() {
  // The branch's tables were read back as they were loaded, when the index builder ran.
  std::map<std::string, std::uint64_t> branch_rows;
  std::optional<std::vector<copy::RowDigest>> branch_digests;
  if (m_index_builder) {
    m_index_builder->wait();
    throw_if_stopped();
    const auto rows = m_index_builder->branch_rows();
    for (std::size_t table = 0; table < rows.size(); ++table) {
      if (rows[table]) {
        branch_rows[m_catalog.tables[table].display_name] = *rows[table];
      }
    }
    if (m_settings.verify == VerifyLevel::full) {
      branch_digests = m_index_builder->branch_digests();
    }
  }
  // The schema object by object (large objects' contents too at full), and row counts (known
  // on both sides: nothing is counted again). The source's side was read during the copy.
  auto inputs = verify_inputs();
  inputs.known_source_rows = m_rows_by_table;
  inputs.known_branch_rows = branch_rows;
  inputs.known_source_sequences = m_sequence_values;
  auto report = verify::verify_branch(inputs, m_source_side->get());
  if (branch_digests) {
    // Content: the relay's digests of what the source sent, against the branch read back.
    const auto differences = compare_digests(m_catalog.tables, m_source_digests, *branch_digests);
    report.differences.insert(report.differences.end(), differences.begin(), differences.end());
  } else if (m_settings.verify == VerifyLevel::full) {
    auto differences = compare_with_branch(
        *m_branch, m_catalog.tables, m_source_digests,
        {.split_threshold_bytes = m_settings.split_threshold_bytes, .jobs = m_settings.jobs},
        m_settings.jobs, m_snapshot->connection().parameter_status("server_encoding"),
        m_cancellation, m_failure);
    throw_if_stopped();
    report.differences.insert(report.differences.end(), differences.begin(), differences.end());
  }
  set_aside_known_differences(report);
  m_summary.verification = std::move(report);
  if (!m_summary.verification->is_equal()) {
    throw std::runtime_error(fmt::format(
        "verification found {} difference(s) between the source and the branch",
        m_summary.verification->differences.size()));
  }
}

void ImportRun::finish_failed(const std::string& message, bool is_cancelled) {
  m_summary.outcome = is_cancelled ? ImportOutcome::cancelled : ImportOutcome::failed;
  m_summary.error = pg::redact(message);
  // Stop every session still working (index builds included) and close the snapshot's:
  // nothing may be left running on either server.
  m_cancellation.request(std::string(k_stopped_by_error));
  m_index_builder.reset();
  m_source_side.reset();  // waits for the source-side read, which the request cancelled
  m_copy_sessions_ahead.clear();  // sessions opened for a data phase that did not come
  m_wal_flusher.reset();
  m_snapshot_guard.reset();
  m_snapshot.reset();
  if (!m_maintenance || m_summary.branch.empty() || !m_branch) {
    return;
  }
  try {
    if (m_settings.drop_on_failure) {
      branch::drop_branch(*m_maintenance, m_summary.branch);
      m_summary.is_branch_dropped = true;
      return;
    }
    auto status = branch::read_status(*m_maintenance, m_summary.branch).value_or(branch::BranchStatus{});
    status.status = branch::Status::failed;
    status.finished_at = now_utc_iso();
    status.message = m_summary.error;
    branch::write_status(*m_maintenance, m_summary.branch, status);
  } catch (const std::exception& error) {
    m_events.warning(fmt::format("could not mark branch \"{}\" as failed: {}", m_summary.branch,
                                 pg::redact(error.what())));
  }
}

ImportSummary ImportRun::run() {
  const auto started = Clock::now();
  const Deadline deadline(m_settings.timeout, m_cancellation);
  try {
    bool is_allowed = true;
    phase("checks", [&] { is_allowed = run_checks(); });
    if (!is_allowed) {
      m_summary.outcome = ImportOutcome::checks_failed;
      m_summary.error = "a check failed (see above); fix it, or pass --skip-checks to import anyway";
      return m_summary;
    }
    phase("snapshot", [&] { take_snapshot(); });
    start_schema_dump();
    phase("branch", [&] { create_branch(); });
    read_source_side_ahead();
    phase("schema dump", [&] { dump_schema(); });
    phase("pre-data", [&] {
      plan_copy_and_open_its_sessions();
      restore_pre_data_and_plan_post_data();
    });
    phase("data", [&] { copy_data(); });
    phase("indexes", [&] { finish_indexes(); });
    phase("post-data", [&] { restore_post_data(); });
    phase("foreign keys", [&] { add_foreign_keys(); });
    phase("sequences and large objects", [&] { copy_sequences_and_large_objects(); });
    phase("analyze", [&] { analyze(); });
    phase("database settings", [&] { copy_settings(); });
    if (m_settings.verify != VerifyLevel::none) {
      phase("verify", [&] { verify(); });
    }
    throw_if_stopped();
    auto status = branch::read_status(*m_maintenance, m_summary.branch).value_or(branch::BranchStatus{});
    status.status = branch::Status::complete;
    status.finished_at = now_utc_iso();
    branch::write_status(*m_maintenance, m_summary.branch, status);
    m_summary.outcome = ImportOutcome::complete;
  } catch (const std::exception& error) {
    const bool is_cancelled = m_cancellation.is_requested() && m_cancellation.reason() != k_stopped_by_error;
    finish_failed(is_cancelled ? m_cancellation.reason() : describe_failure(error), is_cancelled);
  }
  m_summary.total_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return m_summary;
}

}  // namespace

ImportSummary run_import(const ImportSettings& settings, ImportEvents& events,
                         progress::ProgressBoard& progress, util::Cancellation& cancellation) {
  ImportRun run(settings, events, progress, cancellation);
  return run.run();
}

}  // namespace pgimport::pipeline
