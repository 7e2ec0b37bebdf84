// The documented schema (engine/scenario/schema.cpp) against the files Trappsteg ships and
// against the loaders: every key that occurs in a shipped YAML file is documented, no key is
// documented twice, every entry says what it is, the text for one kind of file holds only
// that kind's keys, and "required" agrees with the loaders (removing a key documented as
// required makes loading fail; removing any other key does not).
//
// The files are walked with yaml-cpp, independently of the loaders; key paths are written in
// the schema's form: list entries as `[]`, keys a file chooses itself (stage, district and
// sector keys) as `<stage>`, `<district>`, `<sector>`.

#include "engine/core/error.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/scenario/calibration_spec.hpp"
#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot{TRAPPSTEG_SOURCE_DIR};

/// Mappings whose keys the file chooses: the mapping's key path and the placeholder the schema uses.
struct FreeFormKeys {
  std::string_view file_kind, parent, placeholder;
};
constexpr FreeFormKeys kFreeFormKeys[] = {
    {"staircase", "stages", "<stage>"},
    {"staircase", "initial.employed", "<stage>"},
    {"staircase", "initial.not_employed.born_in_sweden", "<stage>"},
    {"staircase", "initial.not_employed.foreign_born", "<stage>"},
    {"staircase", "initial.not_employed.newcomer", "<stage>"},
    {"policy", "capacity.districts", "<district>"},
    {"policy", "placements.sectors", "<sector>"},
    {"policy", "adds_to_staircase.stages", "<stage>"},
    {"policy", "placements.employers[].slots", "<district>"},
    {"sweep", "list[]", "<path>"},
    {"benefits", "income_support.housing.district_index", "<district>"},
    {"calibration", "objective.weights", "<target>"},
    {"districts", "districts[].moves_to", "<district>"},
    {"demography", "moving_in.stages.under_25", "<stage>"},
    {"demography", "moving_in.stages.from_25", "<stage>"},
};

/// One step from a node to its child: a mapping key or a list index.
using Step = std::variant<std::string, std::size_t>;

/// One key found in a file: its key path in the schema's form, and how to reach it.
struct KeyUse {
  std::string key_path;
  std::vector<Step> steps;
  int line = 0;
};

std::string child_path(std::string_view file_kind, const std::string& parent, const std::string& key) {
  for (const auto& free : kFreeFormKeys)
    if (free.file_kind == file_kind && free.parent == parent) return parent + "." + std::string(free.placeholder);
  return parent.empty() ? key : parent + "." + key;
}

void walk(const YAML::Node& node, std::string_view file_kind, const std::string& path, std::vector<Step>& steps,
          std::vector<KeyUse>& found) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      const std::string key_path = child_path(file_kind, path, key);
      steps.emplace_back(key);
      found.push_back({key_path, steps, entry.first.Mark().line + 1});
      walk(entry.second, file_kind, key_path, steps, found);
      steps.pop_back();
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      steps.emplace_back(i);
      walk(node[i], file_kind, path + "[]", steps, found);
      steps.pop_back();
    }
  }
}

/// Every key in a YAML document, in the schema's key-path form.
std::vector<KeyUse> keys_of(const YAML::Node& root, std::string_view file_kind) {
  std::vector<KeyUse> found;
  std::vector<Step> steps;
  walk(root, file_kind, "", steps, found);
  return found;
}

const SchemaEntry* documented(std::string_view file_kind, std::string_view key_path) {
  for (const SchemaEntry& entry : schema())
    if (entry.file_kind == file_kind && entry.key_path == key_path) return &entry;
  return nullptr;
}

/// "file:line: key.path" for every key of the document the schema does not have.
std::vector<std::string> undocumented_keys(const YAML::Node& root, std::string_view file_kind, const std::string& name) {
  std::vector<std::string> missing;
  for (const KeyUse& use : keys_of(root, file_kind))
    if (!documented(file_kind, use.key_path))
      missing.push_back(name + ":" + std::to_string(use.line) + ": " + use.key_path + " (" + std::string(file_kind) + ")");
  return missing;
}

/// The kind of a shipped file by where it lies: scenarios/policies/ holds policies,
/// scenarios/ scenarios, and the model and test-data folders name files after their kind.
std::string kind_by_place(const fs::path& file) {
  const std::string relative = file.lexically_relative(kRoot).generic_string();
  if (relative.starts_with("scenarios/policies/")) return "policy";
  if (relative.starts_with("scenarios/sweeps/")) return "sweep";
  if (relative.starts_with("scenarios/sensitivity/")) return "sensitivity";
  if (relative.starts_with("scenarios/uncertainty/")) return "uncertainty";
  if (relative.starts_with("scenarios/calibrations/")) return file.stem().string().ends_with("targets") ? "targets" : "calibration";
  if (relative.starts_with("scenarios/")) return "scenario";
  return file.stem().string();
}

/// The kind by the top-level keys, as `trappsteg validate` judges it.
std::string kind_by_keys(const YAML::Node& root) {
  if (root["model"] || root["extends"]) return "scenario";
  if (root["base"] && root["parameters"]) return "sweep";
  if (root["scenario"] && root["inputs"]) return "sensitivity";
  if (root["inputs"]) return "uncertainty";
  if (root["scenario"] && root["parameters"]) return "calibration";
  if (root["targets"]) return "targets";
  if (root["districts"]) return "districts";
  if (root["stages"]) return "staircase";
  if (root["income_tax_rate"]) return "economy";
  if (root["income_support"]) return "benefits";
  if (root["mortality_per_year"]) return "demography";
  if (root["capacity"]) return "policy";
  return "unknown";
}

/// Every YAML file the repository ships: scenarios, policies, models and test data.
std::vector<fs::path> shipped_files() {
  std::vector<fs::path> files;
  auto add_folder = [&](const fs::path& folder) {
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  };
  add_folder(kRoot / "scenarios");
  add_folder(kRoot / "scenarios" / "policies");
  add_folder(kRoot / "scenarios" / "sweeps");
  add_folder(kRoot / "scenarios" / "calibrations");
  add_folder(kRoot / "scenarios" / "sensitivity");
  add_folder(kRoot / "scenarios" / "uncertainty");
  for (const auto& city : fs::directory_iterator(kRoot / "models"))
    if (city.is_directory()) add_folder(city.path());
  add_folder(kRoot / "tests" / "data" / "markov");
  std::sort(files.begin(), files.end());
  return files;
}

std::string relative_name(const fs::path& file) { return file.lexically_relative(kRoot).generic_string(); }

/// The key (first word) of every table row in schema_text() output; lines that continue a
/// wrapped row start with spaces.
std::vector<std::string> text_row_keys(const std::string& text) {
  std::vector<std::string> keys;
  std::istringstream lines(text);
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      in_table = false;
      continue;
    }
    if (line.starts_with("KEY ")) {
      in_table = true;
      continue;
    }
    if (in_table && line.front() != ' ') keys.push_back(line.substr(0, line.find(' ')));  // not a wrapped continuation
  }
  return keys;
}

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device entropy;
    path_ = fs::temp_directory_path() /
            ("trappsteg_test_schema_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "_" +
             std::to_string(entropy()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Removes the key at the end of `steps` (walked from `node`).
bool remove_key(YAML::Node node, const std::vector<Step>& steps, std::size_t at = 0) {
  if (at + 1 == steps.size()) return node.remove(std::get<std::string>(steps[at]));
  if (const auto* key = std::get_if<std::string>(&steps[at])) return remove_key(node[*key], steps, at + 1);
  return remove_key(node[std::get<std::size_t>(steps[at])], steps, at + 1);
}

/// Makes the paths a scenario names absolute, so a copy elsewhere still finds its files.
void absolutise_scenario_paths(YAML::Node root, const fs::path& file) {
  auto fix = [&](YAML::Node node) {
    if (node && node.IsScalar()) node = (file.parent_path() / node.Scalar()).lexically_normal().string();
  };
  if (root["model"] && root["model"].IsMap())
    for (const char* key : kModelFileKeys) fix(root["model"][key]);
  for (const char* key : {"policies", "policies+"})
    if (root[key] && root[key].IsSequence())
      for (std::size_t i = 0; i < root[key].size(); ++i) fix(root[key][i]);
  fix(root["baseline"]);
  fix(root["extends"]);
  fix(root["targets"]);
}

/// Loads a file as Trappsteg would (a scenario with its model and policies).
/// @throws InputError on any problem.
void load_as(std::string_view file_kind, const fs::path& file, const Model& policy_model, int policy_start_year) {
  if (file_kind == "scenario") (void)load_model(load_scenario(file));
  else if (file_kind == "districts") (void)load_districts(file);
  else if (file_kind == "staircase") (void)load_staircase(file);
  else if (file_kind == "economy") (void)load_economy(file);
  else if (file_kind == "demography") (void)load_demography(file);
  else if (file_kind == "benefits") (void)load_benefits(file);
  else if (file_kind == "policy") (void)load_policy(file, policy_model, policy_start_year);
  else if (file_kind == "sweep") (void)load_sweep(file);
  else if (file_kind == "targets") (void)load_targets(file, policy_model, policy_start_year);
  else if (file_kind == "calibration") (void)load_calibration(file);
  else if (file_kind == "sensitivity") (void)load_sensitivity(file);
  else if (file_kind == "uncertainty") (void)load_uncertain_inputs(file);
  else FAIL("no loader for file kind " << file_kind);
}

bool ends_with_placeholder(const std::string& key_path) { return !key_path.empty() && key_path.back() == '>'; }

/// The parent of a documented key path: "a.b[].c" → "a.b", "a.b" → "a", "a" → "".
std::string parent_of(const std::string& key_path) {
  std::size_t dot = key_path.rfind('.');
  if (dot == std::string::npos) return {};
  std::string parent = key_path.substr(0, dot);
  if (parent.ends_with("[]")) parent.resize(parent.size() - 2);
  return parent;
}

TEST_CASE("schema.documents_every_key_in_the_shipped_files") {
  const std::vector<fs::path> files = shipped_files();
  REQUIRE(files.size() >= 20);  // 7 scenarios, 6 policies, 4 model files, 3 Markov test files at least
  std::set<std::string> kinds_seen;
  std::vector<std::string> missing;
  std::size_t keys_checked = 0;
  for (const fs::path& file : files) {
    CAPTURE(relative_name(file));
    YAML::Node root = YAML::LoadFile(file.string());
    REQUIRE(root.IsMap());
    const std::string kind = kind_by_place(file);
    CHECK_MESSAGE(kind == kind_by_keys(root), relative_name(file) << " lies where " << kind << " files lie but reads as "
                                                                  << kind_by_keys(root));
    kinds_seen.insert(kind);
    keys_checked += keys_of(root, kind).size();
    for (std::string& key : undocumented_keys(root, kind, relative_name(file))) missing.push_back(std::move(key));
  }
  std::string list;
  for (const auto& key : missing) list += "\n  " + key;
  CHECK_MESSAGE(missing.empty(), missing.size() << " keys in shipped files are not in the schema:" << list);
  for (std::string_view kind : schema_file_kinds()) CHECK_MESSAGE(kinds_seen.count(std::string(kind)), "no shipped " << kind << " file");
  CHECK(keys_checked > 1000);  // the walk really went through the files
}

TEST_CASE("schema.finds_an_undocumented_key") {
  // The check above must be able to fail: a misspelt key, a key under a stage, an unknown
  // key in a list entry and a district amount under a misspelt mapping are all caught.
  YAML::Node staircase = YAML::Load("stages: {a: {nmae: A, name: A}}\ntransitions: [{from: a, to: b, bsae: 1}]\n");
  std::vector<std::string> missing = undocumented_keys(staircase, "staircase", "test.yaml");
  REQUIRE(missing.size() == 2);
  CHECK(missing[0] == "test.yaml:1: stages.<stage>.nmae (staircase)");
  CHECK(missing[1] == "test.yaml:2: transitions[].bsae (staircase)");
  YAML::Node policy = YAML::Load("key: p\ncapacity: {seats: 1, district: {angered: 4}, districts: {angered: 4}}\n");
  missing = undocumented_keys(policy, "policy", "p.yaml");
  REQUIRE(missing.size() == 2);
  CHECK(missing[0] == "p.yaml:2: capacity.district (policy)");
  CHECK(missing[1] == "p.yaml:2: capacity.district.angered (policy)");
  // A key documented for one kind is not documented for another.
  CHECK(undocumented_keys(YAML::Load("seats: 3"), "scenario", "s.yaml").size() == 1);
}

TEST_CASE("schema.documents_each_key_once") {
  std::map<std::pair<std::string_view, std::string_view>, int> count;
  for (const SchemaEntry& entry : schema()) ++count[{entry.file_kind, entry.key_path}];
  // Not a structured binding: Clang cannot capture one in doctest's message lambda.
  for (const auto& entry : count)
    CHECK_MESSAGE(entry.second == 1, entry.first.first << " key " << entry.first.second << " is documented " << entry.second << " times");
}

TEST_CASE("schema.entries_say_what_they_are") {
  const auto kinds = schema_file_kinds();
  REQUIRE(kinds.size() == 12);
  std::size_t previous_kind = 0;
  std::map<std::string_view, std::size_t> per_kind;
  for (const SchemaEntry& entry : schema()) {
    CAPTURE(entry.file_kind);
    CAPTURE(entry.key_path);
    const auto kind = std::find(kinds.begin(), kinds.end(), entry.file_kind);
    REQUIRE_MESSAGE(kind != kinds.end(), "unknown file kind");
    const auto kind_index = static_cast<std::size_t>(kind - kinds.begin());
    CHECK_MESSAGE(kind_index >= previous_kind, "entries are not grouped by file kind in the order of schema_file_kinds()");
    previous_kind = kind_index;
    ++per_kind[entry.file_kind];
    CHECK(!entry.key_path.empty());
    CHECK(entry.key_path.find_first_of(" \t") == std::string_view::npos);
    CHECK(!entry.type.empty());
    CHECK(!entry.meaning.empty());
    CHECK(!entry.range.empty());
    CHECK(!entry.default_value.empty());
    for (std::string_view field : {entry.key_path, entry.type, entry.unit, entry.range, entry.default_value, entry.meaning})
      CHECK_MESSAGE(field.find('\n') == std::string_view::npos, "a field spans more than one line: " << field);
    // Every nested key's parent is documented too: `a.b[].c` needs `a.b`.
    const std::string parent = parent_of(std::string(entry.key_path));
    if (!parent.empty()) CHECK_MESSAGE(documented(entry.file_kind, parent), "parent " << parent << " is not documented");
    // A placeholder stands exactly where a file chooses its own keys.
    if (ends_with_placeholder(std::string(entry.key_path))) {
      const std::string key_path(entry.key_path);
      const std::string placeholder = key_path.substr(key_path.rfind('.') + 1);
      bool known = false;
      for (const auto& free : kFreeFormKeys)
        known = known || (free.file_kind == entry.file_kind && key_path == std::string(free.parent) + "." + std::string(free.placeholder));
      CHECK_MESSAGE(known, "placeholder " << placeholder << " is not where the loader takes free keys");
    }
  }
  for (std::string_view kind : kinds) CHECK_MESSAGE(per_kind[kind] > 0, "no entries for " << kind);
}

TEST_CASE("schema.text_for_one_kind_holds_only_its_keys") {
  std::set<std::string> policy_keys, other_keys;
  for (const SchemaEntry& entry : schema())
    (entry.file_kind == "policy" ? policy_keys : other_keys).insert(std::string(entry.key_path));

  const std::string text = schema_text("policy");
  const std::vector<std::string> rows = text_row_keys(text);
  CHECK(rows.size() == policy_keys.size());
  CHECK(std::set<std::string>(rows.begin(), rows.end()) == policy_keys);
  for (const auto& row : rows) CHECK_MESSAGE(policy_keys.count(row), row << " is not a policy key");
  // Keys only other kinds have (the scenario's `model`, the staircase's `stages.<stage>`) stay out.
  for (const auto& key : other_keys)
    if (!policy_keys.count(key)) CHECK_MESSAGE(std::find(rows.begin(), rows.end(), key) == rows.end(), key << " leaked in");
  for (std::string_view kind : schema_file_kinds())
    if (kind != "policy") CHECK(text.find(std::string(kind) + ": ") == std::string::npos);

  CHECK(schema_text("no_such_kind").empty());
  CHECK(text_row_keys(schema_text()).size() == schema().size());
  for (std::string_view kind : schema_file_kinds()) {
    std::size_t expected = 0;
    for (const SchemaEntry& entry : schema()) expected += entry.file_kind == kind;
    CHECK(text_row_keys(schema_text(kind)).size() == expected);
  }
}

TEST_CASE("schema.markdown_has_a_table_per_kind") {
  const std::string markdown = schema_markdown();
  std::size_t rows = 0, tables = 0;
  std::istringstream lines(markdown);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("| key |")) ++tables;
    if (line.starts_with("| `")) ++rows;
  }
  CHECK(tables == schema_file_kinds().size());
  CHECK(rows == schema().size());
  std::size_t at = 0;
  for (std::string_view kind : schema_file_kinds()) {
    std::size_t heading = markdown.find("file kind `" + std::string(kind) + "`", at);
    CHECK_MESSAGE(heading != std::string::npos, "no section for " << kind << " (in order)");
    if (heading != std::string::npos) at = heading;
  }
}

/// A documented default that is exactly a number or true/false; nothing for texts, lists and
/// defaults described in words.
std::optional<std::string> plain_default(std::string_view text) {
  const std::string value(text);
  if (value == "true" || value == "false") return value;
  double x = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), x);
  if (error == std::errc{} && end == value.data() + value.size()) return value;
  return std::nullopt;
}

bool same_value(const std::string& loaded, const std::string& documented) {
  if (loaded == documented) return true;
  double a = 0, b = 0;
  const auto ra = std::from_chars(loaded.data(), loaded.data() + loaded.size(), a);
  const auto rb = std::from_chars(documented.data(), documented.data() + documented.size(), b);
  return ra.ec == std::errc{} && rb.ec == std::errc{} && a == b;
}

/// The key path as the loaders name it: "districts[3].labour_demand".
std::string concrete_path(const std::vector<Step>& steps) {
  std::string path;
  for (const Step& step : steps) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!path.empty()) path += '.';
      path += *key;
    } else {
      path += '[';
      path += std::to_string(std::get<std::size_t>(step));
      path += ']';
    }
  }
  return path;
}

TEST_CASE("schema.required_agrees_with_the_loaders") {
  // Each key of each shipped file is removed in turn. A key documented as required (or
  // "required (in X)", "required unless ...") must make loading fail; any other key must not.
  // Stage attributes that other checks depend on (a stage named under initial.employed must
  // be an employment stage, exits must be exit stages, the child and school stages leave by
  // at_age only) may fail for those reasons, but never as a missing required key. Likewise the
  // moves of the districts: moves_to for every district or none, newcomer shares summing to 1.
  // And a policy's parts that need each other: a supervised phase and the placements, phases
  // and after_effects, a lottery and its offer probability, an added step and the effects leading to it.
  const std::set<std::string> cross_checked{"stages.<stage>.activity", "stages.<stage>.exit", "stages.<stage>.at_age",
                                            "districts[].moves_to", "districts[].newcomer_moves_share",
                                            "phases", "phases[].supervised", "placements", "allocation.rule", "adds_to_staircase"};
  const Scenario context = load_scenario(kRoot / "scenarios" / "baseline.yaml");
  const Model policy_model = load_model(context);
  TempDir temp;
  std::size_t removals = 0, defaults_compared = 0;
  for (const fs::path& file : shipped_files()) {
    const std::string kind = kind_by_place(file);
    const std::string name = relative_name(file);
    YAML::Node original = YAML::LoadFile(file.string());
    const fs::path copy = temp.path() / file.filename();
    REQUIRE_NOTHROW(load_as(kind, file, policy_model, context.start_year));
    if (original["extends"]) continue;  // the extended scenario may supply what is left out here
    std::set<std::string> tried;
    for (const KeyUse& use : keys_of(original, kind)) {
      const SchemaEntry* entry = documented(kind, use.key_path);
      if (!entry || ends_with_placeholder(use.key_path) || !tried.insert(use.key_path).second) continue;
      // A sweep's design decides which other keys it needs (values, or range and points).
      if (kind == "sweep" && use.key_path == "design") continue;
      CAPTURE(name);
      CAPTURE(use.key_path);
      YAML::Node changed = YAML::Clone(original);
      REQUIRE(remove_key(changed, use.steps));
      if (kind == "scenario") absolutise_scenario_paths(changed, file);
      if (kind == "sweep" && changed["base"]) changed["base"] = (file.parent_path() / changed["base"].Scalar()).lexically_normal().string();
      if (kind == "sensitivity" && changed["scenario"])
        changed["scenario"] = (file.parent_path() / changed["scenario"].Scalar()).lexically_normal().string();
      for (const char* key : {"scenario", "targets"})
        if (kind == "calibration" && changed[key]) changed[key] = (file.parent_path() / changed[key].Scalar()).lexically_normal().string();
      {
        std::ofstream out(copy, std::ios::binary | std::ios::trunc);
        out << YAML::Dump(changed) << '\n';
        REQUIRE(out.good());
      }
      std::vector<Diagnostic> problems;
      DefaultsRecorder recorder;
      try {
        load_as(kind, copy, policy_model, context.start_year);
      } catch (const InputError& e) {
        problems = e.diagnostics();
        REQUIRE(!problems.empty());
      }
      ++removals;
      // A documented default that is a plain number or true/false is the one the loader took.
      if (const auto documented_default = plain_default(entry->default_value); documented_default && problems.empty()) {
        const std::string concrete = concrete_path(use.steps);
        auto used = std::find_if(recorder.used().begin(), recorder.used().end(), [&](const auto& u) { return u.first == concrete; });
        if (used == recorder.used().end()) {
          CHECK_MESSAGE(false, name << ": without " << concrete << " the loader took no default (documented: " << entry->default_value << ")");
        } else {
          ++defaults_compared;
          CHECK_MESSAGE(same_value(used->second, *documented_default),
                        name << ": without " << concrete << " the loader takes " << used->second << ", the schema says " << entry->default_value);
        }
      }
      const bool required = entry->default_value.starts_with("required");
      if (required) {
        CHECK_MESSAGE(!problems.empty(), name << ": without " << use.key_path << " (documented as required) the file still loads");
      } else if (cross_checked.count(use.key_path)) {
        for (const auto& problem : problems)
          CHECK_MESSAGE(problem.message.find("missing required key") == std::string::npos,
                        name << ": without " << use.key_path << ": " << to_string(problem));
      } else {
        CHECK_MESSAGE(problems.empty(), name << ": without " << use.key_path << " (documented default: " << entry->default_value
                                             << ") loading fails: " << (problems.empty() ? "" : to_string(problems.front())));
      }
    }
  }
  CHECK(removals > 300);
  CHECK(defaults_compared > 100);
}

}  // namespace
}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("schema.docs_schema_md_is_what_trappsteg_schema_prints") {
  std::ifstream in(std::filesystem::path(TRAPPSTEG_SOURCE_DIR) / "docs/schema.md");
  std::stringstream text;
  text << in.rdbuf();
  // Regenerate with: trappsteg schema --markdown > docs/schema.md
  CHECK(text.str() == schema_markdown());
}

}  // namespace trappsteg
