#pragma once
// The page's files (web/), compiled in at build time: the binary serves them without reading
// anything from disk.
#include <string_view>
#include <vector>

namespace pgimport::http {

struct WebAsset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view content;
};

const std::vector<WebAsset>& web_assets();

}  // namespace pgimport::http
