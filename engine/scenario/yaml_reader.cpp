#include "engine/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace trappsteg {

SourceLocation location_of(const YAML::Node& node, const std::filesystem::path& file) {
  if (!node.IsDefined()) return {file, 0, 0};
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return {file, 0, 0};
  // yaml-cpp counts from 0; people count from 1.
  return {file, mark.line + 1, mark.column + 1};
}

std::optional<YAML::Node> load_yaml_file(const std::filesystem::path& file, DiagnosticSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    sink.add({{file, 0, 0}, "", "file not found"});
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::LoadFile(file.string());
    if (!root.IsMap()) {
      sink.add({location_of(root, file), "", "expected a mapping of keys at the top of the file"});
      return std::nullopt;
    }
    return root;
  } catch (const YAML::ParserException& e) {
    sink.add({{file, e.mark.line + 1, e.mark.column + 1}, "", "malformed YAML: " + e.msg});
  } catch (const YAML::Exception& e) {
    sink.add({{file, 0, 0}, "", std::string("cannot read YAML: ") + e.what()});
  }
  return std::nullopt;
}

MapReader::MapReader(YAML::Node node, std::filesystem::path file, std::string key_path, DiagnosticSink& sink)
    : node_(std::move(node)), file_(std::move(file)), key_path_(std::move(key_path)), sink_(&sink) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    sink_->add({trappsteg::location_of(node_, file_), key_path_, "expected a mapping (key: value lines)"});
    return;
  }
  // yaml-cpp keeps the first of two equal keys silently; a planner editing a file must be told.
  if (node_.IsMap()) {
    std::vector<std::pair<std::string, int>> seen;
    for (const auto& entry : node_) {
      const std::string& key = entry.first.Scalar();
      SourceLocation where = trappsteg::location_of(entry.first, file_);
      auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
      if (first != seen.end())
        sink_->add({where, path_of(key), fmt::format("key '{}' appears twice (first on line {}); only one is used", key, first->second)});
      else
        seen.emplace_back(key, where.line);
    }
  }
}

std::string MapReader::path_of(std::string_view key) const {
  if (key.empty()) return key_path_;
  return key_path_.empty() ? std::string(key) : fmt::format("{}.{}", key_path_, key);
}

SourceLocation MapReader::location_of(std::string_view key) const {
  if (!key.empty() && node_.IsMap()) {
    // Point at the key itself: its value may be missing or on another line.
    for (const auto& entry : node_)
      if (entry.first.Scalar() == key) return trappsteg::location_of(entry.first, file_);
  }
  return trappsteg::location_of(node_, file_);
}

void MapReader::error(std::string_view key, const std::string& message) {
  sink_->add({location_of(key), path_of(key), message});
}

void MapReader::error_at(const YAML::Node& at, const std::string& key_path, const std::string& message) {
  sink_->add({trappsteg::location_of(at, file_), key_path, message});
}

// Lookups go through a const node: yaml-cpp's non-const operator[] adds an entry for a missing
// key, which invalidates iterators over the mapping (a loader may read keys while walking them;
// the fuzzer found a read after free that way, through a key that is not a scalar).
bool MapReader::has(std::string_view key) {
  declared_.emplace_back(key);
  if (!node_.IsMap()) return false;
  const YAML::Node& view = node_;
  if (!view[std::string(key)]) return false;
  known_.emplace_back(key);
  return true;
}

YAML::Node MapReader::node(std::string_view key) {
  if (!has(key)) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& view = node_;
  return view[std::string(key)];
}

double MapReader::to_number(const YAML::Node& value, std::string_view key, Bounds bounds) {
  double x = 0;
  if (!value.IsScalar() || !YAML::convert<double>::decode(value, x) || !std::isfinite(x)) {
    error_at(value, path_of(key), fmt::format("expected a number, got '{}'", value.IsScalar() ? value.Scalar() : "a list or mapping"));
    return std::nan("");
  }
  if (x < bounds.min || x > bounds.max) {
    bool positive = bounds.min > 0 && bounds.min <= 1e-300;  // kPositive: strictly above zero
    std::string range = positive               ? std::string("positive (> 0)")
                        : bounds.max >= 1e300 ? fmt::format("≥ {}", bounds.min)
                                              : fmt::format("within [{}, {}]", bounds.min, bounds.max);
    error_at(value, path_of(key), fmt::format("{} is out of range: must be {}{}{}", x, range,
                                             *bounds.what ? " — " : "", bounds.what));
    // Reported; the loader goes on to find further errors with a value its checks and casts can
    // take (1e300 given as an age would not fit an int).
    return std::clamp(x, bounds.min, bounds.max);
  }
  return x;
}

namespace {
thread_local DefaultsRecorder* active_recorder = nullptr;
}  // namespace

DefaultsRecorder::DefaultsRecorder() { active_recorder = this; }
DefaultsRecorder::~DefaultsRecorder() { active_recorder = nullptr; }
void DefaultsRecorder::note(std::string key_path, std::string value) {
  if (active_recorder) active_recorder->used_.emplace_back(std::move(key_path), std::move(value));
}

double MapReader::number(std::string_view key, double fallback, Bounds bounds) {
  YAML::Node value = node(key);
  if (!value.IsDefined()) {
    DefaultsRecorder::note(path_of(key), fmt::format("{}", fallback));
    return fallback;
  }
  return to_number(value, key, bounds);
}

double MapReader::required_number(std::string_view key, Bounds bounds) {
  YAML::Node value = node(key);
  if (!value.IsDefined()) {
    error("", fmt::format("missing required key '{}'", key));
    return std::nan("");
  }
  return to_number(value, key, bounds);
}

long long MapReader::integer(std::string_view key, long long fallback, long long min, long long max) {
  YAML::Node value = node(key);
  if (!value.IsDefined()) {
    DefaultsRecorder::note(path_of(key), fmt::format("{}", fallback));
    return fallback;
  }
  long long x = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, x)) {
    error_at(value, path_of(key), fmt::format("expected a whole number, got '{}'", value.IsScalar() ? value.Scalar() : "a list or mapping"));
    return fallback;
  }
  if (x < min || x > max) {
    error_at(value, path_of(key), fmt::format("{} is out of range: must be within [{}, {}]", x, min, max));
    return std::clamp(x, min, max);  // as to_number: reported, and a value the loader can go on with
  }
  return x;
}

long long MapReader::required_integer(std::string_view key, long long min, long long max) {
  if (!node_.IsMap() || !static_cast<const YAML::Node&>(node_)[std::string(key)]) {
    declared_.emplace_back(key);
    error("", fmt::format("missing required key '{}'", key));
    return min;
  }
  return integer(key, min, min, max);
}

bool MapReader::boolean(std::string_view key, bool fallback) {
  YAML::Node value = node(key);
  if (!value.IsDefined()) {
    DefaultsRecorder::note(path_of(key), fallback ? "true" : "false");
    return fallback;
  }
  bool x = fallback;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, x))
    error_at(value, path_of(key), fmt::format("expected true or false, got '{}'", value.IsScalar() ? value.Scalar() : "a list or mapping"));
  return x;
}

std::string MapReader::string(std::string_view key, std::string fallback) {
  YAML::Node value = node(key);
  if (!value.IsDefined()) return fallback;
  if (!value.IsScalar()) {
    error_at(value, path_of(key), "expected a text value");
    return fallback;
  }
  return value.Scalar();
}

std::string MapReader::required_string(std::string_view key) {
  if (!node_.IsMap() || !static_cast<const YAML::Node&>(node_)[std::string(key)]) {
    declared_.emplace_back(key);
    error("", fmt::format("missing required key '{}'", key));
    return {};
  }
  return string(key, {});
}

std::vector<double> MapReader::numbers(std::string_view key, Bounds bounds, bool required) {
  YAML::Node value = node(key);
  std::vector<double> result;
  if (!value.IsDefined()) {
    if (required) error("", fmt::format("missing required key '{}'", key));
    return result;
  }
  if (!value.IsSequence()) {
    error_at(value, path_of(key), "expected a list of numbers, e.g. [0.1, 0.2]");
    return result;
  }
  for (std::size_t i = 0; i < value.size(); ++i)
    result.push_back(to_number(value[i], fmt::format("{}[{}]", key, i), bounds));
  return result;
}

std::vector<std::string> MapReader::strings(std::string_view key) {
  YAML::Node value = node(key);
  std::vector<std::string> result;
  if (!value.IsDefined()) return result;
  if (!value.IsSequence()) {
    error_at(value, path_of(key), "expected a list, e.g. [a, b]");
    return result;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].IsScalar()) error_at(value[i], fmt::format("{}[{}]", path_of(key), i), "expected a text value");
    else result.push_back(value[i].Scalar());
  }
  return result;
}

MapReader MapReader::map(std::string_view key) {
  YAML::Node value = node(key);
  return MapReader(value.IsDefined() ? value : YAML::Node(YAML::NodeType::Undefined), file_, path_of(key), *sink_);
}

std::vector<MapReader> MapReader::maps(std::string_view key, bool required) {
  YAML::Node value = node(key);
  std::vector<MapReader> result;
  if (!value.IsDefined()) {
    if (required) error("", fmt::format("missing required key '{}'", key));
    return result;
  }
  if (!value.IsSequence()) {
    error_at(value, path_of(key), "expected a list of entries (lines starting with '- ')");
    return result;
  }
  for (std::size_t i = 0; i < value.size(); ++i)
    result.emplace_back(value[i], file_, fmt::format("{}[{}]", path_of(key), i), *sink_);
  return result;
}

void MapReader::finish(const std::vector<std::string>& extra_known) {
  if (!node_.IsMap()) return;
  std::vector<std::string> candidates = declared_;
  candidates.insert(candidates.end(), extra_known.begin(), extra_known.end());
  for (const auto& entry : node_) {
    const std::string& key = entry.first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    if (std::find(extra_known.begin(), extra_known.end(), key) != extra_known.end()) continue;
    std::string suggestion = nearest_spelling(key, candidates);
    std::string message = suggestion.empty() ? fmt::format("unknown key '{}'", key)
                                             : fmt::format("unknown key '{}'; did you mean '{}'?", key, suggestion);
    sink_->add({trappsteg::location_of(entry.first, file_), path_of(key), message});
  }
}

}  // namespace trappsteg
