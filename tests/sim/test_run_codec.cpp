// A run's result survives the trip through bytes (what MPI ranks send rank 0) whole: every
// writer gives the same text, and the bytes of the copy are the bytes of the original. A
// scenario's plan loads the same scenario elsewhere, or says why it cannot.

#include "engine/sim/run_codec.hpp"
#include "output/writers.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace trappsteg {
namespace {

std::string all_writers(const RunResult& run) {
  std::ostringstream text;
  write_outcomes_csv(text, "s", run);
  write_stages_csv(text, "s", run);
  write_newcomers_csv(text, "s", run);
  write_policies_csv(text, "s", run);
  write_lottery_csv(text, "s", run);
  write_lottery_years_csv(text, "s", run);
  write_policy_phases_csv(text, "s", run);
  return text.str();
}

// A small run with policies, a lottery and microdata: every table has rows.
const RunResult& trial_run() {
  static const RunResult run = [] {
    auto loaded = testing::load("scenarios/newcomers_language_and_work_trial.yaml");
    loaded.scenario.scale = 0.01;
    loaded.scenario.months = 14;
    loaded.scenario.warm_up_months = 0;
    loaded.scenario.microdata.frequency = MicrodataSpec::Frequency::kMonthly;
    loaded.scenario.microdata.sample = 0.2;
    return run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 1);
  }();
  return run;
}

}  // namespace

TEST_CASE("run_codec.a_result_comes_back_whole") {
  const RunResult& run = trial_run();
  REQUIRE(run.microdata);
  REQUIRE(run.microdata->panel.size() > 0);
  REQUIRE(run.microdata->events.size() > 0);
  REQUIRE(!run.outcomes.lotteries.keys.empty());
  REQUIRE(!run.outcomes.newcomers.by_year.empty());

  const std::vector<std::byte> bytes = encode_run_result(run);
  const RunResult copy = decode_run_result(bytes);
  CHECK(all_writers(copy) == all_writers(run));
  CHECK(encode_run_result(copy) == bytes);
  CHECK(copy.replicate == 1);
  CHECK(copy.person_months == run.person_months);
  CHECK(copy.times.seconds == run.times.seconds);
  REQUIRE(copy.microdata);
  CHECK(copy.microdata->panel.household_equivalised_sek == run.microdata->panel.household_equivalised_sek);
  CHECK(copy.microdata->events.kind == run.microdata->events.kind);
  CHECK(copy.microdata->policy_keys == run.microdata->policy_keys);
}

TEST_CASE("run_codec.empty_tables_come_back_empty") {
  RunResult empty;
  empty.replicate = 7;
  empty.microdata.emplace();  // present, with no rows
  const RunResult copy = decode_run_result(encode_run_result(empty));
  CHECK(copy.replicate == 7);
  CHECK(copy.outcomes.monthly.values.empty());
  CHECK(copy.outcomes.area_keys.empty());
  REQUIRE(copy.microdata);
  CHECK(copy.microdata->panel.size() == 0);
  CHECK(encode_run_result(copy) == encode_run_result(empty));
}

TEST_CASE("run_codec.damaged_bytes_are_refused") {
  std::vector<std::byte> bytes = encode_run_result(trial_run());
  SUBCASE("the last byte missing") {
    bytes.pop_back();
    CHECK_THROWS_WITH_AS(decode_run_result(bytes), doctest::Contains("truncated or damaged"), std::runtime_error);
  }
  SUBCASE("cut in the middle") {
    bytes.resize(bytes.size() / 2);
    CHECK_THROWS_WITH_AS(decode_run_result(bytes), doctest::Contains("truncated or damaged"), std::runtime_error);
  }
  SUBCASE("bytes left over") {
    bytes.push_back(std::byte{0});
    CHECK_THROWS_WITH_AS(decode_run_result(bytes), doctest::Contains("left over"), std::runtime_error);
  }
  SUBCASE("a size that cannot be") {
    // The replicate, then the first vector's size (the area keys) announced as far more than
    // the bytes that follow.
    std::vector<std::byte> damaged(bytes.begin(), bytes.begin() + sizeof(std::uint32_t));
    const std::uint64_t huge = std::uint64_t{1} << 60;
    const auto* p = reinterpret_cast<const std::byte*>(&huge);
    damaged.insert(damaged.end(), p, p + sizeof huge);
    CHECK_THROWS_WITH_AS(decode_run_result(damaged), doctest::Contains("truncated or damaged"), std::runtime_error);
  }
}

TEST_CASE("run_codec.a_scenario_plan_loads_the_same_scenario_with_its_settings") {
  testing::BaselineFolder folder("plan");
  const std::vector<Override> overrides{{"economy.income_tax_rate", "0.3"}};
  LoadedScenario original = load_scenario_for_run(folder.path / "scenario.yaml", overrides);
  original.scenario.months = 30;
  original.scenario.warm_up_months = 5;
  original.scenario.scale = 0.03;
  original.scenario.seed = 99;
  original.scenario.replicates = 4;
  original.scenario.microdata.frequency = MicrodataSpec::Frequency::kYearly;
  original.scenario.outputs.frequency = OutputsSpec::Frequency::kYearly;
  original.scenario.gap_between = {"angered", "centrum"};
  const std::vector<std::byte> plan = encode_scenario_plan(original);

  SUBCASE("loaded again") {
    const LoadedScenario copy = decode_scenario_plan(plan);
    CHECK(copy.recipe.fingerprint == original.recipe.fingerprint);
    CHECK(copy.recipe.file == original.recipe.file);
    CHECK(copy.model.resolved_yaml == original.model.resolved_yaml);
    CHECK(copy.scenario.months == 30);
    CHECK(copy.scenario.warm_up_months == 5);
    CHECK(copy.scenario.scale == 0.03);
    CHECK(copy.scenario.seed == 99);
    CHECK(copy.scenario.replicates == 4);
    CHECK(copy.scenario.microdata.frequency == MicrodataSpec::Frequency::kYearly);
    CHECK(copy.scenario.outputs.frequency == OutputsSpec::Frequency::kYearly);
    CHECK(copy.scenario.gap_between == original.scenario.gap_between);
    REQUIRE(copy.recipe.overrides.size() == 1);
    CHECK(copy.recipe.overrides[0].value == "0.3");
  }
  SUBCASE("a file changed since is named") {
    folder.write("scenario.yaml", "extends: " + testing::repo_path("scenarios/baseline.yaml").string() + "\nwarm_up_months: 1\n");
    CHECK_THROWS_WITH_AS(decode_scenario_plan(plan), doctest::Contains("is not the same here"), std::runtime_error);
  }
}

}  // namespace trappsteg
