#pragma once
// Helpers for the tests of demographic processes against their own input rates.

#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <cmath>

namespace trappsteg::testing {

/// Monthly probability from a yearly one, as the kernel converts it.
inline double monthly(double yearly) { return 1 - std::pow(1 - yearly, 1.0 / 12); }

/// The baseline at `scale` with every demographic process (and every policy) off, so that a
/// test switches on only the one it checks.
inline LoadedScenario quiet_baseline(double scale) {
  auto loaded = load("scenarios/baseline.yaml");
  loaded.scenario.scale = scale;
  auto& d = loaded.scenario.demography;
  d.ageing = d.births = d.mortality = d.retirement = d.age_moves = d.arrivals = d.moving_away = d.partnerships =
      d.moves_within_city = d.moving_in = false;
  loaded.model.policies.clear();
  loaded.model.demography.leave_home_per_year = {{0}, {0}};  // leaving home has no switch
  return loaded;
}

/// A binomial count within five standard errors (plus one) of its expectation.
inline void check_count(double observed, double trials, double p) {
  CAPTURE(observed);
  CAPTURE(trials * p);
  CHECK(std::abs(observed - trials * p) < 5 * std::sqrt(trials * p * (1 - p)) + 1);
}

}  // namespace trappsteg::testing
