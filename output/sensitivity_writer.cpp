#include "output/sensitivity_writer.hpp"

#include "engine/core/error.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <charconv>
#include <cmath>
#include <sstream>

namespace trappsteg {
namespace {

// Shortest round-trip text, so a point read back is the point written (and --resume exact).
std::string number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

double parse(const std::string& text) {
  if (text.empty()) return std::nan("");
  double v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  return error == std::errc() && end == text.data() + text.size() ? v : std::nan("");
}

std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

void write_sensitivity_points(std::ostream& out, const SensitivityAnalysis& analysis,
                              const std::vector<std::optional<SensitivityPoint>>& points) {
  const SensitivitySpec& spec = analysis.spec();
  out << "point";
  for (const auto& input : spec.inputs) out << ',' << csv_field("unit:" + input.path);
  for (const auto& input : spec.inputs) out << ',' << csv_field(input.path);
  for (const auto& output : spec.outputs) out << ',' << output.name << ',' << output.name << "_standard_error";
  out << ",problem\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    if (!points[p]) continue;
    const SensitivityPoint& point = *points[p];
    out << p;
    for (double u : analysis.design()[p]) out << ',' << number(u);
    for (double x : point.values) out << ',' << number(x);
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) out << ',' << number(point.outputs[o]) << ',' << number(point.standard_errors[o]);
    out << ',' << csv_field(point.problem) << '\n';
  }
}

std::vector<std::optional<SensitivityPoint>> read_sensitivity_points(const std::filesystem::path& file,
                                                                     const SensitivityAnalysis& analysis) {
  const SensitivitySpec& spec = analysis.spec();
  const std::size_t k = spec.inputs.size(), m = spec.outputs.size(), width = 2 + 2 * k + 2 * m;
  std::vector<std::optional<SensitivityPoint>> points(analysis.design().size());
  std::istringstream in(read_whole_file(file));
  std::string line;
  if (!std::getline(in, line) || split_line(line).size() != width)
    throw InputError({{{file, 1, 1}, "", "not the points of this analysis (its columns differ)"}});
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    const std::vector<std::string> f = split_line(line);
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), index);
    if (f.size() != width || error != std::errc() || end != f[0].data() + f[0].size() || index >= points.size())
      throw InputError({{{file, row, 1}, "", "a damaged row"}});
    // The design is recomputed from the file; a row whose coordinates differ is another design's.
    for (std::size_t i = 0; i < k; ++i)
      if (parse(f[1 + i]) != analysis.design()[index][i])
        throw InputError({{{file, row, 1}, "", "a point of another design (its coordinates differ)"}});
    SensitivityPoint point;
    for (std::size_t i = 0; i < k; ++i) point.values.push_back(parse(f[1 + k + i]));
    for (std::size_t o = 0; o < m; ++o) {
      point.outputs.push_back(parse(f[1 + 2 * k + 2 * o]));
      point.standard_errors.push_back(parse(f[2 + 2 * k + 2 * o]));
    }
    point.problem = f.back();
    points[index] = std::move(point);
  }
  return points;
}

void write_sensitivity_indices(std::ostream& out, const SensitivityAnalysis& analysis, const std::vector<OutputSensitivity>& indices) {
  const SensitivitySpec& spec = analysis.spec();
  const bool morris = spec.method == SensitivitySpec::Method::kMorris;
  out << (morris ? "output,input,distribution,mu,mu_star,sigma,output_variance,monte_carlo_share,failed_points\n"
                 : "output,input,distribution,first_order,first_order_low,first_order_high,total,total_low,total_high,"
                   "output_variance,monte_carlo_share,failed_points\n");
  for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
    const OutputSensitivity& s = indices[o];
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      out << spec.outputs[o].name << ',' << csv_field(spec.inputs[i].path) << ',' << csv_field(spec.inputs[i].distribution.text());
      if (morris) {
        out << ',' << number(s.morris.mu[i]) << ',' << number(s.morris.mu_star[i]) << ',' << number(s.morris.sigma[i]);
      } else {
        out << ',' << number(s.sobol.first[i]) << ',' << number(s.sobol.first_interval[i][0]) << ',' << number(s.sobol.first_interval[i][1])
            << ',' << number(s.sobol.total[i]) << ',' << number(s.sobol.total_interval[i][0]) << ',' << number(s.sobol.total_interval[i][1]);
      }
      out << ',' << number(s.variance) << ',' << number(s.monte_carlo_share) << ',' << s.failed_points << '\n';
    }
  }
}

}  // namespace trappsteg
