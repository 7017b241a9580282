#pragma once
// A fixed set of workers taking items off one shared list, each the next one as soon as it
// is done with its last: for work whose items take unequal times (catalog queries, tables).
#include <cstddef>
#include <functional>

namespace pgimport::util {

// Calls work(worker, item) once for every item in [0, items), from `workers` threads (the
// calling thread is worker 0; no more workers than items). Each worker's calls come one
// after another, so per-worker state (a session) can be indexed by `worker` unguarded.
// The first exception stops the taking of further items and is rethrown once every worker
// has ended.
void share_work(std::size_t workers, std::size_t items,
                const std::function<void(std::size_t worker, std::size_t item)>& work);

}  // namespace pgimport::util
