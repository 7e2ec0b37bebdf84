#pragma once
// The headline outcomes of one run in one area at one month — what summaries, comparisons
// and sweeps report by name.

#include "engine/metrics/outcomes.hpp"

#include <string>
#include <utility>
#include <vector>

namespace trappsteg {

/// Named headline values at month `m` (0-based) in `area` (NaN where they do not apply). Sums
/// over a year (income support, school completion) cover the twelve months up to `m`.
std::vector<std::pair<std::string, double>> headline_values(const Outcomes& outcomes, std::size_t m, std::size_t area);

/// The names headline_values() gives, in its order.
std::vector<std::string> headline_names();

/// The years (1, 5, 10, 20, 50) whose last month a run of `months` reaches: the horizons the
/// summaries and headline tables report.
std::vector<int> headline_years(std::size_t months);

}  // namespace trappsteg
