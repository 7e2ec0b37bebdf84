#include "engine/metrics/scalar_outcome.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace trappsteg {
namespace {

double reduce(const std::vector<double>& values, OutcomeSpec::Statistic statistic) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (statistic == OutcomeSpec::Statistic::kEnd) return values.empty() ? kNaN : values.back();
  double sum = 0, low = std::numeric_limits<double>::infinity(), high = -low;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;  // a month where the metric does not apply (e.g. no one in the group)
    sum += v;
    low = std::min(low, v);
    high = std::max(high, v);
    ++n;
  }
  if (n == 0) return kNaN;
  switch (statistic) {
    case OutcomeSpec::Statistic::kMean: return sum / static_cast<double>(n);
    case OutcomeSpec::Statistic::kSum: return sum;
    case OutcomeSpec::Statistic::kMin: return low;
    case OutcomeSpec::Statistic::kMax: return high;
    case OutcomeSpec::Statistic::kEnd: break;
  }
  return kNaN;
}

}  // namespace

double evaluate(const OutcomeSpec& o, const Outcomes& outcomes, const Budget* budget) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const std::size_t months = outcomes.monthly.months;
  if (o.first_month < 1 || o.last_month < o.first_month || static_cast<std::size_t>(o.last_month) > months) return kNaN;
  std::vector<double> values;
  if (o.source == OutcomeSpec::Source::kBudget) {
    if (budget == nullptr) return kNaN;
    // Budget years are whole calendar years counted from the start: year y covers months 12y+1 … 12y+12.
    for (std::size_t y = 0; y < budget->years.size(); ++y) {
      const int first = static_cast<int>(y) * 12 + 1, last = first + 11;
      if (first < o.first_month || last > o.last_month) continue;
      for (const auto& [name, value] : budget_items(*budget, budget->years[y]))
        if (name == o.budget_item) values.push_back(value);
    }
    return values.empty() ? kNaN : reduce(values, o.statistic);
  }
  for (int m = o.first_month; m <= o.last_month; ++m) {
    const auto month = static_cast<std::size_t>(m - 1);
    if (o.source == OutcomeSpec::Source::kStage) values.push_back(outcomes.stages.people(month, o.area, o.stage));
    else values.push_back(outcomes.monthly.at(month, o.area, o.group, o.metric));
  }
  return reduce(values, o.statistic);
}

std::vector<double> evaluate_replicates(const OutcomeSpec& outcome, std::span<const Outcomes* const> runs,
                                        std::span<const Budget* const> budgets) {
  std::vector<double> values;
  for (std::size_t r = 0; r < runs.size(); ++r) values.push_back(evaluate(outcome, *runs[r], r < budgets.size() ? budgets[r] : nullptr));
  return values;
}

std::vector<TargetComparison> compare_with_targets(const TargetsSpec& targets, std::span<const Outcomes* const> runs,
                                                   std::span<const Budget* const> budgets) {
  std::vector<TargetComparison> comparisons;
  for (const Target& target : targets.targets) {
    TargetComparison c;
    c.target = &target;
    std::vector<double> values = evaluate_replicates(target.outcome, runs, budgets);
    c.model = mean_interval(values);
    c.reached = c.model.n > 0 && std::isfinite(c.model.mean);
    if (c.model.n >= 2) {
      double sum = 0;
      for (double v : values)
        if (!std::isnan(v)) sum += (v - c.model.mean) * (v - c.model.mean);
      c.standard_error = std::sqrt(sum / static_cast<double>(c.model.n - 1) / static_cast<double>(c.model.n));
    } else {
      c.standard_error = std::numeric_limits<double>::quiet_NaN();
    }
    c.within = c.reached && std::abs(c.model.mean - target.value) <= target.tolerance;
    comparisons.push_back(c);
  }
  return comparisons;
}

}  // namespace trappsteg
