// The budget against a baseline from the two runs' own budgets, and the budget over replicates
// (percentiles, payback probability with its Wilson interval, cost per extra job-year), on
// hand-made budgets whose results are worked out by hand below.

#include "engine/budget/budget.hpp"
#include "engine/budget/spread.hpp"
#include "engine/core/error.hpp"
#include "output/budget_spread_writer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace trappsteg {
namespace {

struct OwnYear {
  double cost, support, tax, jobs;
};

/// A run's own budget (no baseline), as compute_budget makes it without one: one policy.
Budget own_budget(const std::vector<OwnYear>& years, double rate = 0) {
  Budget b;
  b.policy_keys = {"measure"};
  b.discount_rate = rate;
  for (std::size_t y = 0; y < years.size(); ++y) {
    BudgetYear year;
    year.year = 2016 + static_cast<int>(y);
    year.programme_cost = {years[y].cost};
    year.programme_cost_total = years[y].cost;
    year.income_support = years[y].support;
    year.municipal_tax = years[y].tax;
    year.job_years = years[y].jobs;
    year.discount_factor = std::pow(1 + rate, -static_cast<double>(y));
    b.years.push_back(year);
  }
  return b;
}

TEST_CASE("budget.against_a_baseline_from_the_runs_own_budgets") {
  // 2016: saved 1050 − 1000 = 50, tax 500 − 480 = 20, extra cost 100: net −30.
  // 2017: saved 1000 − 900 = 100, tax 550 − 500 = 50, extra cost 100: net 50; cumulative 20.
  const Budget b = budget_against(own_budget({{100, 1000, 500, 10}, {100, 900, 550, 12}}),
                                  own_budget({{0, 1050, 480, 9}, {0, 1000, 500, 10}}));
  REQUIRE(b.has_baseline);
  REQUIRE(b.years.size() == 2);
  CHECK(b.years[0].support_saved == 50);
  CHECK(b.years[0].tax_gained == 20);
  CHECK(b.years[0].extra_programme_cost == 100);
  CHECK(b.years[0].net == -30);
  CHECK(b.years[1].net == 50);
  CHECK(b.years[1].cumulative_net == 20);
  CHECK(b.years[0].extra_job_years == 1);
  CHECK(b.years[1].extra_job_years == 2);
  REQUIRE(b.payback_year);
  CHECK(*b.payback_year == 2017);
  // The whole run: 200 SEK extra for 3 extra job-years.
  REQUIRE(b.totals.size() == 1);
  CHECK(b.totals[0].years == 2);
  CHECK(b.totals[0].programme_cost == 200);
  CHECK(b.totals[0].cost_per_extra_job_year == doctest::Approx(200.0 / 3));

  CHECK_THROWS_AS(budget_against(b, own_budget({{0, 0, 0, 0}, {0, 0, 0, 0}})), Error);        // already against one
  CHECK_THROWS_AS(budget_against(own_budget({{0, 0, 0, 0}}), own_budget({{0, 0, 0, 0}, {0, 0, 0, 0}})), Error);  // other length
}

/// A replicate's budget over five years: `net` in the first year (nothing after), 10 SEK of
/// extra programme cost each year, `jobs` extra job-years in the first year.
Budget replicate(double net, double jobs) {
  std::vector<OwnYear> own, base;
  // Scenario support lower by net + 10 in year one, so that net = saved − 10.
  own.push_back({10, 1000 - (net + 10), 0, 100 + jobs});
  base.push_back({0, 1000, 0, 100});
  for (int y = 1; y < 5; ++y) own.push_back({10, 990, 0, 100}), base.push_back({0, 1000, 0, 100});
  // Years 2–5: saved 10, cost 10: net 0.
  return budget_against(own_budget(own), own_budget(base));
}

TEST_CASE("budget.table_gives_each_item_with_the_interval_of_its_mean_and_totals") {
  // First-year nets −10, 0, 5, 20; 10 SEK of extra cost each year; extra job-years 5, 10, 0, 25.
  const std::vector<Budget> budgets{replicate(-10, 5), replicate(0, 10), replicate(5, 0), replicate(20, 25)};
  const BudgetTable t = budget_table(budgets);
  CHECK(t.replicates == 4);
  // Five years, then the whole run's total (shorter than 10 years) and its discounted total.
  REQUIRE(t.rows.size() == 7);
  const BudgetTableRow& first = t.rows[0];
  CHECK(first.kind == BudgetTableRow::Kind::kYear);
  CHECK(first.year == 2016);
  // Mean 3.75, sd 12.5, se 6.25, t(3) = 3.18245: ± 19.890.
  CHECK(first.net.mean == doctest::Approx(3.75));
  CHECK(first.net.low == doctest::Approx(3.75 - 19.8903).epsilon(1e-4));
  CHECK(first.net.high == doctest::Approx(3.75 + 19.8903).epsilon(1e-4));
  CHECK(first.extra_programme_cost.mean == 10);
  CHECK(first.extra_programme_cost.low == 10);
  CHECK(first.extra_job_years.mean == doctest::Approx(10));
  const BudgetTableRow& total = t.rows[5];
  CHECK(total.kind == BudgetTableRow::Kind::kTotal);
  CHECK(total.years == 5);
  CHECK(total.year == 2020);
  CHECK(total.extra_programme_cost.mean == doctest::Approx(50));
  CHECK(total.net.mean == doctest::Approx(3.75));
  CHECK(total.cumulative_net.mean == doctest::Approx(3.75));
  // 200 SEK for 40 job-years: 5. Linearised (50 − 5 j) / 10 = 2.5, 0, 5, −7.5: sd 5.4006, ± 8.5936.
  CHECK(total.cost_per_extra_job_year.mean == doctest::Approx(5));
  CHECK(total.cost_per_extra_job_year.low == doctest::Approx(5 - 8.5936).epsilon(1e-4));
  CHECK(total.cost_per_extra_job_year.high == doctest::Approx(5 + 8.5936).epsilon(1e-4));
  CHECK(total.pays_back_share == 0.75);
  CHECK(t.rows[6].kind == BudgetTableRow::Kind::kDiscountedTotal);
  CHECK(t.rows[6].net.mean == doctest::Approx(3.75));  // a rate of 0
  // Three replicates pay back in 2016, one never: the median is 2016.
  REQUIRE(t.median_payback_year);
  CHECK(*t.median_payback_year == 2016);
  CHECK(t.pays_back_share == 0.75);

  // Most replicates never paying back leaves no median.
  const BudgetTable never = budget_table({replicate(-10, 5), replicate(-5, 5), replicate(5, 5)});
  CHECK_FALSE(never.median_payback_year);

  std::ostringstream csv;
  write_budget_table_csv(csv, SpreadLabels{{"scenario"}, {{"measure"}}}, {t});
  std::string header, line;
  std::istringstream lines(csv.str());
  std::getline(lines, header);
  std::getline(lines, line);
  CHECK(header.rfind("scenario,row,year,years,extra_programme_cost_sek,extra_programme_cost_sek_low,", 0) == 0);
  CHECK(std::count(header.begin(), header.end(), ',') == std::count(line.begin(), line.end(), ','));
  CHECK(line.rfind("measure,year,2016,1,10,10,10,", 0) == 0);
  CHECK(csv.str().find("measure,total,2020,5,50,") != std::string::npos);
}

TEST_CASE("budget.spread_gives_percentiles_payback_probability_and_cost_per_job_year") {
  // Cumulative nets after 5 years −10, 0, 5, 20: three of four are ≥ 0.
  const std::vector<Budget> budgets{replicate(-10, 5), replicate(0, 10), replicate(5, 0), replicate(20, 25)};
  const BudgetSpread s = budget_spread(budgets);
  REQUIRE(s.years.size() == 5);
  CHECK(s.years[0].year == 2016);
  const Spread& last = s.years[4].cumulative_net;
  CHECK(last.replicates == 4);
  CHECK(last.mean == doctest::Approx(3.75));
  // Type 7: h = p (n − 1); p05: −10 + 0.15 × 10; median: between 0 and 5; p95: 5 + 0.85 × 15.
  CHECK(last.p05 == doctest::Approx(-8.5));
  CHECK(last.p50 == doctest::Approx(2.5));
  CHECK(last.p95 == doctest::Approx(17.75));
  CHECK(s.years[1].net.mean == doctest::Approx(0));

  // Only the five-year horizon is covered.
  REQUIRE(s.horizons.size() == 1);
  const PaybackHorizon& h = s.horizons[0];
  CHECK(h.years == 5);
  CHECK(h.paid == 3);
  CHECK(h.replicates == 4);
  CHECK(h.probability == 0.75);
  // Wilson 95 % for 3 of 4 (z = 1.95996): centre 0.62752, half-width 0.32688.
  CHECK(h.probability_low == doctest::Approx(0.30064).epsilon(1e-4));
  CHECK(h.probability_high == doctest::Approx(0.95440).epsilon(1e-4));
  // 4 × 50 SEK for 40 job-years; the replicates' own ratios 10, 5 and 2 (one gains none).
  CHECK(h.cost_per_extra_job_year == doctest::Approx(5));
  CHECK(h.replicates_without_extra_jobs == 1);
  CHECK(h.cost_per_extra_job_year_p05 == doctest::Approx(2.3));
  CHECK(h.cost_per_extra_job_year_p95 == doctest::Approx(9.5));
  CHECK(h.extra_job_years.mean == doctest::Approx(10));
}

TEST_CASE("budget.spread_without_extra_jobs_has_no_cost_per_job_year_and_needs_a_baseline") {
  const BudgetSpread s = budget_spread({replicate(-10, 0), replicate(-20, 0)});
  REQUIRE(s.horizons.size() == 1);
  CHECK(std::isnan(s.horizons[0].cost_per_extra_job_year));
  CHECK(std::isnan(s.horizons[0].cost_per_extra_job_year_p05));
  CHECK(s.horizons[0].replicates_without_extra_jobs == 2);
  CHECK(s.horizons[0].paid == 0);
  CHECK(s.horizons[0].probability_low == 0);
  CHECK(budget_spread({}).years.empty());
  CHECK_THROWS_AS(budget_spread({own_budget({{1, 1, 1, 1}})}), Error);
}

TEST_CASE("budget.headline_says_no_payback_in_words") {
  // One scenario never pays back (both replicates below 0 after 5 years), one does in one of two.
  const std::vector<BudgetSpread> spreads{budget_spread({replicate(-10, 0), replicate(-20, 0)}),
                                          budget_spread({replicate(-10, 5), replicate(20, 5)})};
  const SpreadLabels labels{{"scenario"}, {{"never"}, {"sometimes"}}};
  std::ostringstream out;
  write_payback_markdown(out, labels, spreads, 0);
  const std::string text = out.str();
  CHECK(text.find("- never: no payback within 5 years (in none of the 2 replicates does the cumulative net reach 0).") !=
        std::string::npos);
  CHECK(text.find("- sometimes: no payback") == std::string::npos);
}

}  // namespace
}  // namespace trappsteg
