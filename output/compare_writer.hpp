#pragma once
// Writers of `trappsteg compare`: every outcome with intervals, and the planners' table.

#include "engine/sim/compare.hpp"
#include "output/labels.hpp"

#include <iosfwd>

namespace trappsteg {

/// Long format with intervals: scenario,month,district,group,metric,replicates,mean,low,high,
/// difference,difference_low,difference_high (differences to the first scenario, paired).
void write_compare_csv(std::ostream& out, const Comparison& comparison);
/// The headline table as CSV: scenario,year,outcome,replicates,mean,low,high,difference,
/// difference_low,difference_high, with keys. With `names` (for --csv-dialect excel-sv), the
/// columns are named in Swedish (scenario, scenarionamn, år, utfall, utfallsnamn, replikat,
/// medel, lägre, övre, skillnad, skillnad_lägre, skillnad_övre), the display names in Swedish
/// beside the keys.
void write_headline_csv(std::ostream& out, const Comparison& comparison, const std::vector<std::vector<HeadlineCell>>& table,
                        const DisplayNames* names = nullptr);
/// The headline table as Markdown, one table per horizon with its calendar year, for pasting
/// into a budget document: in `language`, scenarios and outcomes by their display names.
void write_headline_markdown(std::ostream& out, const Comparison& comparison, const std::vector<std::vector<HeadlineCell>>& table,
                             Language language = Language::kEnglish, const DisplayNames* names = nullptr);

}  // namespace trappsteg
