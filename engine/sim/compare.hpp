#pragma once
// Comparing scenarios over replicates: for every outcome, the mean with a 95% interval, and
// each scenario's difference to the first with a paired 95% interval (replicate r of every
// scenario shares its random draws with replicate r of the first).

#include "engine/budget/budget.hpp"
#include "engine/metrics/headline.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/sim/run.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// Runs of several scenarios: runs[s][r] is replicate r of scenario s (same replicates for all).
struct Comparison {
  std::vector<std::string> names;
  std::vector<std::vector<RunResult>> runs;
  std::vector<std::vector<Budget>> budgets;  ///< [s][r], against the first scenario (s = 0: its own costs)
  std::optional<NamedGap> gap;               ///< districts whose employment gap the headline follows
  int start_year = 0;                        ///< calendar year of the first month
};

/// One headline outcome of one scenario at one horizon, for planners.
struct HeadlineCell {
  std::string outcome;        ///< e.g. "employment_rate_20_64"
  int year = 0;               ///< years since the start
  Interval95 value;           ///< over replicates
  Interval95 difference;      ///< to the first scenario, paired (n = 0 for the first)
};

/// Headline outcomes at 1, 5, 10, 20 and 50 years (those the runs reach): employment rate and
/// the best-minus-worst district gap (and the named gap, if any), Gini, children in households
/// with no work, newcomers employed two years after arrival, newcomers' median months to a first
/// job and their shares employed 12/24/48 months after arrival, income support paid in the year,
/// and the cumulative net budget against the first scenario.
std::vector<std::vector<HeadlineCell>> headline_table(const Comparison& comparison);

/// Visits every monthly outcome cell: (scenario, month, area, group, metric, value interval,
/// difference interval). Cells that are NaN in every run are skipped.
template <class Visit>
void for_each_compared_cell(const Comparison& c, Visit visit);

}  // namespace trappsteg

#include "engine/sim/detail/compare_cells.hpp"
