#include "engine/scenario/sweep_spec.hpp"

#include "engine/core/random.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

namespace trappsteg {

SweepSpec load_sweep(const std::filesystem::path& file) {
  DiagnosticSink sink;
  auto node = load_yaml_file(file, sink);
  sink.throw_if_any();
  MapReader root(*node, file, "", sink);
  SweepSpec s;
  s.file = file;
  {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    s.text = text.str();
  }
  std::string base = root.required_string("base");
  if (!base.empty()) {
    s.base = std::filesystem::path(base).is_absolute() ? std::filesystem::path(base) : (file.parent_path() / base).lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(s.base, ec)) root.error("base", fmt::format("file not found: {}", s.base.string()));
  }
  std::string design = root.string("design", "grid");
  if (design == "list") s.design = SweepSpec::Design::kList;
  else if (design == "latin_hypercube") s.design = SweepSpec::Design::kLatinHypercube;
  else if (design != "grid") root.error("design", fmt::format("'{}' is not a design; use grid, list or latin_hypercube", design));
  for (MapReader& p : root.maps("parameters")) {
    SweepParameter parameter;
    parameter.path = p.required_string("path");
    // Seats, starts per year and months are whole unless the file says otherwise.
    parameter.integer = p.boolean("integer", whole_numbered_key(parameter.path));
    const std::string scale = p.string("scale", "linear");
    if (scale != "linear" && scale != "log") p.error("scale", fmt::format("'{}' is not a scale; use linear or log", scale));
    parameter.log_scale = scale == "log";
    if (parameter.log_scale && s.design != SweepSpec::Design::kLatinHypercube)
      p.error("scale", "a log scale spreads a latin_hypercube's range; a grid or list gives its values as they are");
    if (s.design == SweepSpec::Design::kGrid) {
      parameter.values = p.numbers("values", kAnyNumber);
      if (parameter.values.empty() && p.has("values")) p.error("values", "give at least one value");
      for (double v : parameter.values)
        if (parameter.integer && v != std::round(v))
          p.error("values", fmt::format("{} is not a whole number, and {} takes whole values (integer: true)", v, parameter.path));
    } else if (s.design == SweepSpec::Design::kLatinHypercube) {
      auto range = p.numbers("range", kAnyNumber);
      if (range.size() != 2 || !(range[0] < range[1])) p.error("range", "expected [low, high] with low < high");
      else if (parameter.log_scale && !(range[0] > 0)) p.error("range", "a log scale needs a range above 0");
      else if (parameter.integer && std::ceil(range[0]) > std::floor(range[1]))
        p.error("range", fmt::format("holds no whole number, and {} takes whole values (integer: true)", parameter.path));
      else parameter.low = range[0], parameter.high = range[1];
    }
    p.finish();
    s.parameters.push_back(parameter);
  }
  if (s.design == SweepSpec::Design::kList) {
    for (MapReader& point : root.maps("list")) {
      std::vector<double> values;
      for (const auto& parameter : s.parameters) {
        values.push_back(point.required_number(parameter.path));
        if (parameter.integer && values.back() != std::round(values.back()))
          point.error(parameter.path, fmt::format("{} is not a whole number, and {} takes whole values (integer: true)", values.back(),
                                                  parameter.path));
      }
      std::vector<std::string> known;
      for (const auto& parameter : s.parameters) known.push_back(parameter.path);
      point.finish(known);
      s.list.push_back(values);
    }
  }
  if (s.design == SweepSpec::Design::kLatinHypercube) {
    s.points = static_cast<int>(root.required_integer("points", 1, 100000));
    s.sampling_seed = static_cast<std::uint64_t>(root.integer("sampling_seed", static_cast<long long>(s.sampling_seed), 0, std::numeric_limits<long long>::max()));
  }
  if (root.has("replicates")) s.replicates = static_cast<int>(root.integer("replicates", 1, 1, 100000));
  if (root.has("years")) s.years = static_cast<int>(root.integer("years", 10, 1, 50));
  if (root.has("scale")) s.scale = root.number("scale", 1, {1e-6, 1.0, "the share of the real population to simulate"});
  if (root.has("seed")) s.seed = static_cast<std::uint64_t>(root.integer("seed", 0, 0, std::numeric_limits<long long>::max()));
  root.string("description", "");
  root.finish();
  sink.throw_if_any();
  return s;
}

std::vector<std::vector<double>> sweep_points(const SweepSpec& s) {
  std::vector<std::vector<double>> points;
  switch (s.design) {
    case SweepSpec::Design::kList:
      return s.list;
    case SweepSpec::Design::kGrid: {
      std::vector<std::size_t> digit(s.parameters.size(), 0);
      if (s.parameters.empty()) return points;
      while (true) {
        std::vector<double> point;
        for (std::size_t p = 0; p < s.parameters.size(); ++p) point.push_back(s.parameters[p].values[digit[p]]);
        points.push_back(point);
        std::size_t p = s.parameters.size();
        while (p > 0) {
          --p;
          if (++digit[p] < s.parameters[p].values.size()) break;
          digit[p] = 0;
          if (p == 0) return points;
        }
      }
    }
    case SweepSpec::Design::kLatinHypercube: {
      RandomStream random(RandomKey{s.sampling_seed, 0});
      const auto n = static_cast<std::size_t>(s.points);
      points.assign(n, std::vector<double>(s.parameters.size()));
      for (std::size_t p = 0; p < s.parameters.size(); ++p) {
        // A seeded shuffle of the strata (sort by a random key), one value inside each.
        std::vector<std::pair<double, std::size_t>> order;
        for (std::size_t i = 0; i < n; ++i)
          order.emplace_back(random.uniform(static_cast<std::uint32_t>(i), static_cast<std::int32_t>(p), Draw::kSynthesis, 1), i);
        std::sort(order.begin(), order.end());
        for (std::size_t i = 0; i < n; ++i) {
          double within = random.uniform(static_cast<std::uint32_t>(i), static_cast<std::int32_t>(p), Draw::kSynthesis, 2);
          double u = (static_cast<double>(order[i].second) + within) / static_cast<double>(n);
          const SweepParameter& parameter = s.parameters[p];
          double value = parameter.log_scale ? std::exp(std::log(parameter.low) + u * (std::log(parameter.high) - std::log(parameter.low)))
                                             : parameter.low + u * (parameter.high - parameter.low);
          value = parameter.integer ? std::clamp(std::round(value), std::ceil(parameter.low), std::floor(parameter.high))
                                    : std::clamp(value, parameter.low, parameter.high);  // exp(log(x)) may round past it
          points[i][p] = value;
        }
      }
      return points;
    }
  }
  return points;
}

std::vector<Override> point_overrides(const SweepSpec& s, const std::vector<double>& point) {
  std::vector<Override> overrides;
  for (std::size_t p = 0; p < s.parameters.size(); ++p) overrides.push_back({s.parameters[p].path, fmt::format("{}", point[p])});
  return overrides;
}

}  // namespace trappsteg
