#pragma once
// A sensitivity analysis (scenarios/sensitivity/*.yaml): which inputs of a scenario are
// uncertain (any numeric key path, with a distribution and its source or reasoning), which
// scalar outputs to explain (as calibration targets define them, budget items included), the
// method (Morris screening or Sobol indices) and how each point is simulated.

#include "engine/core/error.hpp"
#include "engine/scenario/outcome_spec.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trappsteg {

/// How uncertain one input is.
struct Distribution {
  enum class Kind : std::uint8_t { kUniform, kTriangular, kNormal, kLognormal, kBeta };
  Kind kind = Kind::kUniform;
  double low = 0, high = 1;   ///< yaml: bounds (uniform, triangular, beta; optional truncation for normal and lognormal)
  double mode = 0.5;          ///< yaml: mode (triangular)
  double mean = 0, sd = 0;    ///< yaml: mean, sd (normal, lognormal: of the value itself; beta: within the bounds)
  bool truncated = false;     ///< normal or lognormal with bounds
  /// The value at cumulative probability `u` in (0, 1).
  double quantile(double u) const;
  /// The distribution in words, e.g. "uniform [0.5, 1.5]".
  std::string text() const;
};

/// One uncertain input.
struct UncertainInput {
  std::string path;           ///< yaml: inputs[i].path, a key path as for --set
  Distribution distribution;  ///< yaml: inputs[i].distribution and its parameters
  std::string source;         ///< yaml: inputs[i].source: where the distribution comes from, or the reasoning
  SourceLocation where;
};

/// One scalar output to explain.
struct SensitivityOutput {
  std::string name;           ///< yaml: outputs[i].name
  OutcomeSpec outcome;        ///< yaml: outputs[i].metric, district, group, period/month/years, statistic
  SourceLocation where;
};

/// A validated sensitivity file.
struct SensitivitySpec {
  std::filesystem::path file;
  std::string description;          ///< yaml: description
  std::filesystem::path scenario;   ///< yaml: scenario, relative to the file
  enum class Method : std::uint8_t { kMorris, kSobol } method = Method::kMorris;  ///< yaml: method: morris | sobol
  std::vector<UncertainInput> inputs;
  std::vector<SensitivityOutput> outputs;
  bool needs_baseline = false;      ///< an output is a budget item: every point also runs the scenario's baseline
  // Each point: the same seeds everywhere (common random numbers).
  double scale = 0.05;              ///< yaml: evaluation.scale
  int months = 120;                 ///< yaml: evaluation.years × 12 or evaluation.months
  int replicates = 2;               ///< yaml: evaluation.replicates
  std::uint64_t seed = 2016;        ///< yaml: evaluation.seed
  int trajectories = 10;            ///< yaml: morris.trajectories
  int levels = 4;                   ///< yaml: morris.levels (even)
  int base_points = 64;             ///< yaml: sobol.base_points (N: N × (inputs + 2) points)
  int bootstrap = 200;              ///< yaml: sobol.bootstrap: resamples for the intervals
  std::uint64_t design_seed = 1;    ///< yaml: morris.seed / sobol.seed: the design's and the bootstrap's draws
  std::string text;                 ///< the file as read
};

/// Reads and checks a sensitivity file: the scenario (and its baseline, for budget outputs)
/// loads, every output names a metric, district and group that exist, and every input path
/// exists (it is tried at its distribution's median). @throws InputError naming file, line,
/// column and key.
SensitivitySpec load_sensitivity(const std::filesystem::path& file);

/// The uncertain inputs of a file (`inputs:`, as a sensitivity file gives them; its other keys
/// are accepted and not read), for `compare --uncertainty`. Paths are checked when applied.
/// @throws InputError naming file, line, column and key.
std::vector<UncertainInput> load_uncertain_inputs(const std::filesystem::path& file);

/// A problem an input's value caused (reported at the "--set path=value" it became) moved to
/// the input's line in its file, `context` added to the message (e.g. "at its value in a
/// replicate, 0.31"; empty: nothing added). Other problems are left as they are.
Diagnostic at_uncertain_input(Diagnostic problem, const std::vector<UncertainInput>& inputs, const std::string& context = "");

/// Checks an uncertainty file (`inputs:` only, for `compare --uncertainty`): its distributions,
/// and each path into a model file at its distribution's median in the model `context` (a
/// scenario) uses. A path into a policy is checked where a compared scenario runs the policy.
/// @throws InputError naming file, line, column and key.
std::vector<UncertainInput> validate_uncertain_inputs(const std::filesystem::path& file, const std::filesystem::path& context);

/// The method's name as files write it.
const char* method_name(SensitivitySpec::Method method);

}  // namespace trappsteg
