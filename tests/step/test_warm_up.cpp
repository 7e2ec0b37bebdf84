// The warm-up before month 1 (a scenario's warm_up_months): the staircase walks its own chain,
// the population stays as synthesised, people who arrived or left school within it enter the
// staircase in that month, support histories are full at month 1, and nothing is recorded.
// Thread-count determinism with the warm-up is in test_determinism (the baseline warms up).

#include "engine/sim/run.hpp"
#include "engine/step/simulation.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

namespace trappsteg {

TEST_CASE("warm_up.the_staircase_walks_its_chain_before_month_1") {
  // The chain of tests/data/markov (a→b .10, a→c .05, b→a .02, b→c .08, c→b .03, c→job .15),
  // everyone starting in a: after a 12-month warm-up the shares are those of 12 steps.
  auto loaded = testing::load("tests/data/markov/scenario.yaml");
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 3);
  simulation.warm_up(12);
  CHECK(simulation.month() == 0);
  const auto& people = simulation.population().people;
  const std::size_t n = people.size();
  const std::array<StageId, 3> chain{loaded.staircase->id_of("a"), loaded.staircase->id_of("b"), loaded.staircase->id_of("c")};
  const double stay[3] = {std::exp(-0.15), std::exp(-0.10), std::exp(-0.18)};
  const double move[3][3] = {{0, (1 - stay[0]) * 0.10 / 0.15, (1 - stay[0]) * 0.05 / 0.15},
                             {(1 - stay[1]) * 0.02 / 0.10, 0, (1 - stay[1]) * 0.08 / 0.10},
                             {0, (1 - stay[2]) * 0.03 / 0.18, 0}};
  std::array<double, 3> distribution{1, 0, 0};
  for (int m = 0; m < 12; ++m) {
    std::array<double, 3> next{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) next[j] += distribution[i] * (i == j ? stay[i] : move[i][j]);
    distribution = next;
  }
  for (int s = 0; s < 3; ++s) {
    double count = 0;
    for (std::size_t i = 0; i < n; ++i) count += people.stage[i] == chain[s];
    const double p = distribution[s], observed = count / static_cast<double>(n);
    CAPTURE(s);
    CHECK(std::abs(observed - p) < 5 * std::sqrt(p * (1 - p) / static_cast<double>(n)));
  }
  // Months in stage count the warm-up's months: nobody has been on a stage longer than it.
  for (std::size_t i = 0; i < n; ++i) REQUIRE(people.months_in_stage[i] <= 12);
}

namespace {

testing::LoadedScenario small_baseline() {
  auto loaded = testing::load("scenarios/baseline.yaml");
  loaded.scenario.scale = 0.02;
  return loaded;
}

}  // namespace

TEST_CASE("warm_up.holds_the_population_as_synthesised") {
  auto loaded = small_baseline();
  Simulation cold(loaded.scenario, loaded.model, *loaded.staircase, 0);
  Simulation warm(loaded.scenario, loaded.model, *loaded.staircase, 0);
  warm.warm_up(36);
  CHECK(warm.month() == 0);
  CHECK_FALSE(warm.warming_up());
  const auto& a = cold.population().people;
  const auto& b = warm.population().people;
  REQUIRE(a.size() == b.size());
  std::size_t moved_on = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(warm.present(i));
    REQUIRE(a.age_months[i] == b.age_months[i]);
    REQUIRE(a.district[i] == b.district[i]);
    REQUIRE(a.household[i] == b.household[i]);
    REQUIRE(a.partner[i] == b.partner[i]);
    REQUIRE(a.arrival_month[i] == b.arrival_month[i]);
    REQUIRE(a.lives_with_parents[i] == b.lives_with_parents[i]);
    REQUIRE(a.child_months[i] == b.child_months[i]);
    REQUIRE(!b.policies[i].any());
    moved_on += a.stage[i] != b.stage[i];
  }
  // Households: the same ones, their counts of members right for month 1.
  const auto& households = warm.population().households;
  REQUIRE(cold.population().households.size() == households.size());
  std::vector<int> members(households.size());
  for (std::size_t i = 0; i < b.size(); ++i) ++members[to_index(b.household[i])];
  for (std::size_t h = 0; h < households.size(); ++h) REQUIRE(households.members[h] == members[h]);
  // ... while the staircase did move: a good share stand on another stage than synthesised.
  CHECK(static_cast<double>(moved_on) > 0.05 * static_cast<double>(a.size()));
}

TEST_CASE("warm_up.arrivals_and_school_leavers_enter_the_staircase_when_they_did") {
  auto loaded = small_baseline();
  Simulation warm(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const int window = 36;
  warm.warm_up(window);
  const auto& people = warm.population().people;
  const Staircase& staircase = *loaded.staircase;
  const int school_end = static_cast<int>(std::lround(staircase.school_leaving_years() * 12));
  std::size_t arrivals = 0, still_newcomers = 0, leavers = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const StageId stage = people.stage[i];
    if (stage == staircase.child || stage == staircase.school || stage == staircase.retired) continue;
    const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
    const int since_arrival = foreign_born ? -people.arrival_month[i] : 1 << 20;
    const int arrival_age = people.age_months[i] - since_arrival;
    if (foreign_born && since_arrival < window && arrival_age >= school_end) {
      // Arrived as an adult k months ago: on the staircase for k months at most; many still on
      // the newcomers' first stage since arrival (the arrival month counts, as in a run).
      ++arrivals;
      CAPTURE(since_arrival);
      REQUIRE(people.months_in_stage[i] <= since_arrival);
      if (stage == staircase.newcomer && people.months_in_stage[i] == since_arrival) ++still_newcomers;
    } else if (!foreign_born && people.age_months[i] - school_end < window) {
      // Left school here within the warm-up: not on a stage since before.
      ++leavers;
      REQUIRE(people.months_in_stage[i] < std::max(1, people.age_months[i] - school_end));
    }
  }
  CHECK(arrivals > 100);
  CHECK(still_newcomers > 10);
  CHECK(still_newcomers < arrivals);  // some have moved on
  CHECK(leavers > 100);
}

TEST_CASE("warm_up.support_histories_are_full_at_month_1_and_nothing_is_recorded") {
  auto loaded = small_baseline();
  loaded.scenario.months = 2;
  auto long_term_in_month_1 = [&](int warm_up_months) {
    loaded.scenario.warm_up_months = warm_up_months;
    RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, 0);
    CHECK(run.outcomes.monthly.months == 2);
    const std::size_t city = run.outcomes.area_keys.size() - 1;
    return run.outcomes.monthly.at(0, city, Group::kAll, Metric::kLongTermShareOfSupported);
  };
  // Cold, no household has ten months of support behind it; warmed up, about half do.
  CHECK(long_term_in_month_1(0) == 0);
  const double warm = long_term_in_month_1(24);
  CHECK(warm > 0.3);
  CHECK(warm < 0.7);
}

TEST_CASE("warm_up.business_cycle_is_a_smooth_monthly_path") {
  // Values hold at the middle of their band, straight lines between, flat outside.
  BandTable cycle{{2011, 2012, 2013}, {1.0, 0.8, 1.2}};
  CHECK(cycle.smooth(2010.0) == 1.0);
  CHECK(cycle.smooth(2011.5) == 1.0);
  CHECK(cycle.smooth(2012.0) == doctest::Approx(0.9));
  CHECK(cycle.smooth(2012.5) == doctest::Approx(0.8));
  CHECK(cycle.smooth(2012.75) == doctest::Approx(0.9));
  CHECK(cycle.smooth(2013.5) == doctest::Approx(1.2));  // the last band is as wide as the one before
  CHECK(cycle.smooth(2030.0) == 1.2);
  CHECK(BandTable{}.smooth(2016) == 1.0);
  CHECK(BandTable{{2016}, {0.9}}.smooth(2000) == 0.9);
}

}  // namespace trappsteg
