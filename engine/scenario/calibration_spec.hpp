#pragma once
// A calibration (scenarios/calibrations/*.yaml): which parameters of a scenario's model to fit
// (any numeric key path, with bounds, a start and a transform), to which published figures
// (the `use: fit` targets of a targets file), how each evaluation is simulated, how distances
// are standardised and weighted, and which NLopt algorithm searches.

#include "engine/core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace trappsteg {

/// One parameter to fit.
struct CalibrationParameter {
  std::string path;                 ///< yaml: parameters[i].path, a key path as for --set
  double low = 0, high = 1;         ///< yaml: parameters[i].bounds: [low, high]
  double start = 0;                 ///< yaml: parameters[i].start (default: the middle of the bounds)
  enum class Transform : std::uint8_t { kNone, kLog, kLogit } transform = Transform::kNone;  ///< yaml: transform: none | log | logit
  SourceLocation where;
};

/// A validated calibration file.
struct CalibrationSpec {
  std::filesystem::path file;
  std::string description;          ///< yaml: description
  std::filesystem::path scenario;   ///< yaml: scenario, relative to the calibration file
  std::filesystem::path targets;    ///< yaml: targets (default: the scenario's)
  std::vector<std::string> fit;     ///< yaml: fit: target names (default: every `use: fit` target)
  std::vector<SourceLocation> fit_where;
  std::vector<CalibrationParameter> parameters;
  // Each evaluation: the same seeds at every point (common random numbers).
  double scale = 0.1;               ///< yaml: evaluation.scale
  int months = 12;                  ///< yaml: evaluation.years × 12 or evaluation.months
  int replicates = 2;               ///< yaml: evaluation.replicates
  std::uint64_t seed = 2016;        ///< yaml: evaluation.seed
  /// yaml: objective.standardise: tolerance ((model − value) / tolerance) | published ((model − value) / |value|)
  enum class Standardise : std::uint8_t { kTolerance, kPublished } standardise = Standardise::kTolerance;
  std::vector<std::pair<std::string, double>> weights;  ///< yaml: objective.weights: {target: weight} (default 1)
  /// yaml: optimiser.algorithm: bobyqa | sbplx (local) | crs2 | isres | direct (global)
  enum class Algorithm : std::uint8_t { kBobyqa, kSbplx, kCrs2, kIsres, kDirect } algorithm = Algorithm::kBobyqa;
  int max_evaluations = 100;        ///< yaml: optimiser.max_evaluations
  double relative_tolerance = 1e-3; ///< yaml: optimiser.relative_tolerance on the parameters
  std::string text;                 ///< the file as read
};

/// Reads and checks a calibration file: the scenario and targets load, every target named
/// exists, and every parameter path exists (it is tried at its start value).
/// @throws InputError naming file, line, column and key.
CalibrationSpec load_calibration(const std::filesystem::path& file);

/// The algorithm names, in the order of the enum.
const char* algorithm_name(CalibrationSpec::Algorithm algorithm);

}  // namespace trappsteg
