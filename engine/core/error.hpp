#pragma once
// The one error type of Trappsteg: every problem with user input is reported as a
// Diagnostic naming file, line, column and key path, so a planner can find it.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace trappsteg {

/// Where in an input file something was found; line and column count from 1, 0 = unknown.
struct SourceLocation {
  std::filesystem::path file;
  int line = 0;
  int column = 0;
};

/// One problem with an input, e.g. "negative rate" at hazards.first_job.base.
struct Diagnostic {
  SourceLocation where;
  std::string key_path;  ///< dotted path to the offending key, e.g. "districts[3].population"
  std::string message;
};

/// Formats as "file:line:column: key: message" (the form editors and terminals link).
std::string to_string(const Diagnostic& diagnostic);

/// Base of every error Trappsteg throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Invalid user input: one or more diagnostics, all collected before failing.
class InputError : public Error {
 public:
  /// Takes diagnostics as given; DiagnosticSink and in_file_order() put them in file order.
  explicit InputError(std::vector<Diagnostic> diagnostics);
  /// Every problem found.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Collects diagnostics while loading, so a user sees every problem at once.
class DiagnosticSink {
 public:
  /// Records a problem.
  void add(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }
  /// True if no problem was recorded.
  bool empty() const { return diagnostics_.empty(); }
  /// @throws InputError holding every recorded diagnostic, if there is any.
  void throw_if_any() const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  /// Changes every recorded diagnostic in place (e.g. to point at where a value came from).
  template <class Change>
  void rewrite(Change change) {
    for (auto& d : diagnostics_) change(d);
  }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Diagnostics sorted by file (first-reported first), line and column, without repeats.
std::vector<Diagnostic> in_file_order(std::vector<Diagnostic> diagnostics);

/// The candidate nearest to `word` by edit distance, or "" if none is close enough to be a likely typo.
std::string nearest_spelling(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace trappsteg
