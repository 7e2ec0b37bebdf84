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

TEST_CASE("microdata_reader.an_arrival_cohort_is_followed_whole_in_every_scenario") {
  testing::TempDir folder("cohort");
  const std::filesystem::path file = folder.path / "results.sqlite";
  std::set<std::string> scenarios;
  {
    ResultsDatabase database(file);
    for (const char* name : {"scenarios/baseline.yaml", "scenarios/newcomers_language_and_work.yaml"}) {
      auto loaded = testing::load(name);
      loaded.scenario.seed = 2016;
      loaded.scenario.scale = 0.02;
      loaded.scenario.months = 36;
      loaded.scenario.microdata = {MicrodataSpec::Frequency::kYearly, 1.0};
      const RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
      RunRecord record;
      record.scenario = loaded.scenario.name;
      record.scale = loaded.scenario.scale;
      record.months = loaded.scenario.months;
      record.start_year = loaded.scenario.start_year;
      database.add_run(record, run, nullptr);
      scenarios.insert(loaded.scenario.name);
    }
  }
  const std::optional<CohortPaths> paths = read_cohort_paths(file, 10);
  REQUIRE(paths);
  CHECK(paths->cohort > 20);
  CHECK(paths->steps.back() == "left");
  // At the end of years 1, 2 and 3 the shares, "left" included, add up to the whole cohort.
  std::map<std::pair<std::string, std::int64_t>, double> total;
  for (const auto& r : paths->shares) total[{r["s"].get<std::string>(), r["k"].get<std::int64_t>()}] += r["v"].get<double>();
  CHECK(total.size() == 2 * 3);
  for (const auto& [key, sum] : total) {
    INFO(key.first, " year ", key.second);
    CHECK(sum == doctest::Approx(1.0));
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

TEST_CASE("microdata_reader.a_database_without_microdata_has_no_cohort") {
  testing::TempDir folder("no-cohort");
  CHECK_FALSE(read_cohort_paths(folder.path / "results.sqlite"));  // no file
  const std::filesystem::path file = folder.path / "results.sqlite";
  {
    ResultsDatabase database(file);
    auto loaded = testing::load("scenarios/baseline.yaml");
    loaded.scenario.scale = 0.02;
    loaded.scenario.months = 12;
    RunRecord record;
    record.scenario = "baseline";
    record.scale = 0.02;
    record.months = 12;
    record.start_year = 2016;
    database.add_run(record, run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0), nullptr);
  }
  CHECK_FALSE(read_cohort_paths(file));
}

}  // namespace trappsteg
