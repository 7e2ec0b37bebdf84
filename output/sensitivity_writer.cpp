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

void write_sensitivity_points(std::ostream& out, const SensitivityAnalysis& analysis,
                              const std::vector<std::optional<SensitivityPoint>>& points) {
  const SensitivitySpec& spec = analysis.spec();
  out << "point";
  for (const auto& input : spec.inputs) out << ',' << csv_field("unit:" + input.path);
  for (const auto& input : spec.inputs) out << ',' << csv_field(input.path);
  const auto replicates = static_cast<std::size_t>(spec.replicates);
  for (const auto& output : spec.outputs) {
    out << ',' << output.name << ',' << output.name << "_standard_error";
    for (std::size_t r = 0; r < replicates; ++r) out << ',' << output.name << "_replicate_" << r;
  }
  out << ",problem\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    if (!points[p]) continue;
    const SensitivityPoint& point = *points[p];
    out << p;
    for (double u : analysis.design()[p]) out << ',' << csv_number(u);
    for (double x : point.values) out << ',' << csv_number(x);
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
      out << ',' << csv_number(point.outputs[o]) << ',' << csv_number(point.standard_errors[o]);
      for (std::size_t r = 0; r < replicates; ++r)
        out << ',' << csv_number(o < point.replicates.size() && r < point.replicates[o].size() ? point.replicates[o][r] : std::nan(""));
    }
    out << ',' << csv_field(point.problem) << '\n';
  }
}

std::vector<std::optional<SensitivityPoint>> read_sensitivity_points(const std::filesystem::path& file,
                                                                     const SensitivityAnalysis& analysis) {
  const SensitivitySpec& spec = analysis.spec();
  const std::size_t k = spec.inputs.size(), m = spec.outputs.size(), replicates = static_cast<std::size_t>(spec.replicates);
  const std::size_t per_output = 2 + replicates, width = 2 + 2 * k + per_output * m;
  std::vector<std::optional<SensitivityPoint>> points(analysis.design().size());
  std::istringstream in(read_whole_file(file));
  std::string line;
  if (!std::getline(in, line) || split_csv_line(line).size() != width)
    throw InputError({{{file, 1, 1}, "", "not the points of this analysis (its columns differ)"}});
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    const std::vector<std::string> f = split_csv_line(line);
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), index);
    if (f.size() != width || error != std::errc() || end != f[0].data() + f[0].size() || index >= points.size())
      throw InputError({{{file, row, 1}, "", "a damaged row"}});
    // The design is recomputed from the file; a row whose coordinates differ is another design's.
    for (std::size_t i = 0; i < k; ++i)
      if (parse_csv_number(f[1 + i]) != analysis.design()[index][i])
        throw InputError({{{file, row, 1}, "", "a point of another design (its coordinates differ)"}});
    SensitivityPoint point;
    for (std::size_t i = 0; i < k; ++i) point.values.push_back(parse_csv_number(f[1 + k + i]));
    for (std::size_t o = 0; o < m; ++o) {
      const std::size_t at = 1 + 2 * k + per_output * o;
      point.outputs.push_back(parse_csv_number(f[at]));
      point.standard_errors.push_back(parse_csv_number(f[at + 1]));
      std::vector<double>& values = point.replicates.emplace_back();
      for (std::size_t r = 0; r < replicates; ++r) values.push_back(parse_csv_number(f[at + 2 + r]));
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
        out << ',' << csv_number(s.morris.mu[i]) << ',' << csv_number(s.morris.mu_star[i]) << ',' << csv_number(s.morris.sigma[i]);
      } else {
        out << ',' << csv_number(s.sobol.first[i]) << ',' << csv_number(s.sobol.first_interval[i][0]) << ',' << csv_number(s.sobol.first_interval[i][1])
            << ',' << csv_number(s.sobol.total[i]) << ',' << csv_number(s.sobol.total_interval[i][0]) << ',' << csv_number(s.sobol.total_interval[i][1]);
      }
      out << ',' << csv_number(s.variance) << ',' << csv_number(s.monte_carlo_share) << ',' << s.failed_points << '\n';
    }
  }
}

}  // namespace trappsteg
