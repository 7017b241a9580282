#include "pipeline/sort_memory.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgimport::pipeline {

std::uint64_t index_sort_memory_bytes(std::uint64_t shared_buffers_bytes,
                                      std::uint64_t maintenance_work_mem_bytes) {
  constexpr std::uint64_t k_mb = 1024 * 1024;
  const auto wanted = std::clamp<std::uint64_t>(shared_buffers_bytes, 256 * k_mb, 1024 * k_mb);
  return std::max(wanted, maintenance_work_mem_bytes);
}

std::string index_session_settings(std::uint64_t sort_memory_bytes) {
  return fmt::format("SET maintenance_work_mem = '{}kB'; SET synchronous_commit = off",
                     sort_memory_bytes / 1024);
}

std::uint64_t sort_bytes_wanted(std::uint64_t source_index_bytes) {
  if (source_index_bytes == 0) {
    return 0;
  }
  constexpr std::uint64_t k_margin = 64ull * 1024 * 1024;
  return source_index_bytes * 3 + k_margin;
}

SortMemoryBudget::SortMemoryBudget(std::uint64_t per_session_bytes, int sessions)
    : m_per_session(per_session_bytes),
      m_sessions(static_cast<std::size_t>(std::max(1, sessions))),
      m_total(per_session_bytes * m_sessions) {}

std::uint64_t SortMemoryBudget::grant(std::uint64_t wanted_bytes, std::size_t builds_waiting) {
  const auto reserved = m_in_use + m_per_session * std::min(builds_waiting, m_sessions - 1);
  const auto free = m_total > reserved ? m_total - reserved : 0;
  const auto granted = std::max(m_per_session, std::min(wanted_bytes, free));
  m_in_use += granted;
  return granted;
}

void SortMemoryBudget::release(std::uint64_t granted_bytes) {
  m_in_use -= std::min(m_in_use, granted_bytes);
}

}  // namespace pgimport::pipeline
