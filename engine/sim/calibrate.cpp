#include "engine/sim/calibrate.hpp"

#include "engine/sim/run.hpp"

#include <algorithm>
#include <cmath>

namespace trappsteg {
namespace {

/// Mean employment rate 20–64 per district over the second half of a trial run.
std::vector<double> simulated_rates(const Scenario& scenario, const Model& model) {
  Staircase staircase(model.staircase);
  RunResult run = run_replicate(scenario, model, staircase, 0);
  const auto& monthly = run.outcomes.monthly;
  const std::size_t districts = model.districts.districts.size();
  std::vector<double> rates(districts, 0.0);
  const std::size_t first = monthly.months / 2;
  for (std::size_t d = 0; d < districts; ++d) {
    for (std::size_t m = first; m < monthly.months; ++m) rates[d] += monthly.at(m, d, Group::kAll, Metric::kEmploymentRate20To64);
    rates[d] /= static_cast<double>(monthly.months - first);
  }
  return rates;
}

double odds(double p) {
  p = std::clamp(p, 1e-4, 1 - 1e-4);
  return p / (1 - p);
}

}  // namespace

DemandCalibration calibrate_labour_demand(const Scenario& scenario, const Model& model,
                                          const CalibrationSettings& settings) {
  Scenario trial = scenario;
  trial.months = settings.months;
  trial.scale = settings.scale;
  trial.replicates = 1;
  Model working = model;
  auto& districts = working.districts.districts;

  DemandCalibration result;
  for (const auto& d : districts) {
    result.target.push_back(d.employment_rate);
    result.demand_before.push_back(d.labour_demand);
  }
  // Employment odds respond to labour demand roughly like demand^1 (job finding has
  // elasticity ~1, job loss −0.5, slow stages none); damping keeps the iteration monotone.
  constexpr double kResponse = 1.0, kDamping = 0.8;
  std::vector<double> rates = simulated_rates(trial, working);
  result.before = rates;
  for (int iteration = 0; iteration < settings.iterations; ++iteration) {
    double worst = 0;
    for (std::size_t d = 0; d < districts.size(); ++d) worst = std::max(worst, std::abs(rates[d] - result.target[d]));
    result.max_error = worst;
    if (worst <= settings.tolerance) break;
    for (std::size_t d = 0; d < districts.size(); ++d) {
      double step = std::pow(odds(result.target[d]) / odds(rates[d]), kDamping / kResponse);
      districts[d].labour_demand = std::clamp(districts[d].labour_demand * step, 0.05, 20.0);
    }
    rates = simulated_rates(trial, working);
    result.iterations = iteration + 1;
  }
  result.after = rates;
  result.max_error = 0;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    result.demand_after.push_back(districts[d].labour_demand);
    result.max_error = std::max(result.max_error, std::abs(rates[d] - result.target[d]));
  }
  return result;
}

}  // namespace trappsteg
