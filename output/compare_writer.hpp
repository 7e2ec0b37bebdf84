#pragma once
// Writers of `trappsteg compare`: every outcome with intervals, and the planners' table.

#include "engine/sim/compare.hpp"

#include <iosfwd>

namespace trappsteg {

/// Long format with intervals: scenario,month,district,group,metric,replicates,mean,low,high,
/// difference,difference_low,difference_high (differences to the first scenario, paired).
void write_compare_csv(std::ostream& out, const Comparison& comparison);
/// The headline table as CSV: scenario,year,outcome,mean,low,high,difference,difference_low,difference_high.
void write_headline_csv(std::ostream& out, const Comparison& comparison,
                        const std::vector<std::vector<HeadlineCell>>& table);
/// The headline table as Markdown, one table per horizon, for pasting into a budget document.
void write_headline_markdown(std::ostream& out, const Comparison& comparison,
                             const std::vector<std::vector<HeadlineCell>>& table);

}  // namespace trappsteg
