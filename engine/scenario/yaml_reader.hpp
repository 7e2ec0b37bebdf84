#pragma once
// Reading YAML with every problem collected as a Diagnostic: position, key path, and a
// suggestion for a misspelt key. Only the loaders in engine/scenario use this.

#include "engine/core/error.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace trappsteg {

/// Inclusive bounds for a number, with the reason shown when violated.
struct Bounds {
  double min = -1e300;
  double max = 1e300;
  const char* what = "";  ///< e.g. "a rate cannot be negative"
};
inline constexpr Bounds kAnyNumber{};
inline constexpr Bounds kNonNegative{0.0, 1e300, "it cannot be negative"};
inline constexpr Bounds kShare{0.0, 1.0, "it is a share"};
inline constexpr Bounds kPositive{1e-300, 1e300, ""};

/// While alive, collects every default a MapReader on this thread falls back to for an absent
/// key (its key path and the value as text), so a test can hold the loaders' defaults against
/// the ones `trappsteg schema` documents. Not nested.
class DefaultsRecorder {
 public:
  DefaultsRecorder();
  ~DefaultsRecorder();
  DefaultsRecorder(const DefaultsRecorder&) = delete;
  DefaultsRecorder& operator=(const DefaultsRecorder&) = delete;
  const std::vector<std::pair<std::string, std::string>>& used() const { return used_; }
  /// Records a default (called by MapReader).
  static void note(std::string key_path, std::string value);

 private:
  std::vector<std::pair<std::string, std::string>> used_;
};

/// Parses a YAML file; on failure records a diagnostic and returns nullopt.
std::optional<YAML::Node> load_yaml_file(const std::filesystem::path& file, DiagnosticSink& sink);

/// A view of one YAML mapping that remembers which keys were read, so unknown keys can be reported.
class MapReader {
 public:
  /// `key_path` is the dotted path of this mapping ("" for the document root).
  MapReader(YAML::Node node, std::filesystem::path file, std::string key_path, DiagnosticSink& sink);

  /// True if `key` is present (and marks it as known).
  bool has(std::string_view key);
  /// The raw child node (marked as known); undefined node if absent.
  YAML::Node node(std::string_view key);

  // A value out of bounds is reported and comes back clamped into them; one that is not a number
  // is reported and comes back NaN from number() and numbers() (fallback from integer()).
  double number(std::string_view key, double fallback, Bounds bounds = kAnyNumber);
  double required_number(std::string_view key, Bounds bounds = kAnyNumber);
  long long integer(std::string_view key, long long fallback, long long min, long long max);
  long long required_integer(std::string_view key, long long min, long long max);
  bool boolean(std::string_view key, bool fallback);
  std::string string(std::string_view key, std::string fallback);
  std::string required_string(std::string_view key);
  /// A list of numbers; each must respect `bounds`.
  std::vector<double> numbers(std::string_view key, Bounds bounds = kAnyNumber, bool required = true);
  std::vector<std::string> strings(std::string_view key);

  /// A nested mapping; an absent key gives an empty mapping (so defaults apply).
  MapReader map(std::string_view key);
  /// Each element of a sequence of mappings.
  std::vector<MapReader> maps(std::string_view key, bool required = true);

  /// Reports keys that were present but never read, with the nearest known key as a suggestion.
  /// `extra_known` are keys accepted without being read here (e.g. read elsewhere).
  void finish(const std::vector<std::string>& extra_known = {});

  /// Records a problem at `key` (or at this mapping if `key` is empty).
  void error(std::string_view key, const std::string& message);
  /// Records a problem at an arbitrary node under this mapping.
  void error_at(const YAML::Node& at, const std::string& key_path, const std::string& message);

  /// The dotted key path of `key` under this mapping.
  std::string path_of(std::string_view key) const;
  /// The source location of `key` (or of this mapping if absent).
  SourceLocation location_of(std::string_view key) const;
  const std::filesystem::path& file() const { return file_; }
  const std::string& key_path() const { return key_path_; }
  const YAML::Node& yaml() const { return node_; }
  DiagnosticSink& sink() { return *sink_; }
  bool valid() const { return node_.IsMap(); }

 private:
  double to_number(const YAML::Node& value, std::string_view key, Bounds bounds);

  YAML::Node node_;
  std::filesystem::path file_;
  std::string key_path_;
  DiagnosticSink* sink_;
  std::vector<std::string> known_;
  std::vector<std::string> declared_;  // every key a reader asked for, for suggestions
};

/// Location of a node in its file, 1-based.
SourceLocation location_of(const YAML::Node& node, const std::filesystem::path& file);

}  // namespace trappsteg
