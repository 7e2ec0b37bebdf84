#pragma once
// A parameter sweep (scenarios/sweeps/*.yaml): a base scenario, the values to vary by key
// path, and how points are chosen — every combination of a grid, an explicit list, or a
// seeded Latin hypercube sample within ranges.

#include "engine/scenario/overrides.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// One varied parameter.
struct SweepParameter {
  std::string path;                 ///< yaml: parameters[i].path, a key path as for --set
  std::vector<double> values;       ///< yaml: parameters[i].values (grid)
  double low = 0, high = 0;         ///< yaml: parameters[i].range: [low, high] (latin_hypercube)
  /// yaml: parameters[i].integer: whole values only (default: whole_numbered_key(path)); a
  /// Latin hypercube's values are rounded, a grid's or list's must be whole.
  bool integer = false;
  /// yaml: parameters[i].scale: linear, or log (a Latin hypercube even in the logarithm; low > 0).
  bool log_scale = false;
};

/// A validated sweep definition.
struct SweepSpec {
  std::filesystem::path file;
  std::filesystem::path base;       ///< yaml: base, a scenario file relative to the sweep file
  enum class Design : std::uint8_t { kGrid, kList, kLatinHypercube } design = Design::kGrid;  ///< yaml: design
  std::vector<SweepParameter> parameters;
  std::vector<std::vector<double>> list;  ///< yaml: list: [{path: value, ...}] (list design), per point in parameter order
  int points = 0;                   ///< yaml: points (latin_hypercube)
  std::uint64_t sampling_seed = 1;  ///< yaml: sampling_seed (latin_hypercube)
  std::optional<int> replicates, years;  ///< yaml: replicates, years: override the base scenario's
  std::optional<double> scale;      ///< yaml: scale
  std::optional<std::uint64_t> seed;  ///< yaml: seed
  std::string text;                 ///< the file's text, to recognise it again on --resume
};

/// Reads and checks a sweep file. @throws InputError naming file, line, column and key.
SweepSpec load_sweep(const std::filesystem::path& file);

/// The parameter values of every point, in a fixed order (grid: the last parameter varies
/// fastest; Latin hypercube: one value per stratum of each parameter, strata shuffled by
/// the sampling seed, a seeded position within each stratum).
std::vector<std::vector<double>> sweep_points(const SweepSpec& sweep);

/// A point's values as overrides.
std::vector<Override> point_overrides(const SweepSpec& sweep, const std::vector<double>& point);

}  // namespace trappsteg
