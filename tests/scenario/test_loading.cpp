// Loading scenarios and model files: every kind of bad input named in the issue gives an
// InputError whose Diagnostics name the file, the 1-based line and column, the key path and
// the problem (with a suggestion for a misspelt key); the shipped files load cleanly.
//
// Bad inputs are built by copying the shipped files into a temporary folder and changing one
// thing. Expected lines and columns are computed from the changed text, so the tests do not
// depend on where in the shipped files a value happens to sit.

#include "engine/core/error.hpp"
#include "engine/scenario/model.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/staircase/graph.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot{TRAPPSTEG_SOURCE_DIR};
const fs::path kModelDir = kRoot / "models" / "goteborg";
const fs::path kBaseline = kRoot / "scenarios" / "baseline.yaml";

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE_MESSAGE(out.good(), "cannot write " << file.string());
}

std::size_t count_of(const std::string& text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

/// Replaces the one occurrence of `from`; fails the test if there is not exactly one, so a
/// change to the shipped files shows up here rather than as a mysteriously passing test.
std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  REQUIRE_MESSAGE(count_of(text, from) == 1, "expected exactly one '" << std::string(from) << "'");
  text.replace(text.find(from), from.size(), to);
  return text;
}

/// A 1-based line and column, as a Diagnostic gives them.
struct Position {
  int line = 0;
  int column = 0;
};

/// Where `needle` starts (its first occurrence at or after `from`), counting from 1.
Position position_of(const std::string& text, std::string_view needle, std::size_t from = 0) {
  std::size_t at = text.find(needle, from);
  REQUIRE_MESSAGE(at != std::string::npos, "'" << std::string(needle) << "' not found");
  Position p;
  p.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  std::size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  p.column = 1 + static_cast<int>(at - line_start);
  return p;
}

/// Where `needle` starts within the first line that contains `line_marker`.
Position position_in_line(const std::string& text, std::string_view line_marker, std::string_view needle) {
  std::size_t marker = text.find(line_marker);
  REQUIRE_MESSAGE(marker != std::string::npos, "'" << std::string(line_marker) << "' not found");
  std::size_t line_start = text.rfind('\n', marker);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  std::size_t at = text.find(needle, line_start);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find('\n', line_start) > at);  // on the same line
  return position_of(text, needle, line_start);
}

/// How many flow-style transitions ("  - {from: ...") start before `line_marker`: its index.
std::size_t transition_index(const std::string& staircase_text, std::string_view line_marker) {
  std::size_t marker = staircase_text.find(line_marker);
  REQUIRE(marker != std::string::npos);
  return count_of(staircase_text.substr(0, marker), "\n  - {from:");
}

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("trappsteg-test-loading-" + std::to_string(stamp) + "-" + std::to_string(random()) + "-" +
             std::to_string(counter++));
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

/// A copy of the shipped model and baseline scenario laid out as in the repository
/// (scenarios/ next to models/goteborg/), so the scenario's relative paths resolve.
struct ModelCopy {
  TempDir dir;
  fs::path scenario = dir.path() / "scenarios" / "baseline.yaml";
  fs::path districts = dir.path() / "models" / "goteborg" / "districts.yaml";
  fs::path staircase = dir.path() / "models" / "goteborg" / "staircase.yaml";
  fs::path economy = dir.path() / "models" / "goteborg" / "economy.yaml";
  fs::path demography = dir.path() / "models" / "goteborg" / "demography.yaml";
  fs::path benefits = dir.path() / "models" / "goteborg" / "benefits.yaml";
  fs::path targets = dir.path() / "models" / "goteborg" / "targets.yaml";

  ModelCopy() {
    write_text(scenario, read_text(kBaseline));
    for (const fs::path* file : {&districts, &staircase, &economy, &demography, &benefits, &targets})
      write_text(*file, read_text(kModelDir / file->filename()));
  }
  /// Applies one change to a copied file and returns the changed text.
  std::string edit(const fs::path& file, std::string_view from, std::string_view to) const {
    std::string text = replace_once(read_text(file), from, to);
    write_text(file, text);
    return text;
  }
  /// Changes the first `from` after the one occurrence of `anchor` (e.g. a district's key line).
  std::string edit_after(const fs::path& file, std::string_view anchor, std::string_view from, std::string_view to) const {
    std::string text = read_text(file);
    REQUIRE_MESSAGE(count_of(text, anchor) == 1, "expected exactly one '" << std::string(anchor) << "'");
    std::size_t at = text.find(from, text.find(anchor));
    REQUIRE_MESSAGE(at != std::string::npos, "'" << std::string(from) << "' not found after '" << std::string(anchor) << "'");
    text.replace(at, from.size(), to);
    write_text(file, text);
    return text;
  }
};

/// Runs `load`, which must throw InputError, and returns its diagnostics.
std::vector<Diagnostic> diagnostics_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const InputError& e) {
    CHECK_FALSE(e.diagnostics().empty());
    // what() holds every diagnostic, one a line, as the CLI prints them.
    for (const auto& d : e.diagnostics()) CHECK(std::string(e.what()).find(to_string(d)) != std::string::npos);
    return e.diagnostics();
  }
  FAIL("expected an InputError, but loading succeeded");
  return {};
}

std::string describe(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += "\n  " + to_string(d);
  return text;
}

/// The one diagnostic at `key_path`; fails the test if there is none or more than one.
Diagnostic at_key(const std::vector<Diagnostic>& diagnostics, const std::string& key_path) {
  std::vector<Diagnostic> found;
  for (const auto& d : diagnostics)
    if (d.key_path == key_path) found.push_back(d);
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE_MESSAGE(found.size() == 1, "expected one diagnostic at '" << key_path << "', found " << found.size());
  return found.front();
}

void check_position(const Diagnostic& d, const fs::path& file, Position expected) {
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == file);
  CHECK(d.where.line == expected.line);
  CHECK(d.where.column == expected.column);
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string scenario_with(const std::string& extra_lines) {
  return "name: test\n"
         "model:\n"
         "  districts: ../models/goteborg/districts.yaml\n"
         "  staircase: ../models/goteborg/staircase.yaml\n"
         "  economy: ../models/goteborg/economy.yaml\n"
         "  demography: ../models/goteborg/demography.yaml\n"
         "  benefits: ../models/goteborg/benefits.yaml\n" +
         extra_lines;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The shipped files

TEST_CASE("scenario.shipped_model_and_baseline_load_cleanly") {
  Scenario scenario = load_scenario(kBaseline);
  CHECK(scenario.name == "baseline");
  CHECK(scenario.file == kBaseline);
  CHECK(scenario.months == 120);
  CHECK(scenario.replicates == 1);
  CHECK(scenario.districts_only.empty());
  CHECK(scenario.model_files.districts == (kModelDir / "districts.yaml").lexically_normal());
  CHECK(scenario.model_files.staircase == (kModelDir / "staircase.yaml").lexically_normal());
  CHECK(scenario.model_files.economy == (kModelDir / "economy.yaml").lexically_normal());
  CHECK(scenario.model_files.demography == (kModelDir / "demography.yaml").lexically_normal());

  Model model = load_model(scenario);
  CHECK(model.districts.districts.size() == 10);
  CHECK_FALSE(model.staircase.stages.empty());
  CHECK_FALSE(model.staircase.transitions.empty());

  Staircase staircase(model.staircase);
  CHECK(staircase.stage_count() == model.staircase.stages.size());
  CHECK(staircase.stage(staircase.job_seeker).key == model.staircase.job_seeker_stage);
  CHECK(staircase.stage(staircase.newcomer).key == model.staircase.newcomer_stage);
  CHECK(staircase.stage(staircase.dead).exit);
  CHECK(staircase.stage(staircase.moved).exit);
  CHECK(staircase.stage(staircase.retired).exit);
  // Every stage's outgoing transitions are the ones the file lists from it.
  std::size_t compiled = 0;
  for (std::size_t s = 0; s < staircase.stage_count(); ++s)
    compiled += staircase.outgoing(StageId{static_cast<std::uint16_t>(s)}).size();
  CHECK(compiled == model.staircase.transitions.size());
}

TEST_CASE("scenario.validate_file_recognises_each_shipped_file") {
  CHECK(validate_file(kBaseline) == FileKind::kScenario);
  CHECK(validate_file(kModelDir / "districts.yaml") == FileKind::kDistricts);
  CHECK(validate_file(kModelDir / "staircase.yaml") == FileKind::kStaircase);
  CHECK(validate_file(kModelDir / "economy.yaml") == FileKind::kEconomy);
  CHECK(validate_file(kModelDir / "demography.yaml") == FileKind::kDemography);
}

TEST_CASE("scenario.validate_file_rejects_a_file_of_no_known_kind") {
  TempDir dir;
  fs::path file = dir.path() / "other.yaml";
  write_text(file, "colour: blue\n");
  auto diagnostics = diagnostics_of([&] { validate_file(file); });
  REQUIRE(diagnostics.size() == 1);
  check_position(diagnostics[0], file, {1, 1});
  CHECK(diagnostics[0].key_path.empty());
  CHECK(contains(diagnostics[0].message, "not a Trappsteg file"));
}

TEST_CASE("scenario.diagnostic_formats_as_file_line_column_key_message") {
  Diagnostic d{{"models/x.yaml", 12, 7}, "districts[2].population", "it must be positive"};
  CHECK(to_string(d) == "models/x.yaml:12:7: districts[2].population: it must be positive");
  Diagnostic no_position{{"missing.yaml", 0, 0}, "", "file not found"};
  CHECK(to_string(no_position) == "missing.yaml: file not found");
}

// ---------------------------------------------------------------------------------------------
// Missing files and malformed YAML

TEST_CASE("scenario.missing_scenario_file_is_reported") {
  TempDir dir;
  fs::path file = dir.path() / "no_such_scenario.yaml";
  auto diagnostics = diagnostics_of([&] { load_scenario(file); });
  REQUIRE(diagnostics.size() == 1);
  // A file that does not exist has no line or column: 0 means "unknown".
  check_position(diagnostics[0], file, {0, 0});
  CHECK(diagnostics[0].key_path.empty());
  CHECK(diagnostics[0].message == "file not found");
  CHECK(to_string(diagnostics[0]) == file.string() + ": file not found");

  CHECK(diagnostics_of([&] { validate_file(file); }).size() == 1);
  CHECK(diagnostics_of([&] { load_staircase(dir.path() / "no_such_staircase.yaml"); }).size() == 1);
}

TEST_CASE("scenario.missing_model_file_is_reported") {
  ModelCopy copy;
  copy.edit(copy.scenario, "districts: ../models/goteborg/districts.yaml", "districts: ../models/goteborg/distrcts.yaml");
  Scenario scenario = load_scenario(copy.scenario);
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  REQUIRE(diagnostics.size() == 1);
  fs::path missing = (copy.dir.path() / "models" / "goteborg" / "distrcts.yaml").lexically_normal();
  CHECK(diagnostics[0].where.file == copy.scenario);
  CHECK(diagnostics[0].message == "file not found: " + missing.string());
}

// A planner who mistyped a path is told where: at the scenario key that names the file.
TEST_CASE("scenario.missing_model_file_points_at_the_scenario_key") {
  ModelCopy copy;
  std::string text = copy.edit(copy.scenario, "districts: ../models/goteborg/districts.yaml",
                               "districts: ../models/goteborg/distrcts.yaml");
  Scenario scenario = load_scenario(copy.scenario);
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  Diagnostic d = at_key(diagnostics, "model.districts");
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == copy.scenario);
  CHECK(d.where.line == position_of(text, "districts: ../models").line);
  CHECK(d.where.column > 0);
  CHECK(contains(d.message, "distrcts.yaml"));
}

TEST_CASE("scenario.malformed_yaml_is_reported_with_line_and_column") {
  ModelCopy copy;
  // An unclosed flow sequence at the end of the scenario: the parser runs to the end of the
  // file looking for ']' and reports where it gave up, the line after the last one.
  std::string text = read_text(copy.scenario) + "districts_only: [angered, centrum\n";
  write_text(copy.scenario, text);
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  REQUIRE(diagnostics.size() == 1);
  int lines = static_cast<int>(count_of(text, "\n"));
  check_position(diagnostics[0], copy.scenario, {lines + 1, 1});
  CHECK(diagnostics[0].key_path.empty());
  CHECK(contains(diagnostics[0].message, "malformed YAML"));
  CHECK(contains(diagnostics[0].message, "end of sequence flow not found"));
}

TEST_CASE("scenario.malformed_yaml_in_a_model_file_is_reported_with_line_and_column") {
  ModelCopy copy;
  // A bracket closed by the wrong kind: `]` inside a flow mapping, reported where it stands.
  std::string text = copy.edit(copy.staircase, "{name: \"Hourly job\", name_sv: \"Timanställning\", activity: employment,",
                               "{name: \"Hourly job\"], name_sv: \"Timanställning\", activity: employment,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  check_position(diagnostics[0], copy.staircase, position_of(text, "], name_sv: \"Timanställning\", activity: employment"));
  CHECK(contains(diagnostics[0].message, "malformed YAML"));
}

TEST_CASE("scenario.a_file_that_is_not_a_mapping_is_reported") {
  TempDir dir;
  fs::path file = dir.path() / "list.yaml";
  write_text(file, "# a list, not key: value lines\n- a\n- b\n");
  auto diagnostics = diagnostics_of([&] { load_scenario(file); });
  REQUIRE(diagnostics.size() == 1);
  check_position(diagnostics[0], file, {2, 1});
  CHECK(contains(diagnostics[0].message, "expected a mapping"));
}

// ---------------------------------------------------------------------------------------------
// Unknown keys

TEST_CASE("scenario.unknown_key_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.scenario, "\nreplicates:", "\nreplicats:");
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "replicats");
  check_position(d, copy.scenario, position_of(text, "replicats:"));
  CHECK(d.message == "unknown key 'replicats'; did you mean 'replicates'?");
  CHECK(to_string(d) == copy.scenario.string() + ":" + std::to_string(d.where.line) +
                            ":1: replicats: unknown key 'replicats'; did you mean 'replicates'?");
}

TEST_CASE("scenario.unknown_nested_key_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.scenario, "  moving_away: true", "  moving_awy: true");
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "demography.moving_awy");
  check_position(d, copy.scenario, position_of(text, "moving_awy"));
  CHECK(d.message == "unknown key 'moving_awy'; did you mean 'moving_away'?");
}

TEST_CASE("scenario.unknown_key_without_a_near_spelling_has_no_suggestion") {
  ModelCopy copy;
  std::string text = read_text(copy.scenario) + "colour_scheme: viridis\n";
  write_text(copy.scenario, text);
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "colour_scheme");
  check_position(d, copy.scenario, position_of(text, "colour_scheme"));
  CHECK(d.message == "unknown key 'colour_scheme'");
}

TEST_CASE("districts.unknown_key_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.districts, "employment_rate_20_64: 0.57", "emplyment_rate_20_64: 0.57");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 2);

  Diagnostic unknown = at_key(diagnostics, "districts[0].emplyment_rate_20_64");
  check_position(unknown, copy.districts, position_of(text, "emplyment_rate_20_64"));
  CHECK(unknown.message == "unknown key 'emplyment_rate_20_64'; did you mean 'employment_rate_20_64'?");

  // The correctly spelt key is then missing from the first district, reported at the district.
  Diagnostic missing = at_key(diagnostics, "districts[0]");
  check_position(missing, copy.districts, position_of(text, "key: angered"));
  CHECK(missing.message == "missing required key 'employment_rate_20_64'");
}

TEST_CASE("staircase.unknown_key_in_a_stage_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "activity: employment, wage_factor: 0.45", "activity: employment, wage_factr: 0.45");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "stages.hourly_job.wage_factr");
  check_position(d, copy.staircase, position_of(text, "wage_factr"));
  CHECK(d.message == "unknown key 'wage_factr'; did you mean 'wage_factor'?");
}

// yaml-cpp keeps the first of two equal keys silently; the loader reports the second.
TEST_CASE("scenario.repeated_key_is_reported") {
  ModelCopy copy;
  std::string text = read_text(copy.scenario) + "replicates: 3\n";
  write_text(copy.scenario, text);
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  Diagnostic d = at_key(diagnostics, "replicates");
  check_position(d, copy.scenario, position_of(text, "replicates: 3"));
  CHECK((contains(d.message, "twice") || contains(d.message, "duplicate") || contains(d.message, "repeated")));
}

TEST_CASE("staircase.repeated_stage_key_is_reported") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "\n  deceased:    {", "\n  retired:     {name: \"Pensioner\", exit: true}\n  deceased:    {");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  Diagnostic d = at_key(diagnostics, "stages.retired");
  check_position(d, copy.staircase, position_of(text, "retired:     {name: \"Pensioner\""));
  CHECK((contains(d.message, "twice") || contains(d.message, "duplicate") || contains(d.message, "repeated")));
}

// ---------------------------------------------------------------------------------------------
// Numbers out of range

TEST_CASE("staircase.negative_rate_is_reported") {
  ModelCopy copy;
  const std::string marker = "{from: preparation, to: outside, base: 0.012}";
  std::string text = copy.edit(copy.staircase, marker, "{from: preparation, to: outside, base: -0.1}");
  std::size_t index = transition_index(text, "{from: preparation, to: outside,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "transitions[" + std::to_string(index) + "].base");
  // The position of the offending value.
  check_position(d, copy.staircase, position_in_line(text, "{from: preparation, to: outside,", "-0.1"));
  CHECK(contains(d.message, "-0.1 is out of range"));
  CHECK(contains(d.message, "cannot be negative"));
}

TEST_CASE("demography.negative_rate_in_a_list_is_reported_at_the_element") {
  ModelCopy copy;
  std::string text = copy.edit(copy.demography, "rates: [0.0025, 0.0001,", "rates: [0.0025, -0.0001,");
  auto diagnostics = diagnostics_of([&] { load_demography(copy.demography); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "mortality_per_year.rates[1]");
  check_position(d, copy.demography, position_of(text, "-0.0001"));
  CHECK(contains(d.message, "-0.0001 is out of range: must be within [0, 1]"));
}

TEST_CASE("demography.leaving_home_per_year_is_one_number_or_a_table_by_age") {
  ModelCopy copy;
  const DemographySpec by_age = load_demography(copy.demography);
  CHECK(by_age.leave_home_per_year.at(21) == doctest::Approx(0.25));
  CHECK(by_age.leave_home_per_year.at(40) == doctest::Approx(0.10));
  std::string text = copy.edit(copy.demography, "rates: [0.25, 0.30, 0.20, 0.12, 0.10]", "rates: [0.25, 0.30, 0.20, 1.12, 0.10]");
  auto diagnostics = diagnostics_of([&] { load_demography(copy.demography); });
  REQUIRE(diagnostics.size() == 1);
  check_position(at_key(diagnostics, "leaving_home.per_year.rates[3]"), copy.demography, position_of(text, "1.12"));

  ModelCopy flat;
  flat.edit(flat.demography, "  per_year:\n    bands: [0, 22, 25, 30, 35]\n    rates: [0.25, 0.30, 0.20, 0.12, 0.10]\n", "  per_year: 0.3\n");
  const DemographySpec one = load_demography(flat.demography);
  CHECK(one.leave_home_per_year.at(21) == doctest::Approx(0.3));
  CHECK(one.leave_home_per_year.at(60) == doctest::Approx(0.3));
}

TEST_CASE("districts.share_above_one_is_reported") {
  ModelCopy copy;
  std::string original = read_text(copy.districts);
  // The second district's foreign-born share.
  std::size_t second = original.find("  - key:", original.find("  - key:") + 1);
  REQUIRE(second != std::string::npos);
  std::size_t at = original.find("foreign_born_share: ", second);
  std::size_t value = at + std::string_view("foreign_born_share: ").size();
  std::string text = original;
  text.replace(value, text.find_first_of(" \n", value) - value, "1.3");
  write_text(copy.districts, text);

  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "districts[1].foreign_born_share");
  check_position(d, copy.districts, position_of(text, "1.3", at));
  CHECK(contains(d.message, "1.3 is out of range: must be within [0, 1]"));
  CHECK(contains(d.message, "share"));
}

TEST_CASE("scenario.out_of_range_setting_is_reported") {
  ModelCopy copy;
  std::string text = copy.edit(copy.scenario, "\nscale: 1.0", "\nscale: 1.5");
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "scale");
  check_position(d, copy.scenario, position_in_line(text, "scale: 1.5", "1.5"));
  CHECK(contains(d.message, "1.5 is out of range"));
}

TEST_CASE("districts.text_where_a_number_belongs_is_reported") {
  ModelCopy copy;
  std::string text = copy.edit(copy.districts, "population: 52400", "population: many");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "districts[0].population");
  check_position(d, copy.districts, position_in_line(text, "population: many", "many"));
  CHECK(d.message == "expected a number, got 'many'");
}

// A value that must be positive but is 0 is explained without contradicting itself.
TEST_CASE("districts.zero_where_positive_is_required_is_explained_consistently") {
  ModelCopy copy;
  std::string text = copy.edit(copy.districts, "population: 52400", "population: 0    ");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "districts[0].population");
  check_position(d, copy.districts, position_in_line(text, "population: 0 ", "0 "));
  CHECK(contains(d.message, "positive"));
  CHECK_FALSE(contains(d.message, "≥ 0"));
}

// ---------------------------------------------------------------------------------------------
// Shares that must sum to 1

TEST_CASE("districts.shares_not_summing_to_one_are_reported") {
  ModelCopy copy;
  // Angered's household shares: 0.38 + 0.18 + 0.14 + 0.30 → 0.48 + 0.18 + 0.14 + 0.30 = 1.10.
  std::string text = copy.edit_after(copy.districts, "key: angered", "single_no_children: 0.34", "single_no_children: 0.44");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "districts[0].household_shares");
  check_position(d, copy.districts, position_of(text, "household_shares:"));
  CHECK(d.message == "shares sum to 1.1000; they must sum to 1");
}

TEST_CASE("staircase.initial_shares_not_summing_to_one_are_reported") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "employed: {stable_job: 0.82,", "employed: {stable_job: 0.72,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "initial.employed");
  check_position(d, copy.staircase, position_of(text, "employed: {stable_job"));
  CHECK(d.message == "shares sum to 0.9000; they must sum to 1");
}

// ---------------------------------------------------------------------------------------------
// Stages that do not exist, and dead ends

TEST_CASE("staircase.transition_to_a_stage_that_does_not_exist_is_reported_with_suggestion") {
  ModelCopy copy;
  const std::string marker = "{from: job_seeker, to: stable_job,";
  std::string text = copy.edit(copy.staircase, marker, "{from: job_seeker, to: stabel_job,");
  std::size_t index = transition_index(text, "{from: job_seeker, to: stabel_job,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "transitions[" + std::to_string(index) + "].to");
  // The position is the 'to' key of the transition.
  check_position(d, copy.staircase, position_of(text, "to: stabel_job,"));
  CHECK(d.message == "refers to stage 'stabel_job', which does not exist; did you mean 'stable_job'?");
}

TEST_CASE("staircase.age_move_to_a_stage_that_does_not_exist_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "at_age: {age: 16, to: school}", "at_age: {age: 16, to: scool}");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "stages.child.at_age.to");
  check_position(d, copy.staircase, position_in_line(text, "to: scool", "child:"));
  CHECK(d.message == "refers to stage 'scool', which does not exist; did you mean 'school'?");
}

TEST_CASE("staircase.entry_naming_a_stage_that_does_not_exist_is_reported_with_suggestion") {
  ModelCopy copy;
  copy.edit(copy.staircase, "job_seeker: job_seeker", "job_seeker: job_seekr");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "entry.job_seeker");
  CHECK(d.where.file == copy.staircase);
  CHECK(d.message == "refers to stage 'job_seekr', which does not exist; did you mean 'job_seeker'?");
}

// Stages named under entry.*, exits.* and initial.* are reported at their line and column,
// with the full key path.
TEST_CASE("staircase.stage_references_outside_transitions_carry_line_and_column") {
  ModelCopy copy;
  copy.edit(copy.staircase, "job_seeker: job_seeker", "job_seeker: job_seekr");
  std::string text = copy.edit(copy.staircase, "born_in_sweden: {job_seeker: 0.30,", "born_in_sweden: {job_seekr: 0.30,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  INFO("diagnostics:" << describe(diagnostics));

  Diagnostic entry = at_key(diagnostics, "entry.job_seeker");
  Position key = position_of(text, "job_seeker: job_seekr");
  Position value = position_of(text, "job_seekr");
  CHECK(entry.where.line == key.line);
  CHECK((entry.where.column == key.column || entry.where.column == value.column));

  // The stage share points at the misspelt stage key, and its key path names the group it is in
  Position share = position_of(text, "job_seekr: 0.30");
  Diagnostic initial = at_key(diagnostics, "initial.not_employed.born_in_sweden.job_seekr");
  CHECK(initial.where.line == share.line);
  CHECK(initial.where.column == share.column);
}

TEST_CASE("staircase.dead_end_stages_are_all_named") {
  ModelCopy copy;
  // Two new stages that only lead to each other: neither can reach a job.
  std::string text = read_text(copy.staircase);
  text = replace_once(text, "\n  deceased:    {",
                      "\n  limbo:       {name: \"Limbo\", activity: none}"
                      "\n  purgatory:   {name: \"Purgatory\", activity: training}"
                      "\n  deceased:    {");
  text = replace_once(text, "\ntransitions:\n",
                      "\ntransitions:\n"
                      "  - {from: limbo, to: purgatory, base: 0.01}\n"
                      "  - {from: purgatory, to: limbo, base: 0.01}\n");
  write_text(copy.staircase, text);

  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 2);
  Diagnostic limbo = at_key(diagnostics, "stages.limbo");
  Diagnostic purgatory = at_key(diagnostics, "stages.purgatory");
  check_position(limbo, copy.staircase, position_of(text, "limbo:"));
  check_position(purgatory, copy.staircase, position_of(text, "purgatory:"));
  CHECK(limbo.message == "stage 'limbo' cannot reach a job: there must always be a next step (dead ends: limbo, purgatory)");
  CHECK(purgatory.message ==
        "stage 'purgatory' cannot reach a job: there must always be a next step (dead ends: limbo, purgatory)");
}

TEST_CASE("staircase.stage_with_no_way_out_is_a_dead_end") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "\n  deceased:    {",
                               "\n  waiting_room: {name: \"Waiting room\", activity: none}\n  deceased:    {");
  text = copy.edit(copy.staircase, "\ntransitions:\n", "\ntransitions:\n  - {from: outside, to: waiting_room, base: 0.001}\n");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "stages.waiting_room");
  check_position(d, copy.staircase, position_of(text, "waiting_room:"));
  CHECK(contains(d.message, "stage 'waiting_room' cannot reach a job"));
  CHECK(contains(d.message, "(dead ends: waiting_room)"));
}

TEST_CASE("staircase.constructor_rejects_unknown_stages_and_dead_ends") {
  StaircaseSpec shipped = load_staircase(kModelDir / "staircase.yaml");

  SUBCASE("a transition to a stage that does not exist") {
    StaircaseSpec spec = shipped;
    spec.transitions.front().to = "stabel_job";
    auto diagnostics = diagnostics_of([&] { Staircase staircase(spec); });
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].key_path == "transitions[0].to");
    CHECK(diagnostics[0].message == "refers to stage 'stabel_job', which does not exist; did you mean 'stable_job'?");
    CHECK(diagnostics[0].where.line == shipped.transitions.front().where.line);
  }
  SUBCASE("a stage that cannot reach a job") {
    StaircaseSpec spec = shipped;
    StageSpec island;
    island.key = "island";
    island.name = "Island";
    spec.stages.push_back(island);
    auto diagnostics = diagnostics_of([&] { Staircase staircase(spec); });
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].key_path == "stages.island");
    CHECK(contains(diagnostics[0].message, "(dead ends: island)"));
  }
  SUBCASE("no stage leads to a job") {
    StaircaseSpec spec = shipped;
    for (auto& stage : spec.stages)
      if (stage.employed()) stage.activity = Activity::kNone;
    spec.initial_employed.clear();
    auto diagnostics = diagnostics_of([&] { Staircase staircase(spec); });
    Diagnostic d = at_key(diagnostics, "stages");
    CHECK(contains(d.message, "the staircase must lead to a job"));
  }
}

// ---------------------------------------------------------------------------------------------
// Several problems at once

TEST_CASE("districts.several_problems_in_one_file_are_all_reported") {
  ModelCopy copy;
  std::string text = copy.edit(copy.districts, "employment_rate_20_64: 0.57", "emplyment_rate_20_64: 0.57");
  text = copy.edit_after(copy.districts, "key: angered", "single_no_children: 0.34", "single_no_children: 0.44");
  text = copy.edit(copy.districts, "population: 49800", "population: -49800");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 4);
  check_position(at_key(diagnostics, "districts[0].emplyment_rate_20_64"), copy.districts,
                 position_of(text, "emplyment_rate_20_64"));
  check_position(at_key(diagnostics, "districts[0]"), copy.districts, position_of(text, "key: angered"));
  check_position(at_key(diagnostics, "districts[0].household_shares"), copy.districts,
                 position_of(text, "household_shares:"));
  Diagnostic population = at_key(diagnostics, "districts[1].population");
  check_position(population, copy.districts, position_of(text, "-49800"));
  CHECK(contains(population.message, "-49800 is out of range"));
}

TEST_CASE("scenario.problems_in_several_model_files_are_all_reported") {
  ModelCopy copy;
  std::string districts = copy.edit(copy.districts, "foreign_born_share: 0.51", "foreign_born_share: 5.1");
  std::string benefits = copy.edit(copy.benefits, "single: 2950", "singel: 2950");
  std::string demography = copy.edit(copy.demography, "completion: 0.80", "completion: 1.80");
  Scenario scenario = load_scenario(copy.scenario);
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  INFO("diagnostics:" << describe(diagnostics));
  check_position(at_key(diagnostics, "districts[0].foreign_born_share"), copy.districts, position_in_line(districts, "foreign_born_share: 5.1", "5.1"));
  Diagnostic unknown = at_key(diagnostics, "income_support.norm.adults.singel");
  check_position(unknown, copy.benefits, position_of(benefits, "singel"));
  CHECK(unknown.message == "unknown key 'singel'; did you mean 'single'?");
  check_position(at_key(diagnostics, "school.completion"), copy.demography, position_in_line(demography, "completion: 1.80", "1.80"));
}

// A bad number and an unknown stage in one staircase are reported in one go.
TEST_CASE("staircase.bad_number_and_unknown_stage_are_reported_together") {
  ModelCopy copy;
  std::string text = copy.edit(copy.staircase, "{from: preparation, to: outside, base: 0.012}",
                               "{from: preparation, to: outside, base: -0.1}");
  text = copy.edit(copy.staircase, "{from: job_seeker, to: stable_job,", "{from: job_seeker, to: stabel_job,");
  auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase); });
  INFO("diagnostics:" << describe(diagnostics));
  CHECK(diagnostics.size() == 2);
  bool negative = false, unknown = false;
  for (const auto& d : diagnostics) {
    negative = negative || contains(d.message, "-0.1 is out of range");
    unknown = unknown || contains(d.message, "'stabel_job'");
  }
  CHECK(negative);
  CHECK(unknown);
}

// Diagnostics come in file order, although unknown keys are found when a mapping is finished.
TEST_CASE("scenario.diagnostics_come_in_file_order") {
  ModelCopy copy;
  copy.edit(copy.scenario, "\nname: baseline", "\nnmae: baseline");
  copy.edit(copy.scenario, "\nscale: 1.0", "\nscale: 1.5");
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].key_path == "nmae");
  CHECK(diagnostics[1].key_path == "scale");
}

// ---------------------------------------------------------------------------------------------
// districts_only

TEST_CASE("scenario.districts_only_selects_districts") {
  ModelCopy copy;
  write_text(copy.scenario, scenario_with("districts_only: [angered, lundby]\n"));
  Scenario scenario = load_scenario(copy.scenario);
  CHECK(scenario.districts_only == std::vector<std::string>{"angered", "lundby"});
  Model model = load_model(scenario);
  REQUIRE(model.districts.districts.size() == 2);
  CHECK(model.districts.districts[0].key == "angered");
  CHECK(model.districts.districts[1].key == "lundby");
}

TEST_CASE("scenario.districts_only_with_an_unknown_district_is_reported_with_suggestion") {
  ModelCopy copy;
  write_text(copy.scenario, scenario_with("districts_only: [angered, lundbyy, atlantis]\n"));
  Scenario scenario = load_scenario(copy.scenario);
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].where.file == copy.scenario);
  CHECK(diagnostics[0].key_path == "districts_only");
  CHECK(diagnostics[0].message == "unknown district 'lundbyy'; did you mean 'lundby'?");
  CHECK(diagnostics[1].where.file == copy.scenario);
  CHECK(diagnostics[1].key_path == "districts_only");
  CHECK(diagnostics[1].message == "unknown district 'atlantis'");
}

// An unknown district in districts_only is reported at its entry in the list.
TEST_CASE("scenario.districts_only_unknown_district_carries_line_and_column") {
  ModelCopy copy;
  std::string text = scenario_with("districts_only: [angered, lundbyy]\n");
  write_text(copy.scenario, text);
  Scenario scenario = load_scenario(copy.scenario);
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  REQUIRE(diagnostics.size() == 1);
  INFO("diagnostic: " << to_string(diagnostics[0]));
  CHECK(diagnostics[0].where.line == position_of(text, "lundbyy").line);
  CHECK(diagnostics[0].where.column == position_of(text, "lundbyy").column);
  CHECK(diagnostics[0].key_path.starts_with("districts_only"));
}


// ---------------------------------------------------------------------------------------------
// Moves within the city and people moving in

TEST_CASE("districts.moves_to_naming_an_unknown_district_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.districts, "moves_to: {angered: 0.801, ostra_goteborg: 0.078",
                               "moves_to: {angered: 0.801, ostra_gotebrg: 0.078");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  INFO("diagnostics:" << describe(diagnostics));
  Diagnostic d = at_key(diagnostics, "districts[0].moves_to.ostra_gotebrg");
  check_position(d, copy.districts, position_of(text, "ostra_gotebrg"));
  CHECK(d.message == "unknown key 'ostra_gotebrg'; did you mean 'ostra_goteborg'?");
  // Without the misspelt share the row no longer sums to 1: said at the row.
  CHECK(contains(at_key(diagnostics, "districts[0].moves_to").message, "sum to 0.9220"));
}

TEST_CASE("districts.moves_to_for_some_districts_only_is_refused") {
  ModelCopy copy;
  std::string text = read_text(copy.districts);
  const std::size_t start = text.find("    moves_to: {angered: 0.801");
  REQUIRE(start != std::string::npos);
  text.erase(start, text.find('\n', start) + 1 - start);
  write_text(copy.districts, text);
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  INFO("diagnostics:" << describe(diagnostics));
  CHECK(at_key(diagnostics, "districts").message == "give moves_to for every district or for none");
}

TEST_CASE("districts.newcomer_moves_shares_must_sum_to_one") {
  ModelCopy copy;
  copy.edit(copy.districts, "newcomer_moves_share: 0.28", "newcomer_moves_share: 0.38");
  auto diagnostics = diagnostics_of([&] { load_districts(copy.districts); });
  INFO("diagnostics:" << describe(diagnostics));
  CHECK(contains(at_key(diagnostics, "districts").message, "shares sum to 1.1000"));
}

TEST_CASE("demography.moving_in_naming_an_unknown_stage_is_reported_with_suggestion") {
  ModelCopy copy;
  std::string text = copy.edit(copy.demography, "under_25: {education: 0.50", "under_25: {educaton: 0.50");
  auto diagnostics = diagnostics_of([&] { load_model(load_scenario(copy.scenario)); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "moving_in.stages.under_25.educaton");
  check_position(d, copy.demography, position_of(text, "educaton"));
  CHECK(d.message == "'educaton' is not a stage of the staircase; did you mean 'education'?");
}

TEST_CASE("demography.moving_in_to_an_exit_stage_is_refused") {
  ModelCopy copy;
  copy.edit(copy.demography, "outside: 0.03}\n    from_25", "moved_away: 0.03}\n    from_25");
  auto diagnostics = diagnostics_of([&] { load_model(load_scenario(copy.scenario)); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(at_key(diagnostics, "moving_in.stages.under_25.moved_away").message ==
        "'moved_away' is an exit stage; people moving in stand on a step");
}

TEST_CASE("demography.moves_within_city_rates_are_shares") {
  ModelCopy copy;
  std::string text = copy.edit(copy.demography, "per_year: {single_no_children: 0.12", "per_year: {single_no_children: 1.2");
  auto diagnostics = diagnostics_of([&] { load_demography(copy.demography); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  Diagnostic d = at_key(diagnostics, "moves_within_city.per_year.single_no_children");
  check_position(d, copy.demography, position_of(text, "1.2"));
}

}  // namespace trappsteg
