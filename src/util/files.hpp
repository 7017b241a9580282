#pragma once
// File-system helpers: private files, temporary folders that clean up after themselves.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pgimport::util {

// Writes `content` to `path`, creating it with mode 0600 (for passwords and passfiles).
void write_private_file(const std::filesystem::path& path, std::string_view content);
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix);
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace pgimport::util
