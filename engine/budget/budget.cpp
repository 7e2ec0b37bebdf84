#include "engine/budget/budget.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace trappsteg {
namespace {

/// A city-wide monthly value summed over the twelve months of year `y`.
double year_sum(const Outcomes& o, std::size_t y, Metric metric) {
  const std::size_t city = o.monthly.areas - 1;
  double sum = 0;
  for (std::size_t m = y * 12; m < y * 12 + 12; ++m) sum += o.monthly.at(m, city, Group::kAll, metric);
  return sum;
}

std::optional<int> payback(const std::vector<BudgetYear>& years, bool discounted) {
  // The first year after which the cumulative net never falls below zero again.
  std::optional<int> year;
  double cumulative = 0;
  for (const auto& y : years) {
    cumulative += discounted ? y.net * y.discount_factor : y.net;
    if (cumulative >= 0) {
      if (!year) year = y.year;
    } else {
      year.reset();
    }
  }
  return year;
}

}  // namespace

std::vector<std::pair<std::string, double>> budget_items(const Budget& b, const BudgetYear& y) {
  std::vector<std::pair<std::string, double>> items;
  for (std::size_t p = 0; p < b.policy_keys.size(); ++p) items.emplace_back("programme_cost_sek:" + b.policy_keys[p], y.programme_cost[p]);
  items.emplace_back("programme_cost_sek", y.programme_cost_total);
  items.emplace_back("income_support_sek", y.income_support);
  items.emplace_back("municipal_tax_sek", y.municipal_tax);
  items.emplace_back("job_years", y.job_years);
  if (b.has_baseline) {
    items.emplace_back("programme_cost_baseline_sek", y.programme_cost_baseline);
    items.emplace_back("extra_programme_cost_sek", y.extra_programme_cost);
    items.emplace_back("income_support_baseline_sek", y.income_support_baseline);
    items.emplace_back("support_saved_sek", y.support_saved);
    items.emplace_back("municipal_tax_baseline_sek", y.municipal_tax_baseline);
    items.emplace_back("tax_gained_sek", y.tax_gained);
    items.emplace_back("job_years_baseline", y.job_years_baseline);
    items.emplace_back("extra_job_years", y.extra_job_years);
    // The net is against a baseline: a budget without one has no net to give.
    items.emplace_back("net_sek", y.net);
    items.emplace_back("cumulative_net_sek", y.cumulative_net);
  }
  items.emplace_back("discount_factor", y.discount_factor);
  return items;
}

namespace {

/// The net, its running sum, the totals over each horizon and the payback years, from the
/// years' costs, support, tax and job-years.
void settle(Budget& budget) {
  double cumulative = 0;
  for (BudgetYear& year : budget.years) {
    year.extra_programme_cost = year.programme_cost_total - year.programme_cost_baseline;
    if (budget.has_baseline) {
      year.support_saved = year.income_support_baseline - year.income_support;
      year.tax_gained = year.municipal_tax - year.municipal_tax_baseline;
      year.extra_job_years = year.job_years - year.job_years_baseline;
    }
    year.net = year.support_saved + year.tax_gained - year.extra_programme_cost;
    cumulative += year.net;
    year.cumulative_net = cumulative;
  }
  const std::size_t whole_years = budget.years.size();
  std::vector<int> horizons;
  for (int h : {10, 20, 50})
    if (static_cast<std::size_t>(h) <= whole_years) horizons.push_back(h);
  if (whole_years > 0 && (horizons.empty() || static_cast<std::size_t>(horizons.back()) != whole_years))
    horizons.push_back(static_cast<int>(whole_years));
  budget.totals.clear();
  for (int h : horizons) {
    BudgetTotals t;
    t.years = h;
    for (int y = 0; y < h; ++y) {
      const BudgetYear& year = budget.years[static_cast<std::size_t>(y)];
      t.programme_cost += year.extra_programme_cost;
      t.support_saved += year.support_saved;
      t.tax_gained += year.tax_gained;
      t.net += year.net;
      t.discounted_programme_cost += year.extra_programme_cost * year.discount_factor;
      t.discounted_support_saved += year.support_saved * year.discount_factor;
      t.discounted_tax_gained += year.tax_gained * year.discount_factor;
      t.discounted_net += year.net * year.discount_factor;
      t.extra_job_years += year.extra_job_years;
    }
    t.cost_per_extra_job_year = t.extra_job_years > 0 ? t.programme_cost / t.extra_job_years
                                                      : std::numeric_limits<double>::quiet_NaN();
    budget.totals.push_back(t);
  }
  budget.payback_year.reset();
  budget.discounted_payback_year.reset();
  if (budget.has_baseline) {
    budget.payback_year = payback(budget.years, false);
    budget.discounted_payback_year = payback(budget.years, true);
  }
}

}  // namespace

Budget compute_budget(const Outcomes& scenario, const Outcomes* baseline, int start_year, double discount_rate,
                      double municipal_tax_rate) {
  if (baseline && baseline->monthly.months != scenario.monthly.months)
    throw Error(fmt::format("the baseline covers {} months and the scenario {}; the budget needs the same horizon",
                            baseline->monthly.months, scenario.monthly.months));
  Budget budget;
  budget.policy_keys = scenario.policies.keys;
  budget.discount_rate = discount_rate;
  const std::size_t whole_years = scenario.monthly.months / 12, policies = scenario.policies.keys.size();
  for (std::size_t y = 0; y < whole_years; ++y) {
    BudgetYear year;
    year.year = start_year + static_cast<int>(y);
    year.programme_cost.assign(policies, 0.0);
    for (std::size_t m = y * 12; m < y * 12 + 12; ++m)
      for (std::size_t p = 0; p < policies; ++p) year.programme_cost[p] += scenario.policies.at(m, p).cost;
    for (double c : year.programme_cost) year.programme_cost_total += c;
    year.income_support = year_sum(scenario, y, Metric::kIncomeSupportSek);
    year.municipal_tax = year_sum(scenario, y, Metric::kEarningsSek) * municipal_tax_rate;
    year.job_years = year_sum(scenario, y, Metric::kEmployed20To64) / 12.0;
    year.discount_factor = std::pow(1.0 + discount_rate, -static_cast<double>(y));
    budget.years.push_back(std::move(year));
  }
  if (!baseline) {
    settle(budget);
    return budget;
  }
  return budget_against(budget, compute_budget(*baseline, nullptr, start_year, discount_rate, municipal_tax_rate));
}

Budget budget_against(const Budget& scenario, const Budget& baseline) {
  if (scenario.has_baseline || baseline.has_baseline) throw Error("a budget against a baseline needs both runs' own budgets");
  if (scenario.years.size() != baseline.years.size())
    throw Error(fmt::format("the baseline's budget covers {} years and the scenario's {}; the budget needs the same horizon",
                            baseline.years.size(), scenario.years.size()));
  Budget budget = scenario;
  budget.has_baseline = true;
  for (std::size_t y = 0; y < budget.years.size(); ++y) {
    BudgetYear& year = budget.years[y];
    const BudgetYear& base = baseline.years[y];
    year.programme_cost_baseline = base.programme_cost_total;
    year.income_support_baseline = base.income_support;
    year.municipal_tax_baseline = base.municipal_tax;
    year.job_years_baseline = base.job_years;
  }
  settle(budget);
  return budget;
}

}  // namespace trappsteg
