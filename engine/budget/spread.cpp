#include "engine/budget/spread.hpp"

#include "engine/core/error.hpp"
#include "engine/metrics/statistics.hpp"

#include <algorithm>
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

void check_replicates(const std::vector<Budget>& replicates) {
  const std::size_t years = replicates.front().years.size();
  for (const Budget& b : replicates) {
    if (!b.has_baseline) throw Error("the budget's spread needs budgets against a baseline");
    if (b.years.size() != years || b.totals.size() != replicates.front().totals.size())
      throw Error("the replicates' budgets cover different numbers of years");
  }
}

Interval95 interval_of(const std::vector<Budget>& budgets, const std::function<double(const Budget&)>& value) {
  return mean_interval(over(budgets, value));
}

/// cost / jobs as the ratio of the sums, with the interval of the linearised ratio
/// (x − R·y) / ȳ: the delta method, using mean_interval's t quantile.
Interval95 ratio_interval(const std::vector<double>& cost, const std::vector<double>& jobs) {
  double cost_sum = 0, jobs_sum = 0;
  for (std::size_t i = 0; i < cost.size(); ++i) cost_sum += cost[i], jobs_sum += jobs[i];
  Interval95 r;
  r.n = cost.size();
  if (!(jobs_sum > 0)) {
    r.mean = r.low = r.high = kNaN;
    return r;
  }
  r.mean = cost_sum / jobs_sum;
  const double mean_jobs = jobs_sum / static_cast<double>(jobs.size());
  std::vector<double> linear;
  for (std::size_t i = 0; i < cost.size(); ++i) linear.push_back((cost[i] - r.mean * jobs[i]) / mean_jobs);
  const Interval95 spread = mean_interval(linear);
  r.low = r.mean + (spread.low - spread.mean);
  r.high = r.mean + (spread.high - spread.mean);
  return r;
}

}  // namespace

BudgetTable budget_table(const std::vector<Budget>& replicates) {
  BudgetTable table;
  table.replicates = replicates.size();
  if (replicates.empty()) return table;
  check_replicates(replicates);
  using Kind = BudgetTableRow::Kind;
  const std::size_t years = replicates.front().years.size();
  for (std::size_t y = 0; y < years; ++y) {
    BudgetTableRow row;
    row.kind = Kind::kYear;
    row.year = replicates.front().years[y].year;
    row.years = static_cast<int>(y + 1);
    auto of = [&](double BudgetYear::*field) { return interval_of(replicates, [&](const Budget& b) { return b.years[y].*field; }); };
    row.extra_programme_cost = of(&BudgetYear::extra_programme_cost);
    row.support_saved = of(&BudgetYear::support_saved);
    row.tax_gained = of(&BudgetYear::tax_gained);
    row.net = of(&BudgetYear::net);
    row.cumulative_net = of(&BudgetYear::cumulative_net);
    row.extra_job_years = of(&BudgetYear::extra_job_years);
    table.rows.push_back(row);
  }
  for (const Kind kind : {Kind::kTotal, Kind::kDiscountedTotal}) {
    const bool discounted = kind == Kind::kDiscountedTotal;
    for (std::size_t t = 0; t < replicates.front().totals.size(); ++t) {
      BudgetTableRow row;
      row.kind = kind;
      row.years = replicates.front().totals[t].years;
      row.year = replicates.front().years[static_cast<std::size_t>(row.years - 1)].year;
      auto of = [&](double BudgetTotals::*plain, double BudgetTotals::*discount) {
        return interval_of(replicates, [&](const Budget& b) { return b.totals[t].*(discounted ? discount : plain); });
      };
      row.extra_programme_cost = of(&BudgetTotals::programme_cost, &BudgetTotals::discounted_programme_cost);
      row.support_saved = of(&BudgetTotals::support_saved, &BudgetTotals::discounted_support_saved);
      row.tax_gained = of(&BudgetTotals::tax_gained, &BudgetTotals::discounted_tax_gained);
      row.net = of(&BudgetTotals::net, &BudgetTotals::discounted_net);
      row.cumulative_net = row.net;
      row.extra_job_years = of(&BudgetTotals::extra_job_years, &BudgetTotals::extra_job_years);
      std::vector<double> cost, jobs;
      std::size_t paid = 0;
      for (const Budget& b : replicates) {
        cost.push_back(discounted ? b.totals[t].discounted_programme_cost : b.totals[t].programme_cost);
        jobs.push_back(b.totals[t].extra_job_years);
        paid += (discounted ? b.totals[t].discounted_net : b.totals[t].net) >= 0;
      }
      row.cost_per_extra_job_year = ratio_interval(cost, jobs);
      row.pays_back_share = static_cast<double>(paid) / static_cast<double>(replicates.size());
      table.rows.push_back(row);
    }
  }
  std::vector<int> payback;
  for (const Budget& b : replicates) payback.push_back(b.payback_year.value_or(std::numeric_limits<int>::max()));
  std::sort(payback.begin(), payback.end());
  const int median = payback[(payback.size() - 1) / 2];
  if (median != std::numeric_limits<int>::max()) table.median_payback_year = median;
  table.pays_back_share = static_cast<double>(std::count_if(replicates.begin(), replicates.end(),
                                                            [](const Budget& b) { return b.payback_year.has_value(); })) /
                          static_cast<double>(replicates.size());
  return table;
}

BudgetSpread budget_spread(const std::vector<Budget>& replicates) {
  BudgetSpread spread;
  if (replicates.empty()) return spread;
  check_replicates(replicates);
  const std::size_t years = replicates.front().years.size();
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
