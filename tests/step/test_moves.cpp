// Moves against their own input rates: households moving house within the city (by type, to
// the districts' moves_to rows, families by family_move_weight, newcomers' secondary moves),
// households moving away at the gross rates, and households moving in from the rest of Sweden
// as the file describes them. Thread-count determinism with every move is in test_determinism
// (the baseline runs them all).

#include "engine/step/simulation.hpp"
#include "tests/step/process_support.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

namespace trappsteg {
namespace {

using testing::check_count;
using testing::monthly;

/// The baseline at a small scale with every demographic process off.
testing::LoadedScenario quiet_baseline() { return testing::quiet_baseline(0.05); }

/// A household's type as moves_within_city rates it (0 single, 1 couple, 2 single with
/// children, 3 couple with children), and its first adult; -1 for an empty household.
struct HouseholdView {
  int type = -1;
  std::size_t head = 0;
};

HouseholdView view(const Simulation& s, std::size_t h) {
  const auto& people = s.population().people;
  const auto& households = s.population().households;
  HouseholdView v;
  int adults = 0, children = 0;
  bool head_found = false;
  for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
    const auto i = to_index(m);
    if (!s.present(i)) continue;
    if (!people.lives_with_parents[i] && !head_found) v.head = i, head_found = true;
    if (!people.lives_with_parents[i] || people.age_months[i] >= 20 * 12) ++adults;
    if (people.age_months[i] < 18 * 12) ++children;
  }
  if (head_found) v.type = (children > 0 ? 2 : 0) + (adults >= 2 ? 1 : 0);
  return v;
}

/// Every household's view and district before a step.
std::pair<std::vector<HouseholdView>, std::vector<std::uint8_t>> snapshot(const Simulation& s) {
  std::pair<std::vector<HouseholdView>, std::vector<std::uint8_t>> out;
  for (std::size_t h = 0; h < s.population().households.size(); ++h) {
    out.first.push_back(view(s, h));
    out.second.push_back(s.population().households.district[h]);
  }
  return out;
}

}  // namespace

TEST_CASE("moves.households_move_house_at_their_type_s_rate_to_their_row_of_the_matrix") {
  auto loaded = quiet_baseline();
  loaded.scenario.demography.moves_within_city = true;
  MovesSpec& moves = loaded.model.demography.moves;
  moves.per_year = {0.6, 0.3, 0.45, 0.15};
  moves.newcomer_per_year = 0;
  moves.newcomer_months = 0;
  // Half the moves stay in the district, the other half go to the next one (in file order).
  auto& districts = loaded.model.districts.districts;
  const std::size_t count = districts.size();
  for (std::size_t d = 0; d < count; ++d) {
    districts[d].moves_to = {{districts[d].key, 0.5}, {districts[(d + 1) % count].key, 0.5}};
    districts[d].family_move_weight = 1;
    districts[d].newcomer_moves_share = 0;
  }
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& households = simulation.population().households;
  const auto& people = simulation.population().people;
  const auto [before, district] = snapshot(simulation);
  simulation.step();
  std::array<double, 4> households_of{}, moved_of{};
  for (std::size_t h = 0; h < households.size() && h < before.size(); ++h) {
    if (before[h].type < 0) continue;
    households_of[before[h].type] += 1;
    if (households.district[h] == district[h]) continue;
    moved_of[before[h].type] += 1;
    REQUIRE(households.district[h] == (district[h] + 1) % count);  // only to the next district
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)])
      REQUIRE(people.district[to_index(m)] == households.district[h]);  // everyone moves with it
  }
  for (int type = 0; type < 4; ++type) {
    CAPTURE(type);
    REQUIRE(households_of[type] > 300);
    check_count(moved_of[type], households_of[type], monthly(moves.per_year[type]) * 0.5);
  }
}

TEST_CASE("moves.families_weigh_destinations_by_family_move_weight") {
  auto loaded = quiet_baseline();
  loaded.scenario.demography.moves_within_city = true;
  MovesSpec& moves = loaded.model.demography.moves;
  moves.per_year = {0.9, 0.9, 0.9, 0.9};
  moves.newcomer_months = 0;
  // From every district: half to the first district, half to the second (the first two: half to
  // each other and half to the third); families weigh the first three times.
  auto& districts = loaded.model.districts.districts;
  const std::string first = districts[0].key, second = districts[1].key, third = districts[2].key;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (d == 0) districts[d].moves_to = {{second, 0.5}, {third, 0.5}};
    else if (d == 1) districts[d].moves_to = {{first, 0.5}, {third, 0.5}};
    else districts[d].moves_to = {{first, 0.5}, {second, 0.5}};
    districts[d].family_move_weight = d == 0 ? 3.0 : 1.0;
  }
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& households = simulation.population().households;
  const auto [before, district] = snapshot(simulation);
  simulation.step();
  double families = 0, families_to_first = 0, others = 0, others_to_first = 0;
  for (std::size_t h = 0; h < before.size(); ++h) {
    if (before[h].type < 0 || district[h] < 2 || households.district[h] == district[h]) continue;
    const bool family = before[h].type >= 2;
    (family ? families : others) += 1;
    if (households.district[h] == 0) (family ? families_to_first : others_to_first) += 1;
  }
  REQUIRE(families > 300);
  REQUIRE(others > 300);
  check_count(families_to_first, families, 0.75);  // 3 × 0.5 / (3 × 0.5 + 0.5)
  check_count(others_to_first, others, 0.5);
}

TEST_CASE("moves.newcomers_make_secondary_moves_to_the_newcomer_shares") {
  auto loaded = quiet_baseline();
  loaded.scenario.demography.moves_within_city = true;
  MovesSpec& moves = loaded.model.demography.moves;
  moves.per_year = {0, 0, 0, 0};
  moves.newcomer_months = 600;  // every household whose first adult arrived in the last 50 years
  moves.newcomer_per_year = 0.5;
  auto& districts = loaded.model.districts.districts;
  for (auto& d : districts) d.newcomer_moves_share = 0;
  districts[0].newcomer_moves_share = 1;
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& households = simulation.population().households;
  const auto& people = simulation.population().people;
  const auto [before, district] = snapshot(simulation);
  simulation.step();
  double newcomers = 0, moved = 0;
  for (std::size_t h = 0; h < before.size(); ++h) {
    if (before[h].type < 0) continue;
    const std::size_t head = before[h].head;
    const bool newcomer = people.origin[head] == Origin::kForeignBorn && -people.arrival_month[head] < 600;
    if (!newcomer) {
      REQUIRE(households.district[h] == district[h]);  // nobody else moves
      continue;
    }
    if (district[h] == 0) continue;
    newcomers += 1;
    if (households.district[h] != district[h]) {
      moved += 1;
      REQUIRE(households.district[h] == 0);
    }
  }
  REQUIRE(newcomers > 1000);
  check_count(moved, newcomers, monthly(0.5));
}

TEST_CASE("moves.households_move_away_at_the_gross_rate") {
  auto loaded = quiet_baseline();
  loaded.scenario.demography.moving_away = true;
  for (BandTable* table : {&loaded.model.demography.emigration_born_in_sweden, &loaded.model.demography.emigration_foreign_born}) {
    table->edges = {0};
    table->values = {0.3};
  }
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& households = simulation.population().households;
  const auto& people = simulation.population().people;
  const std::vector<HouseholdView> before = snapshot(simulation).first;
  simulation.step();
  double total = 0, left = 0;
  for (std::size_t h = 0; h < before.size(); ++h) {
    if (before[h].type < 0) continue;
    total += 1;
    bool anyone_left = false, everyone_left = true;
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      const bool gone = people.stage[to_index(m)] == simulation.staircase().moved;
      anyone_left = anyone_left || gone;
      everyone_left = everyone_left && (gone || people.stage[to_index(m)] == simulation.staircase().dead);
    }
    REQUIRE(anyone_left == everyone_left);  // the household leaves together
    left += anyone_left;
  }
  check_count(left, total, monthly(0.3));
}

TEST_CASE("moves.households_move_in_as_the_file_describes_them") {
  auto loaded = quiet_baseline();
  loaded.scenario.scale = 0.2;
  loaded.scenario.demography.moving_in = true;
  MovingInSpec& in = loaded.model.demography.moving_in;
  in.age_edges = {25, 35};
  in.age_shares = {0.5, 0.5};
  in.couple_share = 0.4;
  in.children_share = 0.3;
  in.max_children = 2;
  in.foreign_born_share = 0.25;
  in.years_in_sweden_min = 4;
  in.years_in_sweden_max = 8;
  in.stages_under_25 = {{"education", 1.0}};
  in.stages_from_25 = {{"stable_job", 0.6}, {"job_seeker", 0.4}};
  auto& districts = loaded.model.districts.districts;
  for (auto& d : districts) d.in_movers_per_year = 0;
  districts[3].in_movers_per_year = 12000;  // 200 a month at scale 0.2
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const std::size_t start = simulation.population().people.size();
  const std::size_t households_start = simulation.population().households.size();
  const auto& people = simulation.population().people;
  // The stage each person moving in had on arrival (previous_stage in their first month).
  double from_25 = 0, stable_on_arrival = 0;
  for (int m = 0; m < 6; ++m) {
    const std::size_t before = people.size();
    simulation.step();
    for (std::size_t i = before; i < people.size(); ++i) {
      if (people.lives_with_parents[i]) continue;
      const StageId first = people.previous_stage[i];
      if (people.age_months[i] < 25 * 12) {
        REQUIRE(first == simulation.staircase().id_of("education"));
        continue;
      }
      REQUIRE((first == simulation.staircase().id_of("stable_job") || first == simulation.staircase().id_of("job_seeker")));
      from_25 += 1;
      stable_on_arrival += first == simulation.staircase().id_of("stable_job");
    }
  }
  const auto& households = simulation.population().households;
  // As many people as the file asks for, give or take the last household (at most four).
  const double arrived = static_cast<double>(people.size() - start);
  CHECK(arrived >= 1200 - 4);
  CHECK(arrived <= 1200 + 4);
  double count = 0, couples = 0, with_children = 0, foreign_born_adults = 0, adults = 0;
  for (std::size_t h = households_start; h < households.size(); ++h) {
    // Young adults leaving home also found households (that process has no switch).
    if (households.first_member[h] == kNoPerson || to_index(households.first_member[h]) < start) continue;
    count += 1;
    int members = 0, kids = 0;
    for (PersonId m = households.first_member[h]; m != kNoPerson; m = people.next_in_household[to_index(m)]) {
      const auto i = to_index(m);
      REQUIRE(people.district[i] == 3);
      ++members;
      if (people.lives_with_parents[i]) {
        ++kids;
        REQUIRE(people.age_months[i] < 18 * 12);
        continue;
      }
      adults += 1;
      if (people.origin[i] == Origin::kForeignBorn) {
        foreign_born_adults += 1;
        const double years = (simulation.month() - 1 - people.arrival_month[i]) / 12.0;
        REQUIRE(years >= 4 - 1);
        REQUIRE(years <= 8 + 1);
        REQUIRE(people.swedish[i] == 3);
      }
    }
    REQUIRE(kids <= 2);
    couples += members - kids == 2;
    with_children += kids > 0;
  }
  REQUIRE(count > 500);
  check_count(couples, count, 0.4);
  check_count(with_children, count, 0.3);
  // Both adults of a couple share their origin: a household's draw.
  CHECK(std::abs(foreign_born_adults / adults - 0.25) < 0.06);
  check_count(stable_on_arrival, from_25, 0.6);
}

}  // namespace trappsteg
