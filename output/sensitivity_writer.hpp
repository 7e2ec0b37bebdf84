#pragma once
// The files of a sensitivity analysis: points.csv (every point's inputs and outputs, written as
// points finish, read back by --resume) and indices.csv (each output's indices per input).

#include "engine/sim/sensitivity.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

namespace trappsteg {

/// point, each input's unit coordinate and value, each output with its standard error and each
/// replicate's value (the noise that differs between points is estimated from them), problem.
void write_sensitivity_points(std::ostream& out, const SensitivityAnalysis& analysis,
                              const std::vector<std::optional<SensitivityPoint>>& points);
/// The points a points.csv of this analysis holds (the others empty).
/// @throws InputError if the file is not this analysis's (its columns or coordinates differ).
std::vector<std::optional<SensitivityPoint>> read_sensitivity_points(const std::filesystem::path& file,
                                                                     const SensitivityAnalysis& analysis);
/// Per output and input: Morris mu, mu_star, sigma, or Sobol first and total indices with their
/// intervals; and per output its variance and the Monte-Carlo share of it.
void write_sensitivity_indices(std::ostream& out, const SensitivityAnalysis& analysis, const std::vector<OutputSensitivity>& indices);

}  // namespace trappsteg
