// What the report reads of the microdata: an arrival cohort's shares on each step (whole, the
// same people in each scenario) and its lanes; nothing for a database without microdata.

#include "output/microdata_reader.hpp"

#include "engine/sim/run.hpp"
#include "output/results_database.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

namespace trappsteg {
namespace {

/// Runs replicate 0 of a shipped scenario (seed 2016) and stores it in `database`, as run and compare do.
RunResult store_run(ResultsDatabase& database, const char* scenario, double scale, int months, MicrodataSpec microdata) {
  auto loaded = testing::load(scenario);
  loaded.scenario.seed = 2016;
  loaded.scenario.scale = scale;
  loaded.scenario.months = months;
  loaded.scenario.microdata = microdata;
  RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  RunRecord record;
  record.scenario = loaded.scenario.name;
  record.scale = scale;
  record.months = months;
  record.start_year = loaded.scenario.start_year;
  database.add_run(record, run, nullptr);
  return run;
}

constexpr MicrodataSpec kYearly{MicrodataSpec::Frequency::kYearly, 1.0};

}  // namespace

TEST_CASE("microdata_reader.an_arrival_cohort_is_followed_whole_in_every_scenario") {
  testing::TempDir folder("cohort");
  const std::filesystem::path file = folder.path / "results.sqlite";
  {
    ResultsDatabase database(file);
    for (const char* name : {"scenarios/baseline.yaml", "scenarios/newcomers_language_and_work.yaml"})
      store_run(database, name, 0.02, 36, kYearly);
  }
  const std::optional<CohortPaths> paths = read_cohort_paths(file, 10);
  REQUIRE(paths);
  CHECK(paths->cohort > 20);
  CHECK(paths->steps.back() == "left");
  // At the end of years 1, 2 and 3 the shares, "left" included, add up to the whole cohort.
  std::map<std::pair<std::string, std::int64_t>, double> total;
  for (const auto& r : paths->shares) total[{r["s"].get<std::string>(), r["k"].get<std::int64_t>()}] += r["v"].get<double>();
  CHECK(total.size() == 2 * 3);
  for (const auto& entry : total) {  // not a structured binding: clang 15 cannot capture one in INFO
    INFO(entry.first.first, " year ", entry.first.second);
    CHECK(entry.second == doctest::Approx(1.0));
  }
  // Year 1 is the end of the year they came: everyone is still in the city then.
  for (const auto& r : paths->shares) CHECK_FALSE((r["k"] == 1 && r["step"] == "left"));
  // Ten lanes, the same people in both scenarios, one cell per year they lived in the city.
  CHECK(paths->lane_people == 10);
  std::map<std::string, std::set<std::string>> people;
  for (const auto& r : paths->lanes) people[r["s"].get<std::string>()].insert(r["p"].get<std::string>());
  REQUIRE(people.size() == 2);
  CHECK(people.begin()->second == people.rbegin()->second);
  CHECK(people.begin()->second.size() == 10);
}

TEST_CASE("microdata_reader.the_second_generation_is_the_measure_s_children_by_the_same_ids_in_both_scenarios") {
  testing::TempDir folder("second-generation");
  const std::filesystem::path file = folder.path / "results.sqlite";
  std::size_t families_children_ever = 0;
  {
    ResultsDatabase database(file);
    for (const char* name : {"scenarios/baseline.yaml", "scenarios/families_250.yaml"}) {
      const RunResult run = store_run(database, name, 0.05, 36, kYearly);
      if (std::string(name) != "scenarios/families_250.yaml") continue;
      // By hand: children under 18 sharing a household, at a month kept, with a participant in families_250.
      const Microdata& m = *run.microdata;
      const auto policy = static_cast<std::int16_t>(std::find(m.policy_keys.begin(), m.policy_keys.end(), "families_250") - m.policy_keys.begin());
      std::set<std::pair<std::int32_t, std::uint32_t>> participants, homes;
      for (std::size_t r = 0; r < m.participations.size(); ++r)
        if (m.participations.policy[r] == policy) participants.insert({m.participations.month[r], m.participations.person[r]});
      for (std::size_t r = 0; r < m.panel.size(); ++r)
        if (participants.count({m.panel.month[r], m.panel.person[r]})) homes.insert({m.panel.month[r], m.panel.household[r]});
      std::set<std::uint32_t> children;
      for (std::size_t r = 0; r < m.panel.size(); ++r)
        if (m.panel.age_months[r] < 216 && homes.count({m.panel.month[r], m.panel.household[r]})) children.insert(m.panel.person[r]);
      families_children_ever = children.size();
    }
  }
  const std::vector<SecondGeneration> found = read_second_generation(file);
  REQUIRE(found.size() == 1);
  const SecondGeneration& g = found.front();
  CHECK(g.scenario == "families_250");
  CHECK(g.base == "baseline");
  CHECK(g.month == 36);
  CHECK(families_children_ever > 0);
  CHECK(g.children == families_children_ever);
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK(g.in_city[k] <= g.children);
    CHECK(g.aged_20_30[k] <= g.aged_20_plus[k]);
    CHECK(g.employed_20_30[k] <= g.aged_20_30[k]);
    CHECK(g.completed_school[k] <= g.aged_20_plus[k]);
  }
}

TEST_CASE("microdata_reader.a_database_without_microdata_has_no_cohort") {
  testing::TempDir folder("no-cohort");
  CHECK_FALSE(read_cohort_paths(folder.path / "results.sqlite"));  // no file
  const std::filesystem::path file = folder.path / "results.sqlite";
  {
    ResultsDatabase database(file);
    store_run(database, "scenarios/baseline.yaml", 0.02, 12, MicrodataSpec{});
  }
  CHECK_FALSE(read_cohort_paths(file));
}

}  // namespace trappsteg
