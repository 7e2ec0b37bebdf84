#pragma once
// Writers of the budget over replicates (engine/budget/spread.hpp), for compare and sweep:
// budget_spread.csv (the net by year with its percentiles, the fan chart's data) and
// payback.csv (how likely each measure pays back, and the cost per extra job-year).

#include "engine/budget/spread.hpp"
#include "output/labels.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace trappsteg {

/// What names each spread's rows: `header` the leading column names (compare: "scenario";
/// sweep: "point" and the swept key paths), `values[i]` the fields of spread i, as text.
struct SpreadLabels {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> values;
};

/// <labels>,year,quantity,replicates,mean,p05,p25,p50,p75,p95 — quantity net_sek,
/// cumulative_net_sek or extra_job_years; one row per spread, year and quantity.
void write_budget_spread_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads);

/// <labels>,within_years,probability,probability_low,probability_high,paid,replicates,inputs_drawn,
/// cumulative_net_mean,cumulative_net_p05,cumulative_net_p95,extra_job_years_mean,
/// cost_per_extra_job_year_sek,cost_per_extra_job_year_p05,cost_per_extra_job_year_p95,
/// replicates_without_extra_jobs — `inputs_drawn` uncertain inputs were drawn per replicate
/// (0: the spread is Monte-Carlo noise only).
void write_payback_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn);

/// The payback table as Markdown, for headline.md: per scenario, the probability of paying back
/// within each horizon with its interval, and the cost per extra job-year after the longest.
void write_payback_markdown(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetSpread>& spreads, std::size_t inputs_drawn,
                            Language language = Language::kEnglish);

/// budget_table.csv, the budget leader's table: <labels>,row,year,years, then for each of
/// extra_programme_cost_sek, support_saved_sek, tax_gained_sek, net_sek, cumulative_net_sek and
/// extra_job_years the mean and its 95 % interval (<name>_low, <name>_high), then
/// cost_per_extra_job_year_sek (with _low, _high), pays_back_share, median_payback_year and
/// replicates. `row` is year (one calendar year), total or discounted_total (over the first
/// `years` years); the cost per job-year and the payback columns are filled on totals only.
void write_budget_table_csv(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetTable>& tables);

/// The same table as Markdown for headline.md, in MSEK (mnkr in Swedish): one table per
/// scenario, years and totals, in `language`.
void write_budget_table_markdown(std::ostream& out, const SpreadLabels& labels, const std::vector<BudgetTable>& tables,
                                 Language language = Language::kEnglish);

}  // namespace trappsteg
