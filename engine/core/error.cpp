#include "engine/core/error.hpp"

#include <algorithm>
#include <tuple>
#include <fmt/format.h>

namespace trappsteg {

std::string to_string(const Diagnostic& d) {
  std::string where = d.where.file.string();
  if (d.where.line > 0) where += fmt::format(":{}:{}", d.where.line, d.where.column);
  if (d.key_path.empty()) return fmt::format("{}: {}", where, d.message);
  return fmt::format("{}: {}: {}", where, d.key_path, d.message);
}

namespace {
std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += to_string(d);
  }
  return text;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void DiagnosticSink::throw_if_any() const {
  if (diagnostics_.empty()) return;
  throw InputError(in_file_order(diagnostics_));
}

std::vector<Diagnostic> in_file_order(std::vector<Diagnostic> diagnostics) {
  // Files keep the order in which they were first reported; within a file, by position.
  std::vector<std::filesystem::path> files;
  for (const auto& d : diagnostics)
    if (std::find(files.begin(), files.end(), d.where.file) == files.end()) files.push_back(d.where.file);
  auto rank = [&](const Diagnostic& d) {
    return std::tuple(std::find(files.begin(), files.end(), d.where.file) - files.begin(), d.where.line, d.where.column);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  // The same problem reached twice (a file named by two scenarios) is shown once.
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
                      return to_string(a) == to_string(b);
                    }), diagnostics.end());
  return diagnostics;
}

std::string nearest_spelling(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  // A third of the word's length is a typo; more than that is a different word.
  std::size_t tolerance = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= tolerance ? best : std::string{};
}

}  // namespace trappsteg
