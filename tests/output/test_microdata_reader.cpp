// What the report reads of the microdata: an arrival cohort's shares on each step and its flows
// from step to step between years (whole, the same people in each scenario) and its lanes;
// nothing for a database without microdata.

#include "output/microdata_reader.hpp"

#include "engine/sim/run.hpp"
#include "output/results_database.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <map>
#include <set>
#include <tuple>

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

using YearStep = std::pair<std::int64_t, std::string>;                      // (k, step)
using YearFlow = std::tuple<std::int64_t, std::string, std::string>;      // (k, from, to)

/// The cohort's people on each step and from step to step, counted from a run's microdata in memory
/// by read_cohort_paths' definition: adults (18+ at arrival) who arrived from abroad in months 1–12
/// and were in the city at month 12; each one's step at the end of every year, "left" without a row.
std::pair<std::map<YearStep, std::size_t>, std::map<YearFlow, std::size_t>> count_cohort(const Microdata& m, int months) {
  std::set<std::uint32_t> arrived, cohort;
  for (std::size_t e = 0; e < m.events.size(); ++e)
    if (m.events.kind[e] == EventKind::kArrived && m.events.month[e] >= 1 && m.events.month[e] <= 12) arrived.insert(m.events.person[e]);
  std::map<std::pair<std::uint32_t, std::int64_t>, std::string> step;  // (person, k)
  for (std::size_t r = 0; r < m.panel.size(); ++r) {
    if (m.panel.month[r] == 12 && arrived.count(m.panel.person[r]) && m.panel.age_months[r] - m.panel.months_since_arrival[r] >= 216)
      cohort.insert(m.panel.person[r]);
    if (m.panel.month[r] > 0 && m.panel.month[r] % 12 == 0) step[{m.panel.person[r], m.panel.month[r] / 12}] = m.stage_keys[m.panel.stage[r]];
  }
  auto at = [&](std::uint32_t person, std::int64_t k) {
    const auto found = step.find({person, k});
    return found == step.end() ? std::string("left") : found->second;
  };
  std::map<YearStep, std::size_t> on;
  std::map<YearFlow, std::size_t> moved;
  for (const std::uint32_t person : cohort)
    for (std::int64_t k = 1; k <= months / 12; ++k) {
      ++on[{k, at(person, k)}];
      if (k < months / 12) ++moved[{k, at(person, k), at(person, k + 1)}];
    }
  return {on, moved};
}

}  // namespace

TEST_CASE("microdata_reader.an_arrival_cohort_is_followed_whole_in_every_scenario") {
  testing::TempDir folder("cohort");
  const std::filesystem::path file = folder.path / "results.sqlite";
  std::map<std::string, std::pair<std::map<YearStep, std::size_t>, std::map<YearFlow, std::size_t>>> counted;  // by scenario
  {
    ResultsDatabase database(file);
    for (const char* name : {"scenarios/baseline.yaml", "scenarios/newcomers_language_and_work.yaml"})
      counted[testing::load(name).scenario.name] = count_cohort(*store_run(database, name, 0.02, 36, kYearly).microdata, 36);
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
  // The people on each step and the flows between years are those counted from the runs' own microdata.
  std::map<std::string, std::map<YearStep, std::size_t>> on;
  std::map<std::string, std::map<YearFlow, std::size_t>> moved;
  for (const auto& r : paths->shares)
    on[r["s"].get<std::string>()][{r["k"].get<std::int64_t>(), r["step"].get<std::string>()}] = r["n"].get<std::size_t>();
  for (const auto& r : paths->flows)
    moved[r["s"].get<std::string>()][{r["k"].get<std::int64_t>(), r["from"].get<std::string>(), r["to"].get<std::string>()}] =
        r["n"].get<std::size_t>();
  REQUIRE(on.size() == 2);
  REQUIRE(moved.size() == 2);
  for (const auto& scenario : counted) {
    INFO(scenario.first);
    CHECK(on[scenario.first] == scenario.second.first);
    CHECK(moved[scenario.first] == scenario.second.second);
    CHECK(scenario.second.second.size() > 4);  // people move between steps, not only stay
  }
  // The flows out of year k add up to its steps' people, the flows into year k + 1 to that year's.
  for (const auto& scenario : moved) {
    std::map<YearStep, std::size_t> out, in, before_last, after_first;
    for (const auto& [flow, n] : scenario.second) {
      out[{std::get<0>(flow), std::get<1>(flow)}] += n;
      in[{std::get<0>(flow) + 1, std::get<2>(flow)}] += n;
    }
    std::size_t cohort = 0;
    for (const auto& [year_step, n] : on[scenario.first]) {
      if (year_step.first < 3) before_last[year_step] = n;
      if (year_step.first > 1) after_first[year_step] = n;
      if (year_step.first == 1) cohort += n;
    }
    INFO(scenario.first);
    CHECK(out == before_last);
    CHECK(in == after_first);
    for (const auto& r : paths->flows)
      if (r["s"] == scenario.first) CHECK(r["v"].get<double>() == doctest::Approx(r["n"].get<double>() / static_cast<double>(cohort)));
  }
  // Ten lanes, the same people in both scenarios, one cell per year they lived in the city.
  CHECK(paths->lane_people == 10);
  std::map<std::string, std::set<std::string>> people;
  for (const auto& r : paths->lanes) people[r["s"].get<std::string>()].insert(r["p"].get<std::string>());
  REQUIRE(people.size() == 2);
  CHECK(people.begin()->second == people.rbegin()->second);
  CHECK(people.begin()->second.size() == 10);
}

TEST_CASE("microdata_reader.a_hand_made_cohort_s_steps_and_flows_are_counted_person_by_person") {
  testing::TempDir folder("cohort-by-hand");
  const std::filesystem::path file = folder.path / "results.sqlite";
  { ResultsDatabase schema(file); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  auto execute = [&](const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql, ": ", message ? message : "");
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  };
  // Two replicates of three years. A row: (run, month, person, age in months, months since arrival
  // or NULL, step_id), the other columns zero.
  auto panel = [&](int run, int month, int person, int age, const char* since_arrival, int step) {
    execute(fmt::format("INSERT INTO panel VALUES ({}, {}, {}, 1, 1, {}, 0, 1, {}, 0, 0, {}, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, NULL, NULL)",
                        run, month, person, age, since_arrival, step));
  };
  auto arrived = [&](int run, int month, int person) {
    execute(fmt::format("INSERT INTO events VALUES ({}, {}, {}, 'arrived', NULL, 1)", run, month, person));
  };
  for (int run : {1, 2})
    execute(fmt::format("INSERT INTO runs (run_id, scenario, replicate, seed, scale, months, start_year, engine_version, started_at, "
                        "finished_at, resolved_yaml) VALUES ({}, 'a', {}, 1, 1, 36, 2016, 'test', '', '', '')",
                        run, run - 1));
  execute("INSERT INTO steps VALUES (1, 'language'), (2, 'job_seeker'), (3, 'first_job')");
  // Replicate 0. Person 1, 30 at arrival in month 3: language, language, first job.
  arrived(1, 3, 1), panel(1, 12, 1, 369, "9", 1), panel(1, 24, 1, 381, "21", 1), panel(1, 36, 1, 393, "33", 3);
  // Person 2, 25 at arrival in month 5: language, job seeker, left.
  arrived(1, 5, 2), panel(1, 12, 2, 307, "7", 1), panel(1, 24, 2, 319, "19", 2);
  // Person 3, 40 at arrival in month 7: language, then left.
  arrived(1, 7, 3), panel(1, 12, 3, 485, "5", 1);
  // Not of the cohort: 16 at arrival (4), arrived in year 2 (5), born in Sweden (6), gone by month 12 (7).
  arrived(1, 2, 4), panel(1, 12, 4, 202, "10", 1), panel(1, 24, 4, 214, "22", 1), panel(1, 36, 4, 226, "34", 1);
  arrived(1, 14, 5), panel(1, 24, 5, 370, "10", 1), panel(1, 36, 5, 382, "22", 1);
  panel(1, 12, 6, 400, "NULL", 1), panel(1, 24, 6, 412, "NULL", 2), panel(1, 36, 6, 424, "NULL", 3);
  arrived(1, 10, 7);
  // Replicate 1: person 1 again, language, first job, first job.
  arrived(2, 3, 1), panel(2, 12, 1, 369, "9", 1), panel(2, 24, 1, 381, "21", 3), panel(2, 36, 1, 393, "33", 3);
  sqlite3_close(db);

  const std::optional<CohortPaths> paths = read_cohort_paths(file, 10);
  REQUIRE(paths);
  CHECK(paths->cohort == 4);
  CHECK(paths->steps == std::vector<std::string>{"language", "job_seeker", "first_job", "left"});
  std::map<YearStep, std::size_t> on;
  std::map<YearFlow, std::size_t> moved;
  for (const auto& r : paths->shares) {
    on[{r["k"].get<std::int64_t>(), r["step"].get<std::string>()}] = r["n"].get<std::size_t>();
    CHECK(r["v"].get<double>() == doctest::Approx(r["n"].get<double>() / 4));
  }
  for (const auto& r : paths->flows) moved[{r["k"].get<std::int64_t>(), r["from"].get<std::string>(), r["to"].get<std::string>()}] = r["n"].get<std::size_t>();
  CHECK(on == std::map<YearStep, std::size_t>{{{1, "language"}, 4},
                                              {{2, "language"}, 1}, {{2, "job_seeker"}, 1}, {{2, "first_job"}, 1}, {{2, "left"}, 1},
                                              {{3, "first_job"}, 2}, {{3, "left"}, 2}});
  CHECK(moved == std::map<YearFlow, std::size_t>{{{1, "language", "language"}, 1}, {{1, "language", "job_seeker"}, 1},
                                                 {{1, "language", "first_job"}, 1}, {{1, "language", "left"}, 1},
                                                 {{2, "language", "first_job"}, 1}, {{2, "job_seeker", "left"}, 1},
                                                 {{2, "first_job", "first_job"}, 1}, {{2, "left", "left"}, 1}});
  CHECK(paths->lane_people == 3);  // replicate 0's cohort: people 1, 2 and 3
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
