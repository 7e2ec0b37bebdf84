#pragma once
// A sensitivity analysis of a scenario's outputs to its uncertain inputs: the points of a
// Morris or Saltelli design are mapped through each input's distribution, run with the same
// seeds everywhere (common random numbers, so the indices measure the inputs and not the
// noise), and the indices computed per output with the Monte-Carlo share of the variance
// beside them. Runs go through the shared ensemble runner (run_batch). No I/O.

#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/sim/sensitivity_indices.hpp"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// One point of the design, run.
struct SensitivityPoint {
  std::vector<double> values;           ///< each input's value (natural units), in the file's order
  std::vector<double> outputs;          ///< each output's mean over the replicates (NaN where not reached)
  std::vector<double> standard_errors;  ///< Monte-Carlo standard error of each (NaN with one replicate)
  std::vector<std::vector<double>> replicates;  ///< [output][replicate]: each replicate's value
  std::string problem;                  ///< why the point could not be run (its outputs are then NaN)
};

/// The indices of one output.
struct OutputSensitivity {
  MorrisIndices morris;        ///< with method morris
  SobolIndices sobol;          ///< with method sobol
  double variance = 0;         ///< of the output over the design's points
  /// Share of that variance that is simulation noise. Every point runs the same seeds, so the
  /// noise all points share (replicate r is lucky everywhere) moves no index; what does is the
  /// noise that differs between points: the point × replicate interaction of a two-way analysis
  /// of variance, whose mean square over the replicate count is the noise in a point's mean.
  /// NaN with one replicate or fewer than two usable points.
  double monte_carlo_share = 0;
  std::size_t failed_points = 0;  ///< points whose output is not a number (left out; indices NaN if any)
};

/// A sensitivity file ready to run.
class SensitivityAnalysis {
 public:
  explicit SensitivityAnalysis(SensitivitySpec spec);

  const SensitivitySpec& spec() const { return spec_; }
  /// The design's points in the unit cube, in the order the indices read their outputs.
  const std::vector<std::vector<double>>& design() const { return unit_points_; }
  /// Each input's value at a unit-cube point (Morris grid levels go to the middles of equal-probability bins).
  std::vector<double> values_at(const std::vector<double>& unit) const;

  /// Runs every point of `points` that is empty, a few at a time in parallel; `on_point(index,
  /// point)` is called as each finishes, in index order within each batch. Stops between
  /// batches when `cancel` becomes true (the finished points stay).
  void run(std::vector<std::optional<SensitivityPoint>>& points,
           const std::function<void(std::size_t, const SensitivityPoint&)>& on_point, const std::atomic<bool>* cancel) const;

  /// The indices of every output from a complete set of points.
  std::vector<OutputSensitivity> analyse(const std::vector<SensitivityPoint>& points) const;

 private:
  SensitivitySpec spec_;
  MorrisDesign morris_;
  SaltelliDesign saltelli_;
  std::vector<std::vector<double>> unit_points_;
};

}  // namespace trappsteg
