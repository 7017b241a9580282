#include "pipeline/parallel_sql.hpp"

#include <atomic>
#include <thread>

#include "pg/connection.hpp"

namespace pgimport::pipeline {

void run_in_parallel(const pg::ConnInfo& branch, const std::string& preamble,
                     const std::vector<std::string>& statements, int jobs,
                     util::Cancellation& cancellation, RunFailure& failure) {
  std::atomic<std::size_t> next{0};
  const auto sessions = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)),
                                              statements.size());
  std::vector<std::jthread> workers;
  for (std::size_t worker = 0; worker < sessions; ++worker) {
    workers.emplace_back([&] {
      try {
        auto connection = pg::Connection::open(branch, pg::Endpoint::target);
        const auto guard = cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
        if (!preamble.empty()) {
          connection.exec(preamble);
        }
        for (auto index = next++; index < statements.size() && !cancellation.is_requested();
             index = next++) {
          connection.exec(statements[index]);
        }
      } catch (...) {
        failure.fail(std::current_exception(), cancellation);
      }
    });
  }
}

}  // namespace pgimport::pipeline
