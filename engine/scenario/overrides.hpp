#pragma once
// Changing any value of a scenario or of the files it uses by its key path, before the
// files are validated — for `run --set`, parameter sweeps and `extends:`.
//
// A key path starts with the file it changes, unless it is a scenario key:
//   scale                                            the scenario's own keys
//   staircase.transitions[from=job_seeker,to=first_job].base
//   districts.districts[key=angered].employment_rate_20_64
//   economy.income_tax_rate      demography.school.completion
//   benefits.income_support.take_up.max
//   policy.families_250.capacity.seats               a policy file, by its key
// A list element is chosen by index ([3]) or by the values of its keys ([key=angered]; a key
// may be dotted, [from=a,to=b,requires.max_age=25]); a selector that matches two elements is
// refused, listing them.

#include "engine/core/error.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace trappsteg {

/// One change: the value (as YAML text) to put at a key path.
struct Override {
  std::string path;
  std::string value;
};

/// Parses "path=value". @throws InputError if there is no '=' or the path is empty.
Override parse_override(const std::string& text);

/// Which file an override changes: "scenario", "districts", "staircase", "economy",
/// "demography", "benefits", or "policy.<key>"; and the path inside that file.
std::pair<std::string, std::string> override_target(const std::string& path);

/// Whether an override changes one of the model files (districts, staircase, economy,
/// demography, benefits), which a scenario shares with its baseline, rather than the
/// scenario or a policy.
bool overrides_model_file(const std::string& path);

/// A value an override put into a file: where it went, in the loaders' key-path form
/// ("districts[3].population"), and the override as given ("districts.districts[key=angered].population=5").
struct AppliedOverride {
  std::string key_path;
  std::string given;
};

/// Applies the overrides whose target is `target` to `root`, recording a diagnostic for a
/// path that does not exist (naming the file and suggesting the nearest key).
/// @returns where each override's value went.
std::vector<AppliedOverride> apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, const std::string& target,
                                             const std::filesystem::path& file, DiagnosticSink& sink);

/// The node at `path` (inside one file, as override_target() splits a key path), or an
/// undefined node if there is none or a selector on the way matches two elements; its
/// Mark() is where the value stands in the file.
YAML::Node find_key_path(const YAML::Node& root, const std::string& path);

/// Problems found in a value an override put there are reported at the override (the value
/// has no line in any file): "--set scale=nan: scale: expected a number".
void locate_at_overrides(DiagnosticSink& sink, const std::vector<AppliedOverride>& applied);

/// Merges `child` onto `parent` for `extends:`: mappings merge key by key, lists and values
/// replace, and a key ending in '+' (e.g. `policies+:`) appends its list to the parent's.
YAML::Node merge_yaml(const YAML::Node& parent, const YAML::Node& child);

/// A deep copy of a node (yaml-cpp nodes are references).
YAML::Node clone_yaml(const YAML::Node& node);

}  // namespace trappsteg
