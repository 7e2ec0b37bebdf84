#pragma once
// The cell-by-cell walk of for_each_compared_cell (a template: the writer streams rows).

#include <cmath>
#include <vector>

namespace trappsteg {

template <class Visit>
void for_each_compared_cell(const Comparison& c, Visit visit) {
  if (c.runs.empty() || c.runs.front().empty()) return;
  const MonthlyTable& shape = c.runs.front().front().outcomes.monthly;
  const std::size_t replicates = c.runs.front().size();
  std::vector<double> values(replicates), base(replicates);
  const std::vector<std::size_t>& months = c.runs.front().front().outcomes.written_months;
  for (std::size_t s = 0; s < c.runs.size(); ++s)
    for (std::size_t m : months)
      for (std::size_t area = 0; area < shape.areas; ++area)
        for (std::size_t g = 0; g < kGroupCount; ++g)
          for (std::size_t k = 0; k < kMetricCount; ++k) {
            const std::size_t index = shape.index(m, area, static_cast<Group>(g), static_cast<Metric>(k));
            bool any = false;
            for (std::size_t r = 0; r < replicates; ++r) {
              values[r] = c.runs[s][r].outcomes.monthly.values[index];
              base[r] = c.runs[0][r].outcomes.monthly.values[index];
              any = any || !std::isnan(values[r]);
            }
            if (!any) continue;
            Interval95 value = mean_interval(values);
            Interval95 difference = s == 0 ? Interval95{} : paired_difference(values, base);
            visit(s, m, area, static_cast<Group>(g), static_cast<Metric>(k), value, difference);
          }
}

}  // namespace trappsteg
