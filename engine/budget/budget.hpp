#pragma once
// The city's budget argument for a scenario, year by year and against a baseline run with
// the same seed (common random numbers): programme costs, income support paid and saved,
// municipal tax on earnings, the net, cost per extra job-year, payback and discounted totals.

#include "engine/metrics/outcomes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// One budget year (SEK, real city; job-years in people × years).
struct BudgetYear {
  int year = 0;                          ///< calendar year
  std::vector<double> programme_cost;    ///< per policy of the scenario
  double programme_cost_total = 0;       ///< all the scenario's policies
  double programme_cost_baseline = 0;    ///< all the baseline's policies (measures both have cancel out)
  double extra_programme_cost = 0;       ///< programme_cost_total − programme_cost_baseline
  double income_support = 0, income_support_baseline = 0, support_saved = 0;
  double municipal_tax = 0, municipal_tax_baseline = 0, tax_gained = 0;
  double net = 0;                        ///< support_saved + tax_gained − extra_programme_cost
  double cumulative_net = 0;
  double discount_factor = 1;            ///< (1 + rate)^−(years since the start)
  double job_years = 0, job_years_baseline = 0, extra_job_years = 0;  ///< employed 20–64
};

/// Totals over the first `years` years (discounted at the scenario's rate where named so).
struct BudgetTotals {
  int years = 0;
  double programme_cost = 0;             ///< extra programme cost against the baseline (the gross cost without one)
  double support_saved = 0, tax_gained = 0, net = 0;
  double discounted_programme_cost = 0, discounted_support_saved = 0, discounted_tax_gained = 0, discounted_net = 0;
  double extra_job_years = 0;
  double cost_per_extra_job_year = 0;    ///< extra programme cost / extra job-years; NaN if no extra job-years
};

/// The budget of one replicate.
struct Budget {
  std::vector<std::string> policy_keys;
  bool has_baseline = false;
  double discount_rate = 0;
  std::vector<BudgetYear> years;
  std::vector<BudgetTotals> totals;      ///< for 10, 20 and 50 years, those the run covers, and the whole run
  std::optional<int> payback_year;       ///< first year from which the cumulative net stays ≥ 0
  std::optional<int> discounted_payback_year;
};

/// The named items of one budget year, in the order budget.csv and results.sqlite list them.
/// `programme_cost_sek` (and `programme_cost_sek:<policy>`) is always the scenario's own, gross
/// cost; with a baseline, `extra_programme_cost_sek` is the cost beyond the baseline's, and the
/// savings, gains and the net follow. Without a baseline there is no net.
std::vector<std::pair<std::string, double>> budget_items(const Budget& budget, const BudgetYear& year);

/// Builds the budget of `scenario` (and, if given, against `baseline`: same months and districts).
/// Only whole years are counted. @throws Error if the two runs do not cover the same months.
Budget compute_budget(const Outcomes& scenario, const Outcomes* baseline, int start_year, double discount_rate,
                      double municipal_tax_rate);

/// `scenario` against `baseline`, from the two runs' own budgets (each computed without a
/// baseline): the same as `compute_budget` of the two runs' outcomes, for when the outcomes are
/// gone (a sweep keeps each run's own budget, and runs the baseline once per replicate).
/// The discount rate is the scenario's. @throws Error if either already has a baseline or
/// the two cover different numbers of years.
Budget budget_against(const Budget& scenario, const Budget& baseline);

}  // namespace trappsteg
