#include "output/calibration_writer.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/overrides.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <sstream>

namespace trappsteg {
namespace {

const char* transform_name(CalibrationParameter::Transform t) {
  return t == CalibrationParameter::Transform::kLog ? "log" : t == CalibrationParameter::Transform::kLogit ? "logit" : "none";
}

}  // namespace

void write_calibration_trace(std::ostream& out, const CalibrationSpec& spec, const std::vector<CalibrationEvaluation>& trace) {
  out << "evaluation";
  for (const auto& p : spec.parameters) out << ',' << csv_field(p.path);
  out << ",objective";
  for (const auto& name : spec.fit) out << ',' << csv_field(name) << ',' << csv_field(name + "_standard_error");
  out << '\n';
  for (std::size_t e = 0; e < trace.size(); ++e) {
    const CalibrationEvaluation& t = trace[e];
    out << e + 1;
    for (double x : t.parameters) out << ',' << csv_number(x);
    out << ',' << csv_number(t.objective);
    for (std::size_t k = 0; k < spec.fit.size(); ++k)
      out << ',' << csv_number(k < t.moments.size() ? t.moments[k] : std::nan("")) << ','
          << csv_number(k < t.standard_errors.size() ? t.standard_errors[k] : std::nan(""));
    out << '\n';
  }
}

std::vector<CalibrationEvaluation> read_calibration_trace(const std::filesystem::path& file, const CalibrationSpec& spec) {
  std::istringstream in(read_whole_file(file));
  std::string line;
  std::vector<CalibrationEvaluation> trace;
  const std::size_t n = spec.parameters.size(), k = spec.fit.size();
  if (!std::getline(in, line) || split_csv_line(line).size() != 2 + n + 2 * k)
    throw InputError({{{file, 1, 1}, "", "not the trace of this calibration (its columns differ)"}});
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    std::vector<std::string> f = split_csv_line(line);
    if (f.size() != 2 + n + 2 * k) throw InputError({{{file, row, 1}, "", "a damaged row (wrong number of fields)"}});
    CalibrationEvaluation e;
    for (std::size_t i = 0; i < n; ++i) e.parameters.push_back(parse_csv_number(f[1 + i]));
    e.objective = parse_csv_number(f[1 + n]);
    for (std::size_t m = 0; m < k; ++m) {
      e.moments.push_back(parse_csv_number(f[2 + n + 2 * m]));
      e.standard_errors.push_back(parse_csv_number(f[3 + n + 2 * m]));
    }
    for (double x : e.parameters)
      if (std::isnan(x)) throw InputError({{{file, row, 1}, "", "a damaged row (a parameter is not a number)"}});
    trace.push_back(std::move(e));
  }
  return trace;
}

void write_calibration_parameters(std::ostream& out, const CalibrationSpec& spec, const CalibrationOutcome& outcome) {
  out << "path,low,high,transform,start,fitted,standard_error,identified\n";
  const CalibrationEvaluation& best = outcome.trace[outcome.best];
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const CalibrationParameter& p = spec.parameters[i];
    fmt::print(out, "{},{},{},{},{},{},{},{}\n", csv_field(p.path), csv_number(p.low), csv_number(p.high), transform_name(p.transform),
               csv_number(p.start), csv_number(best.parameters[i]), csv_number(outcome.standard_errors[i]),
               outcome.interrupted ? "not computed" : outcome.identified[i] ? "yes" : "no");
  }
}

void write_calibration_fit(std::ostream& out, const CalibrationOutcome& outcome) {
  out << "target,use,outcome,published,tolerance,before,after,after_low,after_high,within_before,within_after,sureness,source\n";
  auto within = [](const TargetComparison& c) { return !c.reached ? "not reached" : c.within ? "yes" : "no"; };
  for (std::size_t t = 0; t < outcome.after.size() && t < outcome.before.size(); ++t) {
    const TargetComparison& b = outcome.before[t];
    const TargetComparison& a = outcome.after[t];
    const Target& target = *a.target;
    fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(target.name), target.use == Target::Use::kFit ? "fit" : "check",
               csv_field(target.outcome.text), csv_number(target.value), csv_number(target.tolerance), csv_number(b.model.mean),
               csv_number(a.model.mean), csv_number(a.model.low), csv_number(a.model.high), within(b), within(a), csv_field(target.sureness),
               csv_field(target.source));
  }
}

std::string with_fitted_values(const std::string& text, const std::vector<std::pair<std::string, double>>& values,
                               const std::string& note) {
  YAML::Node root = YAML::Load(text);
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  for (const auto& [path, value] : values) {
    YAML::Node node = find_key_path(root, path);
    if (!node.IsDefined() || !node.IsScalar() || node.Mark().line < 0)
      throw Error(fmt::format("the fitted value of {} has no place in the file", path));
    auto line = static_cast<std::size_t>(node.Mark().line);
    auto column = static_cast<std::size_t>(node.Mark().column);
    std::string& l = lines[line];
    // A plain number ends at the next separator of flow or block YAML.
    std::size_t end = l.find_first_of(",}] #", column);
    if (end == std::string::npos) end = l.size();
    // Four significant digits: the fit is not surer than that (see its standard errors).
    const std::string fitted = fmt::format("{:.4g}", value);
    l.replace(column, end - column, fitted);
    // Keep a comment after the value where it stood, when the spaces before it allow.
    const std::size_t after = column + fitted.size(), old_width = end - column;
    std::size_t spaces = 0;
    while (after + spaces < l.size() && l[after + spaces] == ' ') ++spaces;
    if (after + spaces < l.size() && l[after + spaces] == '#' && spaces > 0) {
      if (fitted.size() > old_width) l.erase(after, std::min(fitted.size() - old_width, spaces - 1));
      else l.insert(after, old_width - fitted.size(), ' ');
    }
    std::size_t comment = l.find(" #", column);
    if (comment == std::string::npos) {
      l += "  # " + note;
      continue;
    }
    // An earlier calibration's note gives way to this one's.
    std::size_t text_start = l.find_first_not_of(' ', comment + 2);
    if (text_start == std::string::npos) text_start = l.size();
    if (l.compare(text_start, 14, "calibrated by ") == 0) {
      std::size_t stop = l.find(';', text_start);
      if (stop == std::string::npos) l.replace(text_start, std::string::npos, note);
      else l.replace(text_start, stop - text_start, note);
    } else {
      l.insert(comment + 2, " " + note + ";");
    }
  }
  std::string result;
  for (const auto& l : lines) result += l + '\n';
  return result;
}

}  // namespace trappsteg
