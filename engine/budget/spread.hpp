#pragma once
// The budget of a scenario over its replicates: how far the net spreads year by year, how
// likely the measure pays back within a horizon, and the cost per extra job-year with its
// range. With `compare --uncertainty` each replicate also draws the uncertain assumptions, so
// the spread is theirs and the simulation's together; without, it is simulation noise only.

#include "engine/budget/budget.hpp"
#include "engine/metrics/statistics.hpp"

#include <optional>
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

/// One row of the budget leader's table, each quantity the mean over replicates with the 95 %
/// interval of that mean: a calendar year, or a total over the first `years` years (the
/// discounted total at the scenario's rate; extra job-years are not discounted).
struct BudgetTableRow {
  enum class Kind { kYear, kTotal, kDiscountedTotal };
  Kind kind = Kind::kYear;
  int year = 0;   ///< the calendar year (kYear)
  int years = 0;  ///< years since the start: 1 for the first year, or the years totalled
  Interval95 extra_programme_cost, support_saved, tax_gained, net, cumulative_net, extra_job_years;
  /// Totals: extra programme cost over extra job-years, the ratio of the replicates' sums, with a
  /// delta-method interval; NaN when the replicates together gain no job-years.
  Interval95 cost_per_extra_job_year;
  /// Totals: the share of replicates whose cumulative net is at least 0 after `years` years.
  double pays_back_share = 0;
};

struct BudgetTable {
  std::size_t replicates = 0;
  std::vector<BudgetTableRow> rows;  ///< the years in order, then the totals, then the discounted totals
  /// The median of the replicates' payback years, a replicate that never pays back counted as
  /// later than any (so none when at least half never pay back within the run).
  std::optional<int> median_payback_year;
  double pays_back_share = 0;  ///< share of replicates that pay back within the run
};

/// The table of `replicates` (each against the same baseline, as `compute_budget` made them),
/// with totals at every horizon the budgets hold (10, 20, 50 years and the whole run).
/// @throws Error if the budgets have no baseline or cover different numbers of years.
BudgetTable budget_table(const std::vector<Budget>& replicates);

/// The horizons payback is judged at.
inline constexpr int kPaybackHorizons[] = {5, 10, 20};

/// The spread of `replicates` (each against the same baseline, as `compute_budget` made them),
/// at the payback horizons the budgets cover. Replicates may not differ in length.
/// @throws Error if the budgets have no baseline or cover different numbers of years.
BudgetSpread budget_spread(const std::vector<Budget>& replicates);

}  // namespace trappsteg
