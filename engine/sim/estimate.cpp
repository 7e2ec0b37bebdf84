#include "engine/sim/estimate.hpp"

#include "engine/metrics/microdata.hpp"
#include "engine/metrics/outcomes.hpp"

#include <algorithm>

namespace trappsteg {
namespace {

// Measured on the shipped model (bench/, peak resident memory of `trappsteg run` less the
// process's baseline): about 190 bytes per person over all columns, the step's per-person
// scratch and the inequality workspace, with vector growth. Households add about 40 bytes.
constexpr double kBytesPerPerson = 190;
constexpr double kBytesPerHousehold = 40;
// A row of outcomes.csv, and the same row in results.sqlite (schema 2: 227 MB for the 10.4
// million rows of a 40-run sweep of 10 years, 21.8 bytes a row).
constexpr double kCsvBytesPerRow = 50;
constexpr double kDatabaseBytesPerRow = 22;

}  // namespace

RunEstimate estimate_run(const Scenario& scenario, const Model& model) {
  RunEstimate e;
  const double years = scenario.months / 12.0;
  double people = 0, arrivals_per_year = 0, births_per_year = 0;
  const auto& edges = model.districts.age_band_edges;
  for (const auto& d : model.districts.districts) {
    people += d.population;
    arrivals_per_year += d.newcomers_per_year;
    // Births a year: women (half) in each age band times the band's fertility.
    for (std::size_t b = 0; b < d.age_shares.size() && b < edges.size(); ++b) {
      double low = edges[b], high = b + 1 < edges.size() ? edges[b + 1] : low + 20;
      double fertility = 0;
      for (double age = low; age < high; age += 1) fertility += model.demography.fertility.at(age);
      fertility /= std::max(1.0, high - low);
      births_per_year += d.population * d.age_shares[b] * 0.5 * fertility;
    }
  }
  e.people = scenario.scale * (people + years * (arrivals_per_year + births_per_year));
  // Households: the initial ones (about 2 people each) and one more for each arrival or young adult moving out.
  e.households = scenario.scale * (people / 2.0 + years * (arrivals_per_year + births_per_year));
  e.memory_bytes = e.people * kBytesPerPerson + e.households * kBytesPerHousehold;

  const double months = scenario.months;
  const double areas = static_cast<double>(model.districts.districts.size()) + 1;
  const double stages = static_cast<double>(model.staircase.stages.size());
  // Months whose outputs are written (and whose moves between stages are held).
  const auto kept = static_cast<double>(scenario.outputs.kept_months(static_cast<std::size_t>(scenario.months)).size());
  const double monthly_cells = months * areas * kGroupCount * kMetricCount;
  const double stage_cells = months * areas * stages + kept * areas * stages * stages;
  const double newcomer_cells = areas * months * 2;
  const double policy_cells = months * static_cast<double>(model.policies.size()) * 10;
  e.result_bytes = 8 * (monthly_cells + stage_cells + newcomer_cells + policy_cells);
  // Rows written: monthly values, stage counts and the flows along the transitions that exist.
  const double transitions = static_cast<double>(model.staircase.transitions.size());
  const double rows = kept * areas * (kGroupCount * kMetricCount + stages + transitions);
  e.csv_bytes = kCsvBytesPerRow * rows;
  e.database_bytes = kDatabaseBytesPerRow * rows;
  // The tables the step and the recorder build per run are part of its peak too.
  e.memory_bytes += e.result_bytes + 8 * kept * areas * stages * stages;
  // The kept people, held until the run is written.
  if (scenario.microdata.on()) {
    const MicrodataSize microdata = estimate_microdata_size(scenario.microdata, e.people, scenario.months);
    const double held = microdata.panel_rows * kMicrodataPanelRowMemory + microdata.event_rows * kMicrodataEventRowMemory;
    e.result_bytes += held;
    e.memory_bytes += held;
    e.database_bytes += microdata.database_bytes;
  }
  return e;
}

}  // namespace trappsteg
