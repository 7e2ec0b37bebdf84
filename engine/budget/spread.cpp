#include "engine/budget/spread.hpp"

#include "engine/core/error.hpp"
#include "engine/metrics/statistics.hpp"

#include <cmath>
#include <functional>
#include <limits>

namespace trappsteg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Spread spread_of(const std::vector<double>& values) {
  Spread s;
  const Interval95 m = mean_interval(values);
  s.replicates = m.n;
  s.mean = m.mean;
  s.p05 = quantile(values, 0.05);
  s.p25 = quantile(values, 0.25);
  s.p50 = quantile(values, 0.50);
  s.p75 = quantile(values, 0.75);
  s.p95 = quantile(values, 0.95);
  return s;
}

std::vector<double> over(const std::vector<Budget>& budgets, const std::function<double(const Budget&)>& value) {
  std::vector<double> values;
  values.reserve(budgets.size());
  for (const Budget& b : budgets) values.push_back(value(b));
  return values;
}

}  // namespace

BudgetSpread budget_spread(const std::vector<Budget>& replicates) {
  BudgetSpread spread;
  if (replicates.empty()) return spread;
  const std::size_t years = replicates.front().years.size();
  for (const Budget& b : replicates) {
    if (!b.has_baseline) throw Error("the budget's spread needs budgets against a baseline");
    if (b.years.size() != years) throw Error("the replicates' budgets cover different numbers of years");
  }
  for (std::size_t y = 0; y < years; ++y) {
    SpreadYear year;
    year.year = replicates.front().years[y].year;
    year.net = spread_of(over(replicates, [y](const Budget& b) { return b.years[y].net; }));
    year.cumulative_net = spread_of(over(replicates, [y](const Budget& b) { return b.years[y].cumulative_net; }));
    year.extra_job_years = spread_of(over(replicates, [y](const Budget& b) { return b.years[y].extra_job_years; }));
    spread.years.push_back(year);
  }
  for (int horizon : kPaybackHorizons) {
    if (static_cast<std::size_t>(horizon) > years) continue;
    const auto last = static_cast<std::size_t>(horizon - 1);
    PaybackHorizon h;
    h.years = horizon;
    h.replicates = replicates.size();
    double cost = 0, jobs = 0;
    std::vector<double> ratios;
    for (const Budget& b : replicates) {
      h.paid += b.years[last].cumulative_net >= 0;
      double own_cost = 0, own_jobs = 0;
      for (std::size_t y = 0; y <= last; ++y) own_cost += b.years[y].extra_programme_cost, own_jobs += b.years[y].extra_job_years;
      cost += own_cost;
      jobs += own_jobs;
      if (own_jobs > 0) ratios.push_back(own_cost / own_jobs);
      else ++h.replicates_without_extra_jobs;
    }
    const ShareInterval share = wilson_interval(h.paid, h.replicates);
    h.probability = share.share, h.probability_low = share.low, h.probability_high = share.high;
    h.cumulative_net = spread.years[last].cumulative_net;
    h.extra_job_years = spread_of(over(replicates, [last](const Budget& b) {
      double sum = 0;
      for (std::size_t y = 0; y <= last; ++y) sum += b.years[y].extra_job_years;
      return sum;
    }));
    h.cost_per_extra_job_year = jobs > 0 ? cost / jobs : kNaN;
    h.cost_per_extra_job_year_p05 = quantile(ratios, 0.05);
    h.cost_per_extra_job_year_p95 = quantile(ratios, 0.95);
    spread.horizons.push_back(h);
  }
  return spread;
}

}  // namespace trappsteg
