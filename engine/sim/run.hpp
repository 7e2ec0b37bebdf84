#pragma once
// One replicate of one scenario, from a validated model to its outcomes. No I/O.

#include "engine/core/phase_clock.hpp"
#include "engine/metrics/microdata.hpp"
#include "engine/metrics/outcomes.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace trappsteg {

/// What a run produced and what it cost.
struct RunResult {
  std::uint32_t replicate = 0;
  Outcomes outcomes;
  double seconds = 0;             ///< wall time of synthesis and all steps
  PhaseTimes times;               ///< that wall time by phase
  double person_months = 0;       ///< simulated people × months (at the simulated scale)
  std::size_t initial_people = 0; ///< simulated people at the start
  std::size_t final_people = 0;   ///< simulated people living in the city at the end
  std::optional<Microdata> microdata;  ///< the kept people, when the scenario's microdata is on
};

/// Called after each month with (months done, months in total).
using MonthCallback = std::function<void(int, int)>;

/// Synthesises the population and steps it through the scenario's months.
RunResult run_replicate(const Scenario& scenario, const Model& model, const Staircase& staircase,
                        std::uint32_t replicate, const MonthCallback& on_month = {});

}  // namespace trappsteg
