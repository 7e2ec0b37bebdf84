// The loaders' hardening: inputs that used to slip through (or crash, or cost N² work) are
// refused with an InputError whose Diagnostics name the file, the 1-based line and column, the
// key path and the problem; and a districts_only run of a policy naming other districts works.
//
// Bad inputs are built by copying the shipped files into a fresh temporary folder (laid out as
// in the repository) and changing one thing. Expected lines and columns are computed from the
// changed text, so the tests do not depend on where in the shipped files a value happens to sit.

#include "engine/core/error.hpp"
#include "engine/metrics/outcomes.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/model.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/estimate.hpp"
#include "engine/sim/run.hpp"
#include "engine/staircase/graph.hpp"
#include "engine/step/simulation.hpp"
#include "output/writers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
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

/// Where the `n`th (0-based) occurrence of `needle` starts.
Position position_of_nth(const std::string& text, std::string_view needle, std::size_t n) {
  std::size_t at = text.find(needle);
  for (std::size_t k = 0; k < n && at != std::string::npos; ++k) at = text.find(needle, at + 1);
  REQUIRE_MESSAGE(at != std::string::npos, "occurrence " << n << " of '" << std::string(needle) << "' not found");
  return position_of(text, needle, at);
}

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("trappsteg-test-hardening-" + std::to_string(stamp) + "-" + std::to_string(random()) + "-" +
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

/// A copy of the shipped model, scenarios and policies laid out as in the repository
/// (scenarios/ and scenarios/policies/ next to models/goteborg/), so relative paths resolve.
struct RepoCopy {
  TempDir dir;

  RepoCopy() {
    for (const char* folder : {"models/goteborg", "scenarios", "scenarios/policies"})
      for (const auto& entry : fs::directory_iterator(kRoot / folder))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml")
          write_text(dir.path() / folder / entry.path().filename(), read_text(entry.path()));
  }
  /// A path inside the copy.
  fs::path path(const std::string& relative) const { return dir.path() / relative; }
  fs::path scenario(const std::string& name = "baseline") const { return path("scenarios/" + name + ".yaml"); }
  fs::path staircase() const { return path("models/goteborg/staircase.yaml"); }
  /// Writes a file in the copy and returns its path.
  fs::path write(const std::string& relative, const std::string& text) const {
    write_text(path(relative), text);
    return path(relative);
  }
  /// Applies one change to a copied file and returns the changed text.
  std::string edit(const fs::path& file, std::string_view from, std::string_view to) const {
    std::string text = replace_once(read_text(file), from, to);
    write_text(file, text);
    return text;
  }
  /// Appends lines to a copied file and returns the whole text.
  std::string append(const fs::path& file, const std::string& lines) const {
    std::string text = read_text(file) + lines;
    write_text(file, text);
    return text;
  }
};

/// Runs `load`, which must throw InputError, and returns its diagnostics. Any other exception
/// escapes and fails the test.
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

/// The only diagnostic, which must be at `key_path`.
Diagnostic only(const std::vector<Diagnostic>& diagnostics, const std::string& key_path) {
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  return at_key(diagnostics, key_path);
}

void check_position(const Diagnostic& d, const fs::path& file, Position expected) {
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == file);
  CHECK(d.where.line == expected.line);
  CHECK(d.where.column == expected.column);
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

void check_message(const Diagnostic& d, std::string_view part) {
  INFO("diagnostic: " << to_string(d));
  CHECK_MESSAGE(contains(d.message, part), "expected the message to contain '" << std::string(part) << "'");
}

/// The shipped baseline's model, which policies are checked against.
Model shipped_model() { return load_model(load_scenario(kBaseline)); }

/// Loads a policy text (written into `copy`) against the shipped model.
PolicySpec load_policy_text(const RepoCopy& copy, const std::string& text, const Model& model) {
  return load_policy(copy.write("scenarios/policies/test_policy.yaml", text), model, 2016);
}

/// A minimal valid policy, with `eligible`, `capacity` and extra top-level lines to vary.
std::string policy_text(const std::string& eligible_lines = "  stages: [job_seeker]\n",
                        const std::string& capacity_lines = "  seats: 10\n", const std::string& extra = "") {
  return "key: hardening_test\n"
         "eligible:\n" + eligible_lines +
         "capacity:\n" + capacity_lines + extra;
}

std::size_t outgoing_in(const StaircaseSpec& spec, const std::string& stage) {
  return static_cast<std::size_t>(
      std::count_if(spec.transitions.begin(), spec.transitions.end(), [&](const TransitionSpec& t) { return t.from == stage; }));
}

std::string repeated(const std::string& line, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += line;
  return text;
}

std::size_t district_index(const DistrictsSpec& districts, const std::string& key) {
  for (std::size_t d = 0; d < districts.districts.size(); ++d)
    if (districts.districts[d].key == key) return d;
  FAIL("no district '" << key << "'");
  return 0;
}

std::size_t policy_index(const Model& model, const std::string& key) {
  for (std::size_t p = 0; p < model.policies.size(); ++p)
    if (model.policies[p].key == key) return p;
  FAIL("no policy '" << key << "'");
  return 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. capacity.months_of_year

TEST_CASE("hardening.months_of_year_must_be_whole_distinct_calendar_months") {
  RepoCopy copy;
  const Model model = shipped_model();

  SUBCASE("a fraction of a month") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n  months_of_year: [6.5]\n");
    auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
    Diagnostic d = only(diagnostics, "capacity.months_of_year[0]");
    check_position(d, copy.path("scenarios/policies/test_policy.yaml"), position_of(text, "6.5"));
    check_message(d, "6.5 is not a calendar month");
  }
  SUBCASE("an empty list") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n  months_of_year: []\n");
    auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
    Diagnostic d = only(diagnostics, "capacity.months_of_year");
    check_position(d, copy.path("scenarios/policies/test_policy.yaml"), position_of(text, "months_of_year:"));
    check_message(d, "an empty list has no month with places");
  }
  SUBCASE("a month listed twice") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n  months_of_year: [6, 6]\n");
    auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
    Diagnostic d = only(diagnostics, "capacity.months_of_year[1]");
    check_position(d, copy.path("scenarios/policies/test_policy.yaml"), position_of(text, "6]"));  // the second 6
    check_message(d, "month 6 is listed twice");
  }
  SUBCASE("whole distinct months load") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n  months_of_year: [6, 7, 8]\n");
    PolicySpec policy = load_policy_text(copy, text, model);
    CHECK(policy.capacity.months_of_year == std::vector<int>{6, 7, 8});
  }
}

// ---------------------------------------------------------------------------------------------
// 2. eligible.stages and eligible.districts

TEST_CASE("hardening.eligible_stages_reject_exit_stages_and_empty_lists") {
  RepoCopy copy;
  const Model model = shipped_model();
  const fs::path file = copy.path("scenarios/policies/test_policy.yaml");

  // The exits of the shipped staircase, as it names them.
  REQUIRE(model.staircase.moved_stage == "moved_away");
  REQUIRE(model.staircase.dead_stage == "deceased");

  SUBCASE("moved_away") {
    std::string text = policy_text("  stages: [job_seeker, moved_away]\n");
    Diagnostic d = only(diagnostics_of([&] { load_policy_text(copy, text, model); }), "eligible.stages");
    check_position(d, file, position_of(text, "stages:"));
    check_message(d, "'moved_away' is an exit stage");
  }
  SUBCASE("deceased") {
    std::string text = policy_text("  stages: [deceased]\n");
    Diagnostic d = only(diagnostics_of([&] { load_policy_text(copy, text, model); }), "eligible.stages");
    check_position(d, file, position_of(text, "stages:"));
    check_message(d, "'deceased' is an exit stage");
  }
  SUBCASE("an empty list of stages") {
    std::string text = policy_text("  stages: []\n");
    Diagnostic d = only(diagnostics_of([&] { load_policy_text(copy, text, model); }), "eligible.stages");
    check_position(d, file, position_of(text, "stages:"));
    check_message(d, "an empty list admits nobody");
  }
  SUBCASE("an empty list of districts") {
    std::string text = policy_text("  stages: [job_seeker]\n  districts: []\n");
    Diagnostic d = only(diagnostics_of([&] { load_policy_text(copy, text, model); }), "eligible.districts");
    check_position(d, file, position_of(text, "districts:"));
    check_message(d, "an empty list admits nobody");
  }
}

// ---------------------------------------------------------------------------------------------
// 3. districts_only

TEST_CASE("hardening.scenario_districts_only_empty_list_is_rejected_at_the_key") {
  RepoCopy copy;
  std::string text = copy.append(copy.scenario(), "districts_only: []\n");
  auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario()); });
  Diagnostic d = only(diagnostics, "districts_only");
  check_position(d, copy.scenario(), position_of(text, "districts_only:"));
  check_message(d, "an empty list runs no district");
}

// ---------------------------------------------------------------------------------------------
// 4. At most 24 transitions out of a stage

TEST_CASE("hardening.stage_with_more_than_24_outgoing_transitions_is_rejected") {
  REQUIRE(kMaxOutgoingTransitions == 24);
  RepoCopy copy;
  const std::size_t shipped = outgoing_in(load_staircase(copy.staircase()), "job_seeker");
  REQUIRE(shipped < 24);
  const std::string extra = "  - {from: job_seeker, to: outside, base: 0.0001}\n";

  SUBCASE("24 load") {
    copy.edit(copy.staircase(), "\ntransitions:\n", "\ntransitions:\n" + repeated(extra, 24 - shipped));
    StaircaseSpec spec = load_staircase(copy.staircase());
    CHECK(outgoing_in(spec, "job_seeker") == 24);
  }
  SUBCASE("25 are refused at the stage") {
    std::string text = copy.edit(copy.staircase(), "\ntransitions:\n", "\ntransitions:\n" + repeated(extra, 25 - shipped));
    auto diagnostics = diagnostics_of([&] { load_staircase(copy.staircase()); });
    Diagnostic d = only(diagnostics, "stages.job_seeker");
    check_position(d, copy.staircase(), position_of(text, "job_seeker:  {name"));
    check_message(d, "25 transitions leave this stage");
    check_message(d, "at most 24");
  }
}

TEST_CASE("hardening.policy_new_transitions_pushing_a_stage_over_24_are_rejected") {
  RepoCopy copy;
  const Model model = shipped_model();
  const fs::path file = copy.path("scenarios/policies/test_policy.yaml");
  const std::size_t shipped = outgoing_in(model.staircase, "job_seeker");
  REQUIRE(shipped < 24);
  const std::string extra = "    - {from: job_seeker, to: first_job, base: 0.001}\n";

  SUBCASE("up to 24 with the staircase's load") {
    std::string text = policy_text() + "effects:\n  new_transitions:\n" + repeated(extra, 24 - shipped);
    PolicySpec policy = load_policy_text(copy, text, model);
    CHECK(policy.effects.new_transitions.size() == 24 - shipped);
  }
  SUBCASE("the 25th is refused at its 'from'") {
    const std::size_t added = 25 - shipped;
    std::string text = policy_text() + "effects:\n  new_transitions:\n" + repeated(extra, added);
    auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
    const std::size_t last = added - 1;
    Diagnostic d = only(diagnostics, "effects.new_transitions[" + std::to_string(last) + "].from");
    Position element = position_of_nth(text, "{from: job_seeker", last);
    check_position(d, file, {element.line, element.column + 1});  // the 'from' key inside '{'
    check_message(d, "25 transitions leave 'job_seeker'");
    check_message(d, "at most 24");
  }
}

// ---------------------------------------------------------------------------------------------
// 5. At most 5 priority keys

TEST_CASE("hardening.allocation_order_with_more_than_5_keys_is_rejected") {
  REQUIRE(kMaxPriorityKeys == 5);
  RepoCopy copy;
  const Model model = shipped_model();
  const std::string five = "support_months_last_12 desc, months_in_stage desc, months_since_arrival asc, age asc, "
                           "household_with_children desc";

  SUBCASE("5 load") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n", "allocation:\n  order: [" + five + "]\n");
    CHECK(load_policy_text(copy, text, model).allocation.order.size() == 5);
  }
  SUBCASE("6 are refused") {
    std::string text = policy_text("  stages: [job_seeker]\n", "  seats: 10\n", "allocation:\n  order: [" + five + ", age desc]\n");
    auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
    Diagnostic d = only(diagnostics, "allocation.order");
    check_position(d, copy.path("scenarios/policies/test_policy.yaml"), position_of(text, "order:"));
    check_message(d, "6 priority keys are given");
    check_message(d, "at most 5");
  }
}

// ---------------------------------------------------------------------------------------------
// 6, 7. Names that become folder and file names

TEST_CASE("hardening.scenario_name_that_is_a_path_is_rejected_at_the_name") {
  for (const std::string name : {"../../x", "/abs"}) {
    CAPTURE(name);
    RepoCopy copy;
    std::string text = copy.edit(copy.scenario(), "\nname: baseline\n", "\nname: " + name + "\n");
    auto diagnostics = diagnostics_of([&] { load_scenario(copy.scenario()); });
    Diagnostic d = only(diagnostics, "name");
    check_position(d, copy.scenario(), position_of(text, "name: " + name));
    check_message(d, "'" + name + "' cannot name a results folder");
  }
}

TEST_CASE("hardening.scenario_without_a_name_is_named_after_its_file_with_safe_characters") {
  RepoCopy copy;
  std::string text = replace_once(read_text(copy.scenario()), "\nname: baseline\n", "\n");
  fs::path file = copy.write("scenarios/my scenario.yaml", text);
  Scenario scenario = load_scenario(file);
  CHECK(scenario.name == "my_scenario");
}

TEST_CASE("hardening.policy_key_that_is_a_path_is_rejected_at_the_key") {
  RepoCopy copy;
  const Model model = shipped_model();
  std::string text = "# a policy whose key would steer its files out of the results folder\n" +
                     replace_once(policy_text(), "key: hardening_test\n", "key: a/b\n");
  auto diagnostics = diagnostics_of([&] { load_policy_text(copy, text, model); });
  Diagnostic d = only(diagnostics, "key");
  check_position(d, copy.path("scenarios/policies/test_policy.yaml"), position_of(text, "key: a/b"));
  check_message(d, "'a/b' cannot name the policy's files");
}

// ---------------------------------------------------------------------------------------------
// 8. A policy listed twice, very many times, or two policies with one key

TEST_CASE("hardening.policy_file_listed_twice_is_reported_once_at_the_second_listing") {
  RepoCopy copy;
  const std::string line = "  - policies/competence_centre_gamlestaden.yaml\n";
  std::string text = copy.edit(copy.scenario(), line, line + line);
  Scenario scenario = load_scenario(copy.scenario());
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  Diagnostic d = only(diagnostics, "policies[1]");
  Position second = position_of_nth(text, "policies/competence_centre_gamlestaden.yaml", 1);
  check_position(d, copy.scenario(), second);
  check_message(d, "already listed");
  check_message(d, "policies[0]");
}

TEST_CASE("hardening.policy_file_listed_5000_times_gives_few_diagnostics") {
  RepoCopy copy;
  const std::string line = "  - policies/competence_centre_gamlestaden.yaml\n";
  copy.edit(copy.scenario(), line, repeated(line, 5000));
  try {
    Scenario scenario = load_scenario(copy.scenario());
    CHECK(scenario.policy_files.size() == 5000);
    load_model(scenario);
    FAIL("expected an InputError, but loading succeeded");
  } catch (const InputError& e) {
    INFO("diagnostics:" << describe(e.diagnostics()));
    CHECK_FALSE(e.diagnostics().empty());
    CHECK(e.diagnostics().size() < 5);
  }
}

TEST_CASE("hardening.two_policy_files_with_the_same_key_give_one_diagnostic_about_the_key") {
  RepoCopy copy;
  const fs::path twin = copy.write("scenarios/policies/gamlestaden_twin.yaml",
                                   read_text(copy.path("scenarios/policies/competence_centre_gamlestaden.yaml")));
  const std::string line = "  - policies/competence_centre_gamlestaden.yaml\n";
  copy.edit(copy.scenario(), line, line + "  - policies/gamlestaden_twin.yaml\n");
  Scenario scenario = load_scenario(copy.scenario());
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  Diagnostic d = only(diagnostics, "key");
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == twin);
  const std::string twin_text = read_text(twin);
  CHECK(d.where.line == position_of(twin_text, "key:").line);  // at the key, not the file's first line
  check_message(d, "policy key 'competence_centre_gamlestaden' is also the key of");
  check_message(d, "competence_centre_gamlestaden.yaml");
}

// ---------------------------------------------------------------------------------------------
// 9. Overrides

TEST_CASE("hardening.override_list_index_too_large_for_a_long_is_an_input_error") {
  SUBCASE("in a model file") {
    Override o = parse_override("staircase.transitions[99999999999999999999].base=1");
    CHECK(o.path == "staircase.transitions[99999999999999999999].base");
    CHECK(o.value == "1");
    std::vector<Diagnostic> diagnostics;
    CHECK_NOTHROW(diagnostics = diagnostics_of([&] {
                    Scenario scenario = load_scenario(kBaseline, {o});
                    load_model(scenario);
                  }));
    Diagnostic d = only(diagnostics, o.path);
    CHECK(d.where.file == fs::path("--set staircase.transitions[99999999999999999999].base=1"));
    check_message(d, "99999999999999999999");
    check_message(d, "is not a list index");
  }
  SUBCASE("in the scenario") {
    Override o = parse_override("policies[99999999999999999999]=x.yaml");
    std::vector<Diagnostic> diagnostics;
    CHECK_NOTHROW(diagnostics = diagnostics_of([&] { load_scenario(kBaseline, {o}); }));
    Diagnostic d = only(diagnostics, o.path);
    check_message(d, "is not a list index");
  }
}

TEST_CASE("hardening.override_value_that_is_not_yaml_is_an_input_error_naming_the_override") {
  Override o = parse_override("scale=[0.1");
  CHECK(o.path == "scale");
  CHECK(o.value == "[0.1");
  auto diagnostics = diagnostics_of([&] { load_scenario(kBaseline, {o}); });
  Diagnostic d = only(diagnostics, "scale");
  CHECK(d.where.file == fs::path("--set scale=[0.1"));
  check_message(d, "the value '[0.1' is not valid YAML");
}

TEST_CASE("hardening.bad_override_value_is_reported_at_the_override") {
  auto diagnostics = diagnostics_of([&] { load_scenario(kBaseline, {parse_override("scale=nan")}); });
  Diagnostic d = only(diagnostics, "scale");
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == fs::path("--set scale=nan"));
  CHECK(d.where.line == 0);
  CHECK(d.where.column == 0);
  check_message(d, "expected a number");
}

TEST_CASE("hardening.bad_policy_override_value_gives_exactly_one_diagnostic") {
  const fs::path families = kRoot / "scenarios" / "families_250.yaml";
  Override o = parse_override("policy.families_250.capacity.seats=-5");
  Scenario scenario = load_scenario(families, {o});
  auto diagnostics = diagnostics_of([&] { load_model(scenario); });
  Diagnostic d = only(diagnostics, "capacity.seats");
  INFO("diagnostic: " << to_string(d));
  CHECK(d.where.file == fs::path("--set policy.families_250.capacity.seats=-5"));
  check_message(d, "-5 is out of range");
  for (const auto& other : diagnostics) CHECK_FALSE(contains(other.message, "runs no policy"));
}

// ---------------------------------------------------------------------------------------------
// 10. districts_only with a policy that names other districts

TEST_CASE("hardening.districts_only_runs_one_district_of_a_policy_naming_others") {
  RepoCopy copy;
  const fs::path file = copy.scenario("competence_centres_2016");
  std::string text = replace_once(read_text(file), "\nyears: 10\n", "\nmonths: 3\n");
  text = replace_once(text, "\nscale: 1.0\n", "\nscale: 0.02\n");
  write_text(file, text + "districts_only: [angered]\n");

  Scenario scenario = load_scenario(file);
  REQUIRE(scenario.districts_only == std::vector<std::string>{"angered"});
  Model model = load_model(scenario);
  REQUIRE(model.districts.districts.size() == 1);
  CHECK(model.districts.districts[0].key == "angered");
  Staircase staircase(model.staircase);

  const std::size_t centres = policy_index(model, "competence_centres_2016");
  const auto& amounts = model.policies[centres].capacity.district_amounts;
  REQUIRE(amounts.size() > 1);  // the policy names other districts than Angered
  double angered_places = -1;
  for (const auto& [key, amount] : amounts)
    if (key == "angered") angered_places = amount;
  REQUIRE(angered_places > 0);

  SUBCASE("three months run") {
    RunResult run = run_replicate(scenario, model, staircase, 0);
    CHECK(run.initial_people > 0);
    CHECK(run.initial_people ==
          static_cast<std::size_t>(std::llround(model.districts.districts[0].population * scenario.scale)));
    CHECK(run.outcomes.area_keys == std::vector<std::string>{"angered", "city"});
    CHECK(run.outcomes.monthly.months == 3);
    const double population = run.outcomes.monthly.at(2, 1, Group::kAll, Metric::kPopulation);
    CHECK(std::isfinite(population));
    CHECK(population > 0);
  }
  SUBCASE("the policy's places are Angered's only") {
    // The centres open in September 2016 and reach full size over six months: step past that.
    const int start = model.policies[centres].capacity.start_month;
    const int full = start + model.policies[centres].capacity.ramp_up_months;
    Simulation simulation(scenario, model, staircase, 0);
    for (int m = 0; m < full; ++m) simulation.step();
    REQUIRE(simulation.policy_accounts().size() == model.policies.size());
    CHECK(simulation.policy_accounts()[centres].capacity == std::llround(angered_places * scenario.scale));
  }
}

TEST_CASE("hardening.districts_only_keeps_each_districts_wage_level") {
  RepoCopy copy;
  const fs::path file = copy.scenario("competence_centres_2016");
  write_text(file, read_text(file) + "districts_only: [angered]\n");
  Model only_angered = load_model(load_scenario(file));
  // The full city, as the shipped scenario loads it.
  Model shipped = load_model(load_scenario(kRoot / "scenarios" / "competence_centres_2016.yaml"));
  REQUIRE(only_angered.districts.districts.size() == 1);
  REQUIRE(shipped.districts.districts.size() > 1);

  const std::size_t angered_in_city = district_index(shipped.districts, "angered");
  WageModel city(shipped.economy, shipped.districts);
  WageModel alone(only_angered.economy, only_angered.districts);
  for (int education = 0; education < kEducationLevels; ++education)
    for (double u : {0.05, 0.3, 0.5, 0.77, 0.99}) {
      CAPTURE(education);
      CAPTURE(u);
      CHECK(alone.draw(0, education, u) == city.draw(angered_in_city, education, u));
    }

  // What the fix is about: Angered measured against itself would earn the city's median.
  DistrictsSpec against_itself = only_angered.districts;
  against_itself.city_mean_income_sek = 0;
  WageModel wrong(only_angered.economy, against_itself);
  CHECK(wrong.draw(0, 1, 0.5) != doctest::Approx(city.draw(angered_in_city, 1, 0.5)));
}

// ---------------------------------------------------------------------------------------------
// 11. validate_file

TEST_CASE("hardening.validate_file_reports_a_bad_key_in_the_baseline_scenario") {
  RepoCopy copy;
  std::string baseline = copy.edit(copy.scenario(), "\nreplicates: 1\n", "\nreplicats: 1\n");
  auto diagnostics = diagnostics_of([&] { validate_file(copy.scenario("families_250")); });
  Diagnostic d = only(diagnostics, "replicats");
  check_position(d, copy.scenario(), position_of(baseline, "replicats:"));
  check_message(d, "unknown key 'replicats'");
}

TEST_CASE("hardening.validate_file_takes_a_scenario_that_only_extends_another") {
  RepoCopy copy;
  fs::path file = copy.write("scenarios/only_extends.yaml",
                             "extends: baseline.yaml\ndescription: \"The baseline, under another name.\"\n");
  CHECK(validate_file(file) == FileKind::kScenario);
}

TEST_CASE("hardening.validate_file_recognises_the_shipped_sweeps") {
  for (const auto& entry : fs::directory_iterator(kRoot / "scenarios" / "sweeps")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    CHECK(validate_file(entry.path()) == FileKind::kSweep);
  }
}

TEST_CASE("hardening.validate_file_names_the_sweep_point_with_a_bad_value") {
  RepoCopy copy;
  const std::string path = "staircase.transitions[from=job_seeker,to=first_job].base";
  fs::path sweep = copy.write("scenarios/sweeps/bad.yaml",
                              "description: \"A grid with one negative hazard.\"\n"
                              "base: ../baseline.yaml\n"
                              "design: grid\n"
                              "parameters:\n"
                              "  - path: " + path + "\n"
                              "    values: [0.035, -0.01, 0.045]\n");
  auto diagnostics = diagnostics_of([&] { validate_file(sweep); });
  INFO("diagnostics:" << describe(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  const Diagnostic& d = diagnostics[0];
  INFO("diagnostic: " << to_string(d));
  CHECK(d.key_path.ends_with("].base"));
  CHECK(d.where.file == fs::path("--set " + path + "=-0.01"));
  check_message(d, "-0.01 is out of range");
  check_message(d, "(sweep point 1)");
  CHECK(contains(to_string(d), "(sweep point 1)"));
}

// ---------------------------------------------------------------------------------------------
// 12. estimate_run against a run

TEST_CASE("hardening.estimate_run_is_close_to_what_a_run_holds_and_writes") {
  Scenario scenario = load_scenario(kBaseline, {parse_override("scale=0.05"), parse_override("years=2")});
  REQUIRE(scenario.months == 24);
  Model model = load_model(scenario);
  Staircase staircase(model.staircase);
  const RunEstimate estimate = estimate_run(scenario, model);

  // A run, as run_replicate does it, keeping the simulation to count its people at the end.
  Simulation simulation(scenario, model, staircase, 0);
  Recorder recorder(simulation, scenario.months);
  for (int m = 0; m < scenario.months; ++m) {
    simulation.step();
    recorder.record(simulation);
  }
  RunResult run;
  run.outcomes = recorder.finish(simulation);
  const double people = static_cast<double>(simulation.population().people.size());

  std::ostringstream csv;
  write_outcomes_csv(csv, scenario.name, run);
  const double csv_bytes = static_cast<double>(csv.str().size());

  INFO("estimated people " << estimate.people << ", actual " << people);
  INFO("estimated csv bytes " << estimate.csv_bytes << ", actual " << csv_bytes);
  CHECK(estimate.people >= 0.85 * people);
  CHECK(estimate.people <= 1.15 * people);
  CHECK(estimate.csv_bytes >= csv_bytes / 2);
  CHECK(estimate.csv_bytes <= csv_bytes * 2);
}

}  // namespace trappsteg
