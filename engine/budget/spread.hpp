#pragma once
// The budget of a scenario over its replicates: how far the net spreads year by year, how
// likely the measure pays back within a horizon, and the cost per extra job-year with its
// range. With `compare --uncertainty` each replicate also draws the uncertain assumptions, so
// the spread is theirs and the simulation's together; without, it is simulation noise only.

#include "engine/budget/budget.hpp"

#include <vector>

namespace trappsteg {

/// Mean and percentiles of one quantity over replicates (NaN values skipped; `replicates`
/// counts the others).
struct Spread {
  std::size_t replicates = 0;
  double mean = 0, p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

/// One budget year over the replicates.
struct SpreadYear {
  int year = 0;
  Spread net, cumulative_net, extra_job_years;
};

/// After the first `years` years, over the replicates.
struct PaybackHorizon {
  int years = 0;
  std::size_t paid = 0, replicates = 0;  ///< replicates whose cumulative net is ≥ 0 after `years`
  double probability = 0, probability_low = 0, probability_high = 0;  ///< paid / replicates, Wilson 95 %
  Spread cumulative_net, extra_job_years;
  /// Extra programme cost over extra job-years, both summed over the replicates (the ratio of
  /// the means, not the mean of ratios, which a replicate with almost no extra jobs would swamp);
  /// NaN if the replicates together gain no job-years.
  double cost_per_extra_job_year = 0;
  /// The 5th and 95th percentile of the replicates' own ratios, over those that gain job-years.
  double cost_per_extra_job_year_p05 = 0, cost_per_extra_job_year_p95 = 0;
  std::size_t replicates_without_extra_jobs = 0;
};

struct BudgetSpread {
  std::vector<SpreadYear> years;
  std::vector<PaybackHorizon> horizons;
};

/// The horizons payback is judged at.
inline constexpr int kPaybackHorizons[] = {5, 10, 20};

/// The spread of `replicates` (each against the same baseline, as `compute_budget` made them),
/// at the payback horizons the budgets cover. Replicates may not differ in length.
/// @throws Error if the budgets have no baseline or cover different numbers of years.
BudgetSpread budget_spread(const std::vector<Budget>& replicates);

}  // namespace trappsteg
