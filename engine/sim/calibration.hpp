#pragma once
// Calibration by the method of simulated moments: the parameters of a calibration file are
// searched (NLopt) for the values whose simulated moments come closest to the published
// figures, with common random numbers at every point so the objective is smooth in the
// parameters. No I/O: the CLI writes what this returns.

#include "engine/metrics/scalar_outcome.hpp"
#include "engine/scenario/calibration_spec.hpp"

#include <atomic>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace trappsteg {

/// One evaluation of the objective.
struct CalibrationEvaluation {
  std::vector<double> parameters;     ///< natural units, in the order of the file
  double objective = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> moments;        ///< model mean of each fitted target, in the order of `fit`
  std::vector<double> standard_errors;  ///< Monte-Carlo standard error of each
  std::string problem;                ///< why the point could not be run (the objective is then huge)
};

/// What a calibration found.
struct CalibrationOutcome {
  std::vector<CalibrationEvaluation> trace;  ///< every evaluation the optimiser asked for, in order
  std::size_t best = 0;                      ///< index into trace of the lowest objective
  std::vector<double> standard_errors;       ///< per parameter, from the Jacobian of the moments at the best point
  std::vector<bool> identified;              ///< false where the targets do not pin the parameter down
  std::vector<TargetComparison> before, after;  ///< every target (fit and check) at the start and at the best point
  TargetsSpec targets;                       ///< what before/after point into
  bool interrupted = false;
  std::string stop_reason;                   ///< NLopt's, in words
};

/// A calibration problem: the file, its targets, and a cache of the points already run.
class Calibration {
 public:
  /// @throws InputError if the files do not load.
  explicit Calibration(CalibrationSpec spec);

  /// The objective at `parameters` (natural units): the weighted sum of squared standardised
  /// distances of the fitted targets. Runs the replicates in parallel; a point already run
  /// (e.g. read back from a trace) is not run again.
  CalibrationEvaluation evaluate(const std::vector<double>& parameters);
  /// Every target at `parameters`, for the fit table.
  std::vector<TargetComparison> compare(const std::vector<double>& parameters, TargetsSpec& targets) const;
  /// Points already evaluated (a trace read back for --resume).
  void remember(const CalibrationEvaluation& evaluation);

  /// Called after each evaluation with the trace so far and the index of its best point.
  using Progress = std::function<void(const std::vector<CalibrationEvaluation>&, std::size_t)>;
  /// Searches from the starts; stops early (keeping the best point) when `cancel` becomes true.
  CalibrationOutcome run(const Progress& on_evaluation, const std::atomic<bool>* cancel);

  const CalibrationSpec& spec() const { return spec_; }

 private:
  std::vector<double> to_search(const std::vector<double>& parameters) const;   // natural → transformed
  std::vector<double> from_search(const std::vector<double>& z) const;          // transformed → natural
  std::vector<TargetComparison> simulate(const std::vector<double>& parameters, TargetsSpec& targets, std::string& problem) const;

  CalibrationSpec spec_;
  std::vector<double> weights_;        // per fitted target
  std::vector<std::string> fit_;       // names, in order
  std::map<std::vector<double>, CalibrationEvaluation> cache_;
};

}  // namespace trappsteg
