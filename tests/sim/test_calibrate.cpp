// Calibrating labour demand brings every district's simulated employment rate to its target.

#include "engine/sim/calibrate.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <cmath>

namespace trappsteg {

TEST_CASE("calibrate.labour_demand_brings_each_district_to_its_employment_rate") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  // Start from a flat index, so there is drift to remove.
  for (auto& d : loaded.model.districts.districts) d.labour_demand = 1.0;
  CalibrationSettings settings;
  settings.months = 12;
  settings.scale = 0.05;
  settings.iterations = 20;
  settings.tolerance = 0.004;
  DemandCalibration c = calibrate_labour_demand(loaded.scenario, loaded.model, settings);
  double worst_before = 0;
  for (std::size_t d = 0; d < c.target.size(); ++d) {
    CAPTURE(loaded.model.districts.districts[d].key);
    worst_before = std::max(worst_before, std::abs(c.before[d] - c.target[d]));
    CHECK(std::abs(c.after[d] - c.target[d]) <= settings.tolerance + 1e-12);
    CHECK(c.demand_before[d] == 1.0);
  }
  CHECK(worst_before > 0.01);  // the flat index did drift
  CHECK(c.max_error <= settings.tolerance);
  // Districts that started high need more demand than those that started low.
  const auto& districts = loaded.model.districts.districts;
  std::size_t highest = 0, lowest = 0;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (districts[d].employment_rate > districts[highest].employment_rate) highest = d;
    if (districts[d].employment_rate < districts[lowest].employment_rate) lowest = d;
  }
  CHECK(c.demand_after[highest] > c.demand_after[lowest]);
}

}  // namespace trappsteg
