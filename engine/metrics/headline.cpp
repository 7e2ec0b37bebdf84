#include "engine/metrics/headline.hpp"

#include <fmt/format.h>

#include <cmath>

namespace trappsteg {

std::vector<std::pair<std::string, double>> headline_values(const Outcomes& o, std::size_t m, std::size_t area) {
  std::vector<std::pair<std::string, double>> values;
  auto at = [&](Group g, Metric metric) { return o.monthly.at(m, area, g, metric); };
  for (Metric metric : {Metric::kEmploymentRate20To64, Metric::kEmploymentGap20To64, Metric::kMeanEquivalisedIncome,
                        Metric::kGini, Metric::kTheil, Metric::kTheilBetweenDistricts, Metric::kChildrenInWorklessHouseholds,
                        Metric::kShareChildrenInWorklessHouseholds, Metric::kHouseholdsOnSupport,
                        Metric::kHouseholdsLongTermSupport, Metric::kNeetRate})
    values.emplace_back(kMetricNames[static_cast<std::size_t>(metric)], at(Group::kAll, metric));
  double support = 0;  // paid over the twelve months up to this one
  for (std::size_t k = m + 1 >= 12 ? m + 1 - 12 : 0; k <= m; ++k) support += o.monthly.at(k, area, Group::kAll, Metric::kIncomeSupportSek);
  values.emplace_back("income_support_sek_last_12_months", support);
  double leavers = 0, completed = 0;  // school leavers over the last twelve months
  for (std::size_t k = m + 1 >= 12 ? m + 1 - 12 : 0; k <= m; ++k) {
    double n = o.monthly.at(k, area, Group::kAll, Metric::kSchoolLeavers);
    double rate = o.monthly.at(k, area, Group::kAll, Metric::kSchoolCompletionRate);
    leavers += n;
    if (n > 0) completed += n * rate;
  }
  values.emplace_back("school_completion_rate_last_12_months", leavers > 0 ? completed / leavers : std::nan(""));
  values.emplace_back("employment_rate_20_64_foreign_born", at(Group::kForeignBorn, Metric::kEmploymentRate20To64));
  values.emplace_back("employment_rate_20_64_born_in_sweden", at(Group::kBornInSweden, Metric::kEmploymentRate20To64));
  values.emplace_back("employment_rate_20_64_newcomers", at(Group::kNewcomers, Metric::kEmploymentRate20To64));
  values.emplace_back("newcomers_employed_after_2_years", at(Group::kAll, Metric::kNewcomersEmployedAfter2Years));
  // Newcomers followed from arrival, as they stood at the end of a headline year.
  const NewcomerSnapshot* snapshot = newcomers_at_month(o.newcomers, m);
  values.emplace_back("newcomers_median_months_to_first_job", snapshot ? snapshot->median_months_to_first_job[area] : std::nan(""));
  for (std::size_t j = 0; j < kNewcomerMilestoneMonths.size(); ++j)
    values.emplace_back(fmt::format("newcomers_employed_{}_months_after_arrival", kNewcomerMilestoneMonths[j]),
                        snapshot ? snapshot->employed_share[area][j] : std::nan(""));
  return values;
}

const NewcomerSnapshot* newcomers_at_month(const NewcomerTable& newcomers, std::size_t m) {
  for (const NewcomerSnapshot& s : newcomers.by_year)
    if (static_cast<std::size_t>(s.year) * 12 == m + 1) return &s;
  return nullptr;
}

std::string NamedGap::name() const { return fmt::format("employment_gap_20_64_{}_vs_{}", higher, lower); }

std::optional<NamedGap> named_gap(const std::vector<std::string>& districts, const DistrictsSpec& model) {
  if (districts.size() != 2) return std::nullopt;
  auto rate = [&](const std::string& key) {
    for (const DistrictSpec& d : model.districts)
      if (d.key == key) return d.employment_rate;
    return std::nan("");
  };
  // A district left out by districts_only leaves no gap to follow.
  if (std::isnan(rate(districts[0])) || std::isnan(rate(districts[1]))) return std::nullopt;
  // Oriented by the model's data, so the gap keeps its sign in every scenario of a comparison.
  if (rate(districts[1]) > rate(districts[0])) return NamedGap{districts[1], districts[0]};
  return NamedGap{districts[0], districts[1]};
}

double named_gap_value(const Outcomes& o, std::size_t m, const NamedGap& gap) {
  auto rate = [&](const std::string& key) {
    for (std::size_t area = 0; area < o.area_keys.size(); ++area)
      if (o.area_keys[area] == key) return o.monthly.at(m, area, Group::kAll, Metric::kEmploymentRate20To64);
    return std::nan("");
  };
  return rate(gap.higher) - rate(gap.lower);
}

std::vector<std::string> headline_names() {
  // The names do not depend on the values: ask an empty table.
  Outcomes empty;
  empty.monthly.months = 1;
  empty.monthly.areas = 1;
  empty.monthly.values.assign(kGroupCount * kMetricCount, std::nan(""));
  std::vector<std::string> names;
  for (const auto& [name, value] : headline_values(empty, 0, 0)) names.push_back(name);
  return names;
}

std::vector<int> headline_years(std::size_t months) {
  std::vector<int> years;
  for (int y : {1, 5, 10, 20, 50})
    if (static_cast<std::size_t>(y) * 12 <= months) years.push_back(y);
  return years;
}

}  // namespace trappsteg
