#pragma once
// Calibration of each district's labour-demand index so that the simulated employment
// rate 20–64 stays at the district's published rate: the initial population is a snapshot,
// and without this the districts drift towards the model's own equilibrium.

#include "engine/scenario/model.hpp"

#include <vector>

namespace trappsteg {

/// Settings of the fixed-point iteration.
struct CalibrationSettings {
  int months = 24;          ///< horizon of each trial run; the second half is compared with the target
  int iterations = 8;
  double scale = 0.25;      ///< population share simulated in each trial
  double tolerance = 0.002; ///< stop when every district is this close (absolute rate)
};

/// The outcome, per district.
struct DemandCalibration {
  std::vector<double> target;          ///< employment_rate_20_64 from the districts file
  std::vector<double> before, after;   ///< simulated rate with the original and the calibrated index
  std::vector<double> demand_before, demand_after;
  int iterations = 0;
  double max_error = 0;                ///< largest |after − target|
};

/// Adjusts every district's labour_demand by a damped fixed-point iteration on the odds of
/// employment, with common random numbers across trials. Does not change `model`.
DemandCalibration calibrate_labour_demand(const Scenario& scenario, const Model& model,
                                          const CalibrationSettings& settings);

}  // namespace trappsteg
