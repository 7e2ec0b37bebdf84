#pragma once
// The headline outcomes of one run in one area at one month — what summaries, comparisons
// and sweeps report by name.

#include "engine/metrics/outcomes.hpp"
#include "engine/scenario/model.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trappsteg {

/// Named headline values at month `m` (0-based) in `area` (NaN where they do not apply). Sums
/// over a year (income support, school completion) cover the twelve months up to `m`.
std::vector<std::pair<std::string, double>> headline_values(const Outcomes& outcomes, std::size_t m, std::size_t area);

/// The newcomers' snapshot taken at the end of month `m` (0-based), if it ends a headline year.
const NewcomerSnapshot* newcomers_at_month(const NewcomerTable& newcomers, std::size_t m);

/// Two districts whose employment gap a scenario follows (`gap_between`, or --gap), beside the
/// best-minus-worst gap: the one with the higher employment rate in the model's data first.
struct NamedGap {
  std::string higher, lower;  ///< district keys
  /// The outcome's name: employment_gap_20_64_<higher>_vs_<lower>.
  std::string name() const;
};

/// The gap between two districts (keys, in any order), oriented by the model's employment
/// rates; none unless there are exactly two and both are in `model` (districts_only may leave
/// one out).
std::optional<NamedGap> named_gap(const std::vector<std::string>& districts, const DistrictsSpec& model);

/// Employment rate 20–64 of `gap.higher` minus that of `gap.lower` at month `m` (a share; NaN
/// if either district is not in the run).
double named_gap_value(const Outcomes& outcomes, std::size_t m, const NamedGap& gap);

/// The names headline_values() gives, in its order.
std::vector<std::string> headline_names();

/// The years (1, 5, 10, 20, 50) whose last month a run of `months` reaches: the horizons the
/// summaries and headline tables report.
std::vector<int> headline_years(std::size_t months);

}  // namespace trappsteg
