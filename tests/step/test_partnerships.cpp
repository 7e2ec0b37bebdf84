// Couples forming and separating (demography.yaml: partnership) against their own input rates,
// and the households they re-form: every present person in exactly one household, partners
// in the same one, the same results on any number of threads.

#include "engine/step/simulation.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <vector>

namespace trappsteg {
namespace {

/// The baseline with every other demographic process switched off, so only partnerships move people.
testing::LoadedScenario only_partnerships(double formation, double dissolution) {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.05;
  auto& d = loaded.scenario.demography;
  d.ageing = d.births = d.mortality = d.retirement = d.age_moves = d.arrivals = d.moving_away = d.moves_within_city = d.moving_in = false;
  PartnershipSpec& p = loaded.model.demography.partnership;
  p.formation.edges = {0};
  p.formation.values = {formation};
  p.formation_scale = 1;
  p.dissolution.edges = {0};
  p.dissolution.values = {dissolution};
  loaded.model.policies.clear();
  return loaded;
}

std::size_t couples(const Simulation& s) {
  const auto& people = s.population().people;
  std::size_t n = 0;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (s.present(i) && people.partner[i] != kNoPerson && to_index(people.partner[i]) > i) ++n;
  return n;
}

std::size_t singles(const Simulation& s) {
  const auto& people = s.population().people;
  std::size_t n = 0;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (s.present(i) && people.partner[i] == kNoPerson && !people.lives_with_parents[i] && people.age_months[i] >= 18 * 12) ++n;
  return n;
}

double monthly(double yearly) { return 1 - std::pow(1 - yearly, 1.0 / 12); }

}  // namespace

TEST_CASE("partnerships.couples_part_at_the_dissolution_rate") {
  // No one forms a couple; 6 % of couples part each year, whatever their years together.
  auto loaded = only_partnerships(0.0, 0.06);
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const double start = static_cast<double>(couples(simulation));
  REQUIRE(start > 5000);
  const int months = 24;
  for (int m = 0; m < months; ++m) simulation.step();
  const double expected = start * std::pow(1 - monthly(0.06), months);
  const double sd = std::sqrt(start * (expected / start) * (1 - expected / start));
  CHECK(std::abs(static_cast<double>(couples(simulation)) - expected) < 4 * sd);
}

TEST_CASE("partnerships.singles_form_couples_at_most_at_the_formation_rate") {
  // No couple parts; singles start looking at 10 % a year and look on until they find someone
  // within the age gap. Over a year, new couples come close to what the rate allows (two
  // people each), and never above it.
  auto loaded = only_partnerships(0.10, 0.0);
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const double single_start = static_cast<double>(singles(simulation));
  const double couples_start = static_cast<double>(couples(simulation));
  for (int m = 0; m < 12; ++m) simulation.step();
  const double formed = static_cast<double>(couples(simulation)) - couples_start;
  const double looked = single_start * (1 - std::pow(1 - monthly(0.10), 12));
  CAPTURE(single_start);
  CAPTURE(formed);
  CAPTURE(looked);
  CHECK(2 * formed <= looked + 4 * std::sqrt(looked));
  CHECK(2 * formed >= 0.7 * looked);
}

TEST_CASE("partnerships.households_stay_whole_while_they_re_form") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  for (int m = 0; m < 24; ++m) simulation.step();
  const auto& people = simulation.population().people;
  const auto& households = simulation.population().households;
  std::vector<int> seen(people.size(), 0);
  for (std::size_t h = 0; h < households.size(); ++h)
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      ++seen[to_index(m)];
      CHECK(to_index(people.household[to_index(m)]) == h);
    }
  std::size_t partnered = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!simulation.present(i)) continue;
    CHECK(seen[i] == 1);  // in exactly one household's list
    if (people.partner[i] == kNoPerson) continue;
    const auto j = to_index(people.partner[i]);
    if (!simulation.present(j)) continue;  // widowed this month: single from next month
    ++partnered;
    CHECK(to_index(people.partner[j]) == i);
    CHECK(people.household[j] == people.household[i]);
    CHECK(people.district[j] == people.district[i]);
  }
  CHECK(partnered > 1000);
}

TEST_CASE("partnerships.the_same_for_any_thread_count") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  std::vector<PersonId> partners[2];
  std::vector<HouseholdId> homes[2];
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
    for (int m = 0; m < 12; ++m) simulation.step();
    partners[threads - 1] = simulation.population().people.partner;
    homes[threads - 1] = simulation.population().people.household;
  }
  CHECK(partners[0] == partners[1]);
  CHECK(homes[0] == homes[1]);
}

}  // namespace trappsteg
