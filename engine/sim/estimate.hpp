#pragma once
// What a run will need — people, memory, disk — estimated from its validated inputs before
// anything runs, so that a scenario asking for more than the machine has is refused up front
// instead of being killed by the system half-way.

#include "engine/scenario/model.hpp"

namespace trappsteg {

/// Estimated needs of one replicate of a scenario.
struct RunEstimate {
  double people = 0;         ///< simulated people by the end (ids are never reused)
  double households = 0;     ///< simulated households by the end
  double memory_bytes = 0;   ///< peak memory while the run steps (population, tables, workspaces)
  double result_bytes = 0;   ///< its outcomes, kept in memory until they are written
  double csv_bytes = 0;      ///< its rows in outcomes.csv
  double database_bytes = 0; ///< its rows in results.sqlite
};

/// Estimates one replicate of `scenario` with `model` (already validated).
RunEstimate estimate_run(const Scenario& scenario, const Model& model);

/// The most people (and households) one run can hold: ids are 32-bit.
inline constexpr double kMaxPeople = 4'294'967'294.0;

}  // namespace trappsteg
