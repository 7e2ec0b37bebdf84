#pragma once
// What a calibration writes into its folder: the trace of every evaluation (read back by
// --resume), the fitted parameters with their standard errors, the fit table, and copies of
// the model files with the fitted values written in (comments and layout kept).

#include "engine/sim/calibration.hpp"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace trappsteg {

/// trace.csv: evaluation, each parameter, the objective, each fitted moment and its standard error.
void write_calibration_trace(std::ostream& out, const CalibrationSpec& spec, const std::vector<CalibrationEvaluation>& trace);
/// The evaluations of a trace.csv written for `spec`. @throws InputError naming the file if it
/// does not belong to this calibration or cannot be read.
std::vector<CalibrationEvaluation> read_calibration_trace(const std::filesystem::path& file, const CalibrationSpec& spec);
/// parameters.csv: path, bounds, transform, start, fitted value, standard error, identified.
void write_calibration_parameters(std::ostream& out, const CalibrationSpec& spec, const CalibrationOutcome& outcome);
/// fit.csv: every target with its published value, the model before and after, and whether each lies within the tolerance.
void write_calibration_fit(std::ostream& out, const CalibrationOutcome& outcome);

/// `text` (a YAML file) with the values at the given paths inside it replaced (to four
/// significant digits), each changed line marked with `note`; the rest of the file —
/// comments, order, layout — as it was.
/// @throws Error if a path cannot be found in the text.
std::string with_fitted_values(const std::string& text, const std::vector<std::pair<std::string, double>>& values,
                               const std::string& note);

}  // namespace trappsteg
