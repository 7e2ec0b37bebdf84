// Deaths, births, retirement, leaving home and newcomers' arrivals against their own input
// rates, each with every other demographic process switched off (moves and partnerships are
// in test_moves and test_partnerships).

#include "engine/sim/run.hpp"
#include "engine/step/simulation.hpp"
#include "tests/step/process_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

namespace trappsteg {
namespace {

void flat(BandTable& table, double value) {
  table.edges = {0};
  table.values = {value};
}

using testing::check_count;
using testing::monthly;
using testing::quiet_baseline;

}  // namespace

TEST_CASE("demography.people_die_at_the_mortality_rate") {
  auto loaded = quiet_baseline(0.05);
  loaded.scenario.demography.mortality = true;
  flat(loaded.model.demography.mortality, 0.12);
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  double alive = 0;
  for (std::size_t i = 0; i < people.size(); ++i) alive += simulation.present(i);
  simulation.step();
  double died = 0;
  for (std::size_t i = 0; i < people.size(); ++i) died += people.stage[i] == simulation.staircase().dead;
  REQUIRE(alive > 20000);
  check_count(died, alive, monthly(0.12));
}

TEST_CASE("demography.women_give_birth_at_the_fertility_rate_and_girls_are_born_at_the_file_s_share") {
  auto loaded = quiet_baseline(0.1);
  loaded.scenario.demography.births = true;
  flat(loaded.model.demography.fertility, 0.6);
  loaded.model.demography.female_share_at_birth = 0.3;
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  double mothers = 0, born = 0, girls = 0;
  for (int m = 0; m < 3; ++m) {
    const std::size_t before = people.size();
    double eligible = 0;
    for (std::size_t i = 0; i < before; ++i) {
      const int age = people.age_months[i] / 12;
      eligible += simulation.present(i) && people.female[i] && age >= 15 && age < 50 && !people.lives_with_parents[i];
    }
    simulation.step();
    const double births = static_cast<double>(people.size() - before);
    check_count(births, eligible, monthly(0.6));
    for (std::size_t c = before; c < people.size(); ++c) {
      REQUIRE(people.stage[c] == simulation.staircase().child);
      REQUIRE(people.lives_with_parents[c] == 1);
      girls += people.female[c];
    }
    mothers += eligible;
    born += births;
  }
  REQUIRE(born > 2000);
  check_count(girls, born, 0.3);
  CHECK(mothers > 0);
}

TEST_CASE("demography.people_retire_at_the_retirement_rate") {
  auto loaded = quiet_baseline(0.05);
  loaded.scenario.demography.retirement = true;
  flat(loaded.model.demography.retirement, 0.2);
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  const Staircase& staircase = simulation.staircase();
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const StageId s = people.stage[i];
    if (simulation.present(i) && s != staircase.retired && s != staircase.child && s != staircase.school) candidates.push_back(i);
  }
  simulation.step();
  double retired = 0;
  for (std::size_t i : candidates) retired += people.stage[i] == staircase.retired;
  REQUIRE(candidates.size() > 10000);
  check_count(retired, static_cast<double>(candidates.size()), monthly(0.2));
}

TEST_CASE("demography.young_adults_leave_home_at_the_leaving_rate") {
  auto loaded = quiet_baseline(0.1);
  loaded.model.demography.leave_home_per_year = {{0}, {0.5}};
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  const int from = static_cast<int>(std::ceil(loaded.model.demography.leave_home_age * 12));
  std::vector<std::size_t> at_home;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (people.lives_with_parents[i] && people.age_months[i] >= from) at_home.push_back(i);
  const std::vector<HouseholdId> household_before = people.household;
  simulation.step();
  double left = 0;
  for (std::size_t i : at_home) {
    if (people.lives_with_parents[i]) continue;
    left += 1;
    REQUIRE(people.household[i] != household_before[i]);  // a household of their own
    const auto& households = simulation.population().households;
    REQUIRE(households.first_member[to_index(people.household[i])] == PersonId{static_cast<std::uint32_t>(i)});
    REQUIRE(people.next_in_household[i] == kNoPerson);
  }
  REQUIRE(at_home.size() > 1000);
  check_count(left, static_cast<double>(at_home.size()), monthly(0.5));
}

TEST_CASE("demography.leaving_home_follows_its_rate_by_age") {
  auto loaded = quiet_baseline(0.2);
  // 20–24 leave at 60 % a year, from 25 on at 10 %: each group at its own rate.
  loaded.model.demography.leave_home_per_year = {{0, 25}, {0.6, 0.1}};
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  const int from = static_cast<int>(std::ceil(loaded.model.demography.leave_home_age * 12));
  std::vector<std::size_t> young, older;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (people.lives_with_parents[i] && people.age_months[i] >= from) (people.age_months[i] < 25 * 12 ? young : older).push_back(i);
  simulation.step();
  auto left = [&](const std::vector<std::size_t>& group) {
    double n = 0;
    for (std::size_t i : group) n += people.lives_with_parents[i] == 0;
    return n;
  };
  REQUIRE(young.size() > 1000);
  REQUIRE(older.size() > 300);
  check_count(left(young), static_cast<double>(young.size()), monthly(0.6));
  check_count(left(older), static_cast<double>(older.size()), monthly(0.1));
}

TEST_CASE("demography.newcomers_arrive_as_the_file_describes_them") {
  auto loaded = quiet_baseline(0.5);
  loaded.scenario.demography.arrivals = true;
  DemographySpec& d = loaded.model.demography;
  d.arrival_family_share = 0.4;
  d.arrival_parent_age = {30, 40};
  d.arrival_partner_age_difference = 2;
  d.arrival_children = {2, 4};
  auto& districts = loaded.model.districts.districts;
  for (auto& district : districts) district.newcomers_per_year = 0;
  districts[0].newcomers_per_year = 4800;  // 200 a month at scale 0.5
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  const std::size_t start = people.size(), households_start = households.size();
  for (int m = 0; m < 6; ++m) simulation.step();
  const double arrived = static_cast<double>(people.size() - start);
  CHECK(arrived >= 1200 - 6);
  CHECK(arrived <= 1200 + 6);
  double count = 0, families = 0;
  for (std::size_t h = households_start; h < households.size(); ++h) {
    count += 1;
    int adults = 0, children = 0;
    std::vector<double> adult_ages;
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      const auto i = to_index(m);
      REQUIRE(people.origin[i] == Origin::kForeignBorn);
      REQUIRE(people.district[i] == 0);
      if (people.lives_with_parents[i]) ++children;
      else ++adults, adult_ages.push_back(people.age_months[i] / 12.0);
    }
    if (children == 0) {
      REQUIRE(adults == 1);
      continue;
    }
    families += 1;
    REQUIRE(adults == 2);
    REQUIRE(children >= 2);
    REQUIRE(children <= 4);
    for (double age : adult_ages) {  // the first parent in [30, 40], the other within 2 years
      REQUIRE(age >= 28 - 0.1);
      REQUIRE(age <= 42 + 0.1);
    }
    REQUIRE(std::abs(adult_ages[1] - adult_ages[0]) <= 2 + 0.1);
  }
  REQUIRE(count > 300);
  check_count(families, count, 0.4);
}

TEST_CASE("demography.outcome_ages_set_who_the_outcomes_count") {
  // Youth and working-age counts follow demography.yaml outcome_ages: the same run with the
  // bands narrowed counts exactly the people of those ages (scaled up by 1 / scale).
  auto loaded = quiet_baseline(0.02);
  loaded.scenario.months = 1;
  loaded.scenario.warm_up_months = 0;
  loaded.model.demography.working_ages = {30, 49};
  loaded.model.demography.youth_ages = {18, 19};
  const RunResult result = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  simulation.step();
  const auto& people = simulation.population().people;
  double working = 0, youth = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!simulation.present(i)) continue;
    const int age = people.age_months[i] / 12;
    working += age >= 30 && age <= 49;
    youth += age >= 18 && age <= 19;
  }
  const std::size_t city = loaded.model.districts.districts.size();
  const auto& monthly = result.outcomes.monthly;
  CHECK(monthly.at(0, city, Group::kAll, Metric::kPopulation20To64) == doctest::Approx(working / 0.02));
  CHECK(monthly.at(0, city, Group::kAll, Metric::kYouth) == doctest::Approx(youth / 0.02));
  CHECK(youth > 100);
}

}  // namespace trappsteg
