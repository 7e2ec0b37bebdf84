#include "engine/sim/compare.hpp"

#include "engine/metrics/headline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

namespace trappsteg {
namespace {

/// A headline value of one run at the end of year `year`.
using Extract = std::function<double(const RunResult&, const Budget&, std::size_t month)>;

double city(const RunResult& run, std::size_t m, Metric metric) {
  const auto& t = run.outcomes.monthly;
  return t.at(m, t.areas - 1, Group::kAll, metric);
}

double newcomers_employed_after(const RunResult& run, std::size_t m, std::size_t milestone) {
  const NewcomerSnapshot* s = newcomers_at_month(run.outcomes.newcomers, m);
  return s ? s->employed_share.back()[milestone] : std::nan("");
}

}  // namespace

std::vector<std::vector<HeadlineCell>> headline_table(const Comparison& c) {
  std::vector<std::vector<HeadlineCell>> table(c.runs.size());
  if (c.runs.empty() || c.runs.front().empty()) return table;
  const std::size_t months = c.runs.front().front().outcomes.monthly.months;
  std::vector<std::pair<std::string, Extract>> outcomes = {
      {"employment_rate_20_64", [](const RunResult& r, const Budget&, std::size_t m) { return city(r, m, Metric::kEmploymentRate20To64); }},
      {"employment_rate_gap_20_64", [](const RunResult& r, const Budget&, std::size_t m) { return city(r, m, Metric::kEmploymentGap20To64); }},
      {"gini", [](const RunResult& r, const Budget&, std::size_t m) { return city(r, m, Metric::kGini); }},
      {"children_in_workless_households",
       [](const RunResult& r, const Budget&, std::size_t m) { return city(r, m, Metric::kChildrenInWorklessHouseholds); }},
      {"newcomers_employed_after_2_years",
       [](const RunResult& r, const Budget&, std::size_t m) { return city(r, m, Metric::kNewcomersEmployedAfter2Years); }},
      {"newcomers_median_months_to_first_job",
       [](const RunResult& r, const Budget&, std::size_t m) {
         const NewcomerSnapshot* s = newcomers_at_month(r.outcomes.newcomers, m);
         return s ? s->median_months_to_first_job.back() : std::nan("");
       }},
      {"income_support_sek_in_year",
       [](const RunResult& r, const Budget&, std::size_t m) {
         double sum = 0;
         for (std::size_t k = m + 1 - 12; k <= m; ++k) sum += city(r, k, Metric::kIncomeSupportSek);
         return sum;
       }},
      {"cumulative_net_budget_sek",
       [](const RunResult&, const Budget& b, std::size_t m) {
         std::size_t year = m / 12;
         return year < b.years.size() ? b.years[year].cumulative_net : std::nan("");
       }},
  };
  if (c.gap) {
    const NamedGap gap = *c.gap;
    auto after_gap = 1 + std::find_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.first == "employment_rate_gap_20_64"; });
    outcomes.insert(after_gap, {gap.name(), [gap](const RunResult& r, const Budget&, std::size_t m) { return named_gap_value(r.outcomes, m, gap); }});
  }
  // After the median, the shares employed at each milestone (inserted in their order).
  auto after_median = 1 + std::find_if(outcomes.begin(), outcomes.end(),
                                       [](const auto& o) { return o.first == "newcomers_median_months_to_first_job"; });
  for (std::size_t j = 0; j < kNewcomerMilestoneMonths.size(); ++j)
    after_median = 1 + outcomes.insert(after_median, {fmt::format("newcomers_employed_{}_months_after_arrival", kNewcomerMilestoneMonths[j]),
                                                      [j](const RunResult& r, const Budget&, std::size_t m) {
                                                        return newcomers_employed_after(r, m, j);
                                                      }});
  const std::size_t replicates = c.runs.front().size();
  for (int year : headline_years(months)) {
    const auto m = static_cast<std::size_t>(year * 12 - 1);
    for (const auto& [name, extract] : outcomes) {
      std::vector<std::vector<double>> values(c.runs.size(), std::vector<double>(replicates));
      for (std::size_t s = 0; s < c.runs.size(); ++s)
        for (std::size_t r = 0; r < replicates; ++r) values[s][r] = extract(c.runs[s][r], c.budgets[s][r], m);
      for (std::size_t s = 0; s < c.runs.size(); ++s) {
        HeadlineCell cell;
        cell.outcome = name;
        cell.year = year;
        cell.value = mean_interval(values[s]);
        // The budget is already reckoned against the first scenario: its value is the difference.
        if (s > 0) cell.difference = name == "cumulative_net_budget_sek" ? cell.value : paired_difference(values[s], values[0]);
        table[s].push_back(cell);
      }
    }
  }
  return table;
}

}  // namespace trappsteg
