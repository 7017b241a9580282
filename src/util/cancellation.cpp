#include "util/cancellation.hpp"

namespace pgimport::util {

Cancellation::Guard::~Guard() {
  if (m_owner != nullptr) {
    const std::lock_guard lock(m_owner->m_mutex);
    m_owner->m_callbacks.erase(m_id);
  }
}

bool Cancellation::request(std::string reason) {
  const std::lock_guard lock(m_mutex);
  if (m_is_requested.exchange(true)) {
    return false;
  }
  m_reason = std::move(reason);
  for (auto& [id, interrupt] : m_callbacks) {
    interrupt();
  }
  return true;
}

std::string Cancellation::reason() const {
  const std::lock_guard lock(m_mutex);
  return m_reason;
}

Cancellation::Guard Cancellation::on_cancel(std::function<void()> interrupt) {
  const std::lock_guard lock(m_mutex);
  if (m_is_requested) {
    interrupt();
  }
  const auto id = m_next_id++;
  m_callbacks.emplace(id, std::move(interrupt));
  return Guard(this, id);
}

}  // namespace pgimport::util
