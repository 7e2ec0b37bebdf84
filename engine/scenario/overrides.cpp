#include "engine/scenario/overrides.hpp"

#include "engine/scenario/model.hpp"

#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace trappsteg {
namespace {

/// One step of a key path: a key, optionally followed by a list selector.
struct Step {
  std::string key;
  bool has_selector = false;
  long index = -1;                                       // [3]
  std::vector<std::pair<std::string, std::string>> match;  // [key=value,...]
};

std::vector<Step> parse_path(const std::string& path, std::string& error) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') step.key += path[i++];
    if (i < path.size() && path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (close == std::string::npos) {
        error = "a '[' without its ']'";
        return {};
      }
      std::string inside = path.substr(i + 1, close - i - 1);
      step.has_selector = true;
      if (!inside.empty() && std::all_of(inside.begin(), inside.end(), ::isdigit)) {
        auto [end, failed] = std::from_chars(inside.data(), inside.data() + inside.size(), step.index);
        if (failed != std::errc() || end != inside.data() + inside.size()) {
          error = fmt::format("'[{}]' is not a list index", inside);
          return {};
        }
      } else {
        std::size_t start = 0;
        while (start <= inside.size()) {
          std::size_t comma = inside.find(',', start);
          std::string term = inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          std::size_t eq = term.find('=');
          if (eq == std::string::npos) {
            error = fmt::format("'[{}]': select a list element by index, e.g. [2], or by key=value", inside);
            return {};
          }
          step.match.emplace_back(term.substr(0, eq), term.substr(eq + 1));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      i = close + 1;
    }
    if (i < path.size() && path[i] == '.') ++i;
    if (step.key.empty() && !step.has_selector) {
      error = "an empty key";
      return {};
    }
    steps.push_back(step);
  }
  return steps;
}

std::vector<std::string> keys_of(const YAML::Node& map) {
  std::vector<std::string> keys;
  if (map.IsMap())
    for (const auto& entry : map) keys.push_back(entry.first.Scalar());
  return keys;
}

/// True if every key=value of a selector holds for `element`; a key may be dotted (requires.max_age).
bool selector_matches(const YAML::Node& element, const std::vector<std::pair<std::string, std::string>>& match) {
  if (!element.IsMap()) return false;
  for (const auto& [key, value] : match) {
    YAML::Node at;
    at.reset(element);
    std::size_t start = 0;
    while (at.IsDefined() && start <= key.size()) {
      std::size_t dot = key.find('.', start);
      const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!at.IsMap() || !at[part]) return false;
      YAML::Node next = at[part];
      at.reset(next);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!at.IsScalar() || at.Scalar() != value) return false;
  }
  return true;
}

/// A list element in the selectors' own terms, for telling matches apart: its scalar keys as
/// key=value (nested maps dotted, short lists inline), long texts such as a source left out.
std::string element_summary(const YAML::Node& element, const std::string& prefix = "") {
  std::vector<std::string> parts;
  if (!element.IsMap()) return element.IsScalar() ? element.Scalar() : "";
  for (const auto& entry : element) {
    const std::string key = prefix + entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (value.IsScalar() && value.Scalar().size() <= 24) {
      parts.push_back(key + "=" + value.Scalar());
    } else if (value.IsMap()) {
      std::string inner = element_summary(value, key + ".");
      if (!inner.empty()) parts.push_back(inner);
    } else if (value.IsSequence() && value.size() <= 4) {
      std::vector<std::string> items;
      for (const auto& item : value)
        if (item.IsScalar()) items.push_back(item.Scalar());
      if (items.size() == value.size()) parts.push_back(fmt::format("{}=[{}]", key, fmt::join(items, ", ")));
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

Override parse_override(const std::string& text) {
  std::size_t eq = text.find('=');
  // The first '=' outside a selector separates path and value.
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    else if (text[i] == ']' && depth > 0) --depth;
    else if (text[i] == '=' && depth == 0) {
      eq = i;
      break;
    }
  }
  if (eq == std::string::npos || eq == 0)
    throw InputError({{{"--set", 0, 0}, text, "expected path=value, e.g. economy.income_tax_rate=0.3"}});
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::pair<std::string, std::string> override_target(const std::string& path) {
  // scenario.<key> names the scenario's own key where a model file has one of the same name
  // (scenario.demography.moving_in: the scenario's switch, not demography.yaml).
  if (path.rfind("scenario.", 0) == 0) return {"scenario", path.substr(9)};
  for (const char* file : {"districts", "staircase", "economy", "demography", "benefits"}) {
    std::string prefix = std::string(file) + ".";
    if (path.rfind(prefix, 0) == 0) return {file, path.substr(prefix.size())};
  }
  if (path.rfind("policy.", 0) == 0) {
    std::size_t dot = path.find('.', 7);
    if (dot != std::string::npos) return {"policy." + path.substr(7, dot - 7), path.substr(dot + 1)};
  }
  return {"scenario", path};
}

bool overrides_model_file(const std::string& path) {
  const std::string target = override_target(path).first;
  return std::find(kModelFileKeys.begin(), kModelFileKeys.end(), target) != kModelFileKeys.end();
}

std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, const std::string& target,
                                             const std::filesystem::path& file, DiagnosticSink& sink) {
  std::vector<AppliedOverride> applied;
  for (const Override& o : overrides) {
    auto [file_kind, path] = override_target(o.path);
    if (file_kind != target) continue;
    std::string error;
    std::vector<Step> steps = parse_path(path, error);
    // The override has no line in any file: it is named where it was given.
    auto report = [&](const std::string& message) {
      sink.add({{"--set " + o.path + "=" + o.value, 0, 0}, o.path, message});
    };
    if (!error.empty()) {
      report("cannot read the key path: " + error);
      continue;
    }
    YAML::Node value;
    try {
      value = YAML::Load(o.value);
    } catch (const YAML::Exception& e) {
      report(fmt::format("the value '{}' is not valid YAML: {}", o.value, e.msg));
      continue;
    }
    YAML::Node node = root;
    std::string walked, canonical;
    bool ok = true;
    for (std::size_t s = 0; s < steps.size() && ok; ++s) {
      const Step& step = steps[s];
      const bool last = s + 1 == steps.size();
      if (!step.key.empty()) {
        if (!node.IsMap()) {
          report(fmt::format("'{}' is not a mapping, so it has no key '{}'", walked, step.key));
          ok = false;
          break;
        }
        if (!node[step.key] && !(last && !step.has_selector)) {
          std::string suggestion = nearest_spelling(step.key, keys_of(node));
          report(fmt::format("no key '{}' under '{}' in {}{}", step.key, walked.empty() ? "the top" : walked, file.filename().string(),
                             suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
          ok = false;
          break;
        }
        canonical += (canonical.empty() ? "" : ".") + step.key;
        if (last && !step.has_selector) {
          node[step.key] = value;
          applied.push_back({canonical, o.path + "=" + o.value});
          break;
        }
        node.reset(node[step.key]);
        walked += (walked.empty() ? "" : ".") + step.key;
      }
      if (step.has_selector) {
        if (!node.IsSequence()) {
          report(fmt::format("'{}' is not a list, so it cannot be indexed", walked));
          ok = false;
          break;
        }
        YAML::Node found;
        bool any = false;
        std::size_t at = 0;
        if (step.index >= 0) {
          if (static_cast<std::size_t>(step.index) < node.size()) {
            at = static_cast<std::size_t>(step.index);
            found.reset(node[at]);
            any = true;
          }
        } else {
          std::vector<std::size_t> matches;
          for (std::size_t k = 0; k < node.size(); ++k)
            if (selector_matches(node[k], step.match)) matches.push_back(k);
          if (matches.size() > 1) {
            // Each match with its line, so that the one meant can be picked out.
            std::vector<std::string> listed;
            for (std::size_t k : matches) {
              const YAML::Mark mark = node[k].Mark();
              listed.push_back(fmt::format("[{}]{} ({})", k, mark.line >= 0 ? fmt::format(" at {}:{}", file.filename().string(), mark.line + 1) : "",
                                           element_summary(node[k])));
            }
            report(fmt::format("the selector matches {} elements of '{}': {}; select one by index, e.g. [{}], or add a key "
                               "that tells them apart, e.g. [from=a,to=b,requires.max_age=25]",
                               matches.size(), walked, fmt::join(listed, "; "), matches.front()));
            ok = false;
            break;
          }
          if (matches.size() == 1) {
            at = matches.front();
            found.reset(node[at]);
            any = true;
          }
        }
        if (!any) {
          report(fmt::format("no element of '{}' matches the selector", walked));
          ok = false;
          break;
        }
        walked += "[...]";
        canonical += fmt::format("[{}]", at);
        if (last) {
          found = value;
          applied.push_back({canonical, o.path + "=" + o.value});
          break;
        }
        node.reset(found);
      }
    }
  }
  return applied;
}

YAML::Node find_key_path(const YAML::Node& root, const std::string& path) {
  std::string error;
  std::vector<Step> steps = parse_path(path, error);
  if (!error.empty() || steps.empty()) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node node;
  node.reset(root);
  for (const Step& step : steps) {
    if (!step.key.empty()) {
      if (!node.IsMap() || !node[step.key]) return YAML::Node(YAML::NodeType::Undefined);
      node.reset(node[step.key]);
    }
    if (step.has_selector) {
      if (!node.IsSequence()) return YAML::Node(YAML::NodeType::Undefined);
      // A selector that matches two elements names neither (as apply_overrides refuses it).
      std::size_t found = 0, at = 0;
      for (std::size_t k = 0; k < node.size(); ++k)
        if (step.index >= 0 ? static_cast<long>(k) == step.index : selector_matches(node[k], step.match)) ++found, at = k;
      if (found != 1) return YAML::Node(YAML::NodeType::Undefined);
      YAML::Node element = node[at];
      node.reset(element);
    }
  }
  return node;
}

void locate_at_overrides(DiagnosticSink& sink, const std::vector<AppliedOverride>& applied) {
  if (applied.empty()) return;
  sink.rewrite([&](Diagnostic& d) {
    for (const auto& a : applied) {
      const std::string& k = d.key_path;
      bool inside = k == a.key_path || (k.size() > a.key_path.size() && k.compare(0, a.key_path.size(), a.key_path) == 0 &&
                                        (k[a.key_path.size()] == '.' || k[a.key_path.size()] == '['));
      if (!inside) continue;
      d.where = {"--set " + a.given, 0, 0};
      return;
    }
  });
}

YAML::Node clone_yaml(const YAML::Node& node) { return YAML::Clone(node); }

YAML::Node merge_yaml(const YAML::Node& parent, const YAML::Node& child) {
  if (!parent.IsMap() || !child.IsMap()) return child;
  // Built entry by entry from the nodes of the file that set them, not copies: yaml-cpp's Clone
  // and merged[key] = ... make nodes without a position, and an error in a key the child sets
  // must point at the child's line. Both trees are this load's own, so sharing their nodes is safe.
  auto find = [](const YAML::Node& map, const std::string& key) {
    for (const auto& entry : map)
      if (entry.first.IsScalar() && entry.first.Scalar() == key) return std::optional<std::pair<YAML::Node, YAML::Node>>({entry.first, entry.second});
    return std::optional<std::pair<YAML::Node, YAML::Node>>();
  };
  // `key+: [...]` appends to the list `key` (the parent's, or the child's own if it sets both).
  auto append = [](YAML::Node list, const YAML::Node& more) {
    if (!list || !list.IsSequence()) list = YAML::Node(YAML::NodeType::Sequence);
    if (more.IsSequence())
      for (const auto& item : more) list.push_back(item);
    else
      list.push_back(more);
    return list;
  };
  YAML::Node merged(YAML::NodeType::Map);
  for (const auto& entry : parent) {
    const std::string key = entry.first.Scalar();
    auto own = find(child, key);
    auto plus = find(child, key + "+");
    YAML::Node value = !own ? entry.second
                       : entry.second.IsMap() && own->second.IsMap() ? merge_yaml(entry.second, own->second)
                                                                      : own->second;
    if (plus) value = append(value, plus->second);
    merged.force_insert(own ? own->first : entry.first, value);
  }
  for (const auto& entry : child) {
    const std::string key = entry.first.Scalar();
    const bool adds = key.size() > 1 && key.back() == '+';
    const std::string base = adds ? key.substr(0, key.size() - 1) : key;
    if (find(parent, base)) continue;
    if (adds) {
      if (find(child, base)) continue;  // appended to the child's own list below
      YAML::Node name = entry.first;
      name = base;  // the key without its '+', where the child wrote it
      merged.force_insert(name, append(YAML::Node(), entry.second));
      continue;
    }
    YAML::Node value = entry.second;
    if (auto plus = find(child, key + "+")) value = append(value, plus->second);
    merged.force_insert(entry.first, value);
  }
  return merged;
}

}  // namespace trappsteg
