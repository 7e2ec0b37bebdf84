// Scenario inheritance (extends:) and changes by key path (run --set, sweeps).

#include "engine/scenario/overrides.hpp"
#include "engine/scenario/scenario.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("trappsteg-test-overrides-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path / "sub");
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
};

std::string model_block() {
  std::string text = "model:\n";
  for (const char* key : kModelFileKeys)
    text += std::string("  ") + key + ": " + testing::repo_path(std::string("models/goteborg/") + key + ".yaml").string() + "\n";
  return text;
}

std::vector<Diagnostic> diagnostics_of(auto&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("scenario.extends_merges_maps_replaces_values_and_appends_with_plus") {
  TempDir dir;
  dir.write("parent.yaml", "name: parent\n" + model_block() +
                               "scale: 0.1\nseed: 5\ndemography: {births: false, arrivals: true}\n"
                               "policies: [" + testing::repo_path("scenarios/policies/families_250.yaml").string() + "]\n"
                               "districts_only: [angered, lundby]\n");
  fs::path child = dir.write("sub/child.yaml",
                             "extends: ../parent.yaml\nname: child\nseed: 9\ndemography: {arrivals: false}\n"
                             "policies+: [" + fs::relative(testing::repo_path("scenarios/policies/youth_summer_jobs.yaml"), dir.path / "sub").string() + "]\n"
                             "districts_only: [centrum]\n");
  Scenario s = load_scenario(child);
  CHECK(s.name == "child");
  CHECK(s.seed == 9);
  CHECK(s.scale == 0.1);                     // from the parent
  CHECK_FALSE(s.demography.births);          // the parent's, kept by the deep merge
  CHECK_FALSE(s.demography.arrivals);        // the child's
  CHECK(s.districts_only == std::vector<std::string>{"centrum"});  // lists replace
  REQUIRE(s.policy_files.size() == 2);       // policies+ appends
  CHECK(s.policy_files[0].filename() == "families_250.yaml");
  CHECK(s.policy_files[1].filename() == "youth_summer_jobs.yaml");
  CHECK(fs::exists(s.policy_files[1]));      // resolved against the child's folder
  CHECK(s.model_files.districts == testing::repo_path("models/goteborg/districts.yaml"));
  Model model = load_model(s);
  CHECK(model.policies.size() == 2);
}

TEST_CASE("scenario.extends_reports_problems_of_the_parent_in_the_parent_and_cycles") {
  TempDir dir;
  dir.write("parent.yaml", "name: parent\n" + model_block() + "scael: 0.1\n");
  fs::path child = dir.write("child.yaml", "extends: parent.yaml\nseed: 1\n");
  auto d = diagnostics_of([&] { load_scenario(child); });
  REQUIRE(d.size() == 1);
  CHECK(d[0].where.file == dir.path / "parent.yaml");
  CHECK(d[0].key_path == "scael");

  dir.write("a.yaml", "extends: b.yaml\n");
  dir.write("b.yaml", "extends: a.yaml\n");
  auto cycle = diagnostics_of([&] { load_scenario(dir.path / "a.yaml"); });
  REQUIRE_FALSE(cycle.empty());
  CHECK(cycle.front().key_path == "extends");
}

TEST_CASE("overrides.change_scenario_model_and_policy_values_by_key_path") {
  auto s = load_scenario(testing::repo_path("scenarios/families_250.yaml"),
                         {{"scale", "0.25"},
                          {"staircase.transitions[from=job_seeker,to=first_job].base", "0.05"},
                          {"staircase.transitions[0].base", "0.02"},
                          {"districts.districts[key=angered].employment_rate_20_64", "0.6"},
                          {"benefits.income_support.norm.adults.single", "3000"},
                          {"demography.school.completion", "0.9"},
                          {"policy.families_250.capacity.seats", "800"}});
  CHECK(s.scale == 0.25);
  Model m = load_model(s);
  bool found = false;
  for (const auto& t : m.staircase.transitions)
    if (t.from == "job_seeker" && t.to == "first_job") {
      CHECK(t.base == 0.05);
      found = true;
    }
  CHECK(found);
  CHECK(m.staircase.transitions[0].base == 0.02);
  CHECK(m.districts.districts[0].key == "angered");
  CHECK(m.districts.districts[0].employment_rate == 0.6);
  CHECK(m.benefits.income_support.adult_single_sek == 3000);
  CHECK(m.demography.school_completion == 0.9);
  REQUIRE(m.policies.size() == 2);
  CHECK(m.policies[1].capacity.amount == 800);
  // The resolved texts carry the changes, so a run can be written out and repeated.
  CHECK(m.policies[1].resolved_yaml.find("seats: 800") != std::string::npos);
  CHECK(s.resolved_yaml.find("scale: 0.25") != std::string::npos);
}

TEST_CASE("overrides.scenario_prefix_names_the_scenario_s_own_key") {
  // demography.moving_in is the demography file's block; scenario.demography.moving_in the
  // scenario's switch of the same name.
  auto s = load_scenario(testing::repo_path("scenarios/baseline.yaml"), {{"scenario.demography.moving_in", "false"}, {"scenario.scale", "0.5"}});
  CHECK_FALSE(s.demography.moving_in);
  CHECK(s.demography.moving_away);
  CHECK(s.scale == 0.5);
  CHECK(override_target("scenario.demography.moving_in") == std::pair<std::string, std::string>{"scenario", "demography.moving_in"});
  CHECK(override_target("demography.moving_in.couples").first == "demography");
}

TEST_CASE("overrides.a_path_that_does_not_exist_is_reported_with_a_suggestion") {
  auto d = diagnostics_of([] {
    load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"), {{"economy.income_tax_rte", "0.3"}}));
  });
  // A key that is not in the file is added (so optional keys can be set) and then checked
  // like any other: a misspelt one is reported as unknown, at the override that added it.
  REQUIRE(d.size() == 1);
  CHECK(d[0].where.file == "--set economy.income_tax_rte=0.3");  // typed there, so reported there
  CHECK(d[0].key_path == "income_tax_rte");
  CHECK(d[0].message == "unknown key 'income_tax_rte'; did you mean 'income_tax_rate'?");

  auto deeper = diagnostics_of([] {
    load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"), {{"economy.wgae.log_sd", "0.3"}}));
  });
  REQUIRE(deeper.size() == 1);
  CHECK(deeper[0].key_path == "economy.wgae.log_sd");
  CHECK(deeper[0].message == "no key 'wgae' under 'the top' in economy.yaml; did you mean 'wage'?");

  auto selector = diagnostics_of([] {
    load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"),
                             {{"staircase.transitions[from=job_seeker,to=nowhere].base", "0.3"}}));
  });
  REQUIRE(selector.size() == 1);
  CHECK(selector[0].message.find("no element of 'transitions' matches") != std::string::npos);

  auto value = diagnostics_of([] {
    load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"), {{"economy.income_tax_rate", "1.5"}}));
  });
  REQUIRE(value.size() == 1);  // the changed value is validated like any other
  CHECK(value[0].message.find("1.5 is out of range") != std::string::npos);

  CHECK_THROWS_AS(parse_override("no-equals-sign"), InputError);
  Override o = parse_override("staircase.transitions[from=a,to=b].base=0.1");
  CHECK(o.path == "staircase.transitions[from=a,to=b].base");
  CHECK(o.value == "0.1");
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("overrides.a_selector_that_matches_two_elements_is_refused_and_a_dotted_key_tells_them_apart") {
  // Two transitions lead from job_seeker to education; only requires.max_age tells them apart.
  std::vector<Diagnostic> d;
  try {
    load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"),
                             {{"staircase.transitions[from=job_seeker,to=education].base", "0.1"}}));
  } catch (const InputError& e) {
    d = e.diagnostics();
  }
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("matches 2 elements") != std::string::npos);
  Model model = load_model(load_scenario(testing::repo_path("scenarios/baseline.yaml"),
                                         {{"staircase.transitions[from=job_seeker,to=education,requires.max_age=25].base", "0.1"}}));
  int changed = 0;
  for (const auto& t : model.staircase.transitions)
    if (t.from == "job_seeker" && t.to == "education") changed += t.base == 0.1 && t.condition.max_age == 25;
  CHECK(changed == 1);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("overrides.an_ambiguous_selector_lists_every_match_with_its_line") {
  // Lines 2 and 3 of the text both match [from=a,to=b].
  const std::string text =
      "transitions:\n"
      "  - {from: a, to: b, base: 0.1}\n"
      "  - {from: a, to: b, base: 0.2, requires: {max_age: 25}, source: \"a source far too long to help tell them apart\"}\n"
      "  - {from: a, to: c, base: 0.3}\n";
  YAML::Node root = YAML::Load(text);
  DiagnosticSink sink;
  auto applied = apply_overrides(root, {{"staircase.transitions[from=a,to=b].base", "0.5"}}, "staircase", "models/x/staircase.yaml", sink);
  CHECK(applied.empty());
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].message ==
        "the selector matches 2 elements of 'transitions': [0] at staircase.yaml:2 (from=a, to=b, base=0.1); "
        "[1] at staircase.yaml:3 (from=a, to=b, base=0.2, requires.max_age=25); select one by index, e.g. [0], "
        "or add a key that tells them apart, e.g. [from=a,to=b,requires.max_age=25]");
  // Neither element was changed.
  CHECK(root["transitions"][0]["base"].as<double>() == 0.1);
  CHECK(root["transitions"][1]["base"].as<double>() == 0.2);

  // Looking a path up does not pick the first of two matches either.
  CHECK_FALSE(find_key_path(root, "transitions[from=a,to=b].base").IsDefined());
  CHECK(find_key_path(root, "transitions[from=a,to=b,requires.max_age=25].base").as<double>() == 0.2);
  CHECK(find_key_path(root, "transitions[from=a,to=c].base").as<double>() == 0.3);
}

}  // namespace trappsteg
