#include "engine/metrics/headline.hpp"

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
  return values;
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
