#pragma once
// Computes the scalar outcomes files ask for (engine/scenario/outcome_spec.hpp) from a run.

#include "engine/budget/budget.hpp"
#include "engine/metrics/outcomes.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/scenario/outcome_spec.hpp"
#include "engine/scenario/targets.hpp"

#include <span>
#include <vector>

namespace trappsteg {

/// The value of `outcome` in one run: its statistic over the months of the period (budget
/// items: over the budget years lying wholly in the period). NaN where the run does not reach
/// the period, the metric is undefined in every month of it, or a budget item is asked of a run
/// without a budget.
double evaluate(const OutcomeSpec& outcome, const Outcomes& outcomes, const Budget* budget);

/// The values of `outcome` in each replicate (budgets may be empty: no budget items then).
std::vector<double> evaluate_replicates(const OutcomeSpec& outcome, std::span<const Outcomes* const> runs,
                                        std::span<const Budget* const> budgets);

/// A published figure against the replicates of a run.
struct TargetComparison {
  const Target* target = nullptr;
  Interval95 model;              ///< mean over replicates with its 95 % interval
  double standard_error = 0;     ///< Monte-Carlo standard error of the mean (NaN with one replicate)
  bool reached = false;          ///< the run covers the period and the value is defined
  bool within = false;           ///< |model mean − published| <= tolerance
};

/// Every target of `targets` against the runs (replicate r: runs[r], budgets[r] if any).
std::vector<TargetComparison> compare_with_targets(const TargetsSpec& targets, std::span<const Outcomes* const> runs,
                                                   std::span<const Budget* const> budgets);

}  // namespace trappsteg
