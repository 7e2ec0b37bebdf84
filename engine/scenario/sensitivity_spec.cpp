#include "engine/scenario/sensitivity_spec.hpp"

#include "engine/scenario/detail/read_helpers.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace trappsteg {

const char* method_name(SensitivitySpec::Method method) {
  return method == SensitivitySpec::Method::kSobol ? "sobol" : "morris";
}

namespace {

/// Parameters of the normal distribution of log(value) with the given mean and sd of the value.
std::pair<double, double> lognormal_parameters(double mean, double sd) {
  const double s2 = std::log(1 + sd * sd / (mean * mean));
  return {std::log(mean) - s2 / 2, std::sqrt(s2)};
}

/// α and β of a beta distribution on [0, 1] with this mean and sd (method of moments).
std::pair<double, double> beta_parameters(double mean, double sd) {
  const double common = mean * (1 - mean) / (sd * sd) - 1;
  return {mean * common, (1 - mean) * common};
}

}  // namespace

double Distribution::quantile(double u) const {
  using boost::math::quantile;
  switch (kind) {
    case Kind::kUniform: return low + (high - low) * u;
    case Kind::kTriangular:
      if (low == high) return low;
      return quantile(boost::math::triangular_distribution<double>(low, mode, high), u);
    case Kind::kBeta: {
      const double m = (mean - low) / (high - low), s = sd / (high - low);
      const auto [a, b] = beta_parameters(m, s);
      return low + (high - low) * quantile(boost::math::beta_distribution<double>(a, b), u);
    }
    case Kind::kNormal:
    case Kind::kLognormal: {
      // Both through a standard normal, truncated to the bounds when given.
      const boost::math::normal standard;
      const bool log_scale = kind == Kind::kLognormal;
      double mu = mean, sigma = sd;
      if (log_scale) std::tie(mu, sigma) = lognormal_parameters(mean, sd);
      auto to_z = [&](double x) {
        if (log_scale) x = x > 0 ? std::log(x) : -std::numeric_limits<double>::infinity();
        return (x - mu) / sigma;
      };
      double p = u;
      if (truncated) {
        const double lo = boost::math::cdf(standard, std::max(-37.0, to_z(low)));
        const double hi = boost::math::cdf(standard, std::min(37.0, to_z(high)));
        p = lo + (hi - lo) * u;
        p = std::clamp(p, 1e-300, 1 - 1e-16);
      }
      const double z = quantile(standard, p);
      const double x = mu + sigma * z;
      return log_scale ? std::exp(x) : x;
    }
  }
  return low;
}

std::string Distribution::text() const {
  const std::string bounds = truncated ? fmt::format(" within [{}, {}]", low, high) : "";
  switch (kind) {
    case Kind::kUniform: return fmt::format("uniform [{}, {}]", low, high);
    case Kind::kTriangular: return fmt::format("triangular [{}, {}] with mode {}", low, high, mode);
    case Kind::kNormal: return fmt::format("normal, mean {}, sd {}{}", mean, sd, bounds);
    case Kind::kLognormal: return fmt::format("lognormal, mean {}, sd {}{}", mean, sd, bounds);
    case Kind::kBeta: return fmt::format("beta on [{}, {}], mean {}, sd {}", low, high, mean, sd);
  }
  return "";
}

namespace {

Distribution read_distribution(MapReader& reader) {
  Distribution d;
  const std::string kind = reader.required_string("distribution");
  const std::vector<std::string> kinds{"uniform", "triangular", "normal", "lognormal", "beta"};
  auto it = std::find(kinds.begin(), kinds.end(), kind);
  if (it == kinds.end()) {
    if (!kind.empty()) {
      const std::string suggestion = nearest_spelling(kind, kinds);
      reader.error("distribution", fmt::format("'{}' is not a distribution; use uniform, triangular, normal, lognormal or beta{}", kind,
                                               suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
    }
    for (const char* key : {"bounds", "mode", "mean", "sd"}) reader.has(key);  // one problem, not one per parameter
    return d;
  }
  d.kind = static_cast<Distribution::Kind>(it - kinds.begin());
  const bool needs_bounds = d.kind == Distribution::Kind::kUniform || d.kind == Distribution::Kind::kTriangular;
  const bool takes_bounds = needs_bounds || reader.has("bounds");
  if (takes_bounds) {
    auto bounds = reader.numbers("bounds", kAnyNumber);
    if (bounds.size() != 2 || !(bounds[0] <= bounds[1])) reader.error("bounds", "expected [low, high] with low <= high");
    else d.low = bounds[0], d.high = bounds[1];
  }
  switch (d.kind) {
    case Distribution::Kind::kUniform: break;
    case Distribution::Kind::kTriangular:
      d.mode = reader.required_number("mode");
      if (!(d.mode >= d.low && d.mode <= d.high)) reader.error("mode", fmt::format("{} lies outside the bounds [{}, {}]", d.mode, d.low, d.high));
      break;
    case Distribution::Kind::kNormal:
    case Distribution::Kind::kLognormal:
      d.mean = reader.required_number("mean");
      d.sd = reader.required_number("sd", {1e-300, 1e300, "a standard deviation is above 0"});
      d.truncated = takes_bounds;
      if (d.kind == Distribution::Kind::kLognormal && !(d.mean > 0)) reader.error("mean", "a lognormal value has a mean above 0");
      if (d.truncated && !(d.mean >= d.low && d.mean <= d.high)) reader.error("mean", "the mean lies outside the bounds");
      break;
    case Distribution::Kind::kBeta: {
      if (!takes_bounds) d.low = 0, d.high = 1;
      d.mean = reader.required_number("mean");
      d.sd = reader.required_number("sd", {1e-300, 1e300, "a standard deviation is above 0"});
      const double width = d.high - d.low;
      const double m = width > 0 ? (d.mean - d.low) / width : -1, s = width > 0 ? d.sd / width : 0;
      if (!(m > 0 && m < 1)) reader.error("mean", "a beta distribution's mean lies strictly inside its bounds");
      else if (!(s * s < m * (1 - m))) reader.error("sd", fmt::format("too large for a beta distribution with this mean: at most {:.4g}",
                                                                     std::sqrt(m * (1 - m)) * width));
      break;
    }
  }
  return d;
}

/// The `inputs:` list of a sensitivity or uncertainty file.
std::vector<UncertainInput> read_inputs(MapReader& root) {
  std::vector<UncertainInput> inputs;
  for (MapReader& reader : root.maps("inputs")) {
    UncertainInput input;
    input.where = reader.location_of("path");
    input.path = reader.required_string("path");
    input.distribution = read_distribution(reader);
    input.source = reader.required_string("source");
    reader.finish();
    for (const auto& other : inputs)
      if (other.path == input.path && !input.path.empty()) reader.error("path", fmt::format("'{}' is listed twice", input.path));
    inputs.push_back(std::move(input));
  }
  if (inputs.empty() && root.has("inputs")) root.error("inputs", "give at least one uncertain input");
  return inputs;
}

}  // namespace

std::vector<UncertainInput> load_uncertain_inputs(const std::filesystem::path& file) {
  DiagnosticSink sink;
  auto node = load_yaml_file(file, sink);
  sink.throw_if_any();
  MapReader root(*node, file, "", sink);
  std::vector<UncertainInput> inputs = read_inputs(root);
  // A sensitivity file's other keys are accepted, so its inputs can serve compare too.
  root.finish({"description", "scenario", "method", "outputs", "evaluation", "morris", "sobol"});
  sink.throw_if_any();
  return inputs;
}

SensitivitySpec load_sensitivity(const std::filesystem::path& file) {
  DiagnosticSink sink;
  auto node = load_yaml_file(file, sink);
  sink.throw_if_any();
  MapReader root(*node, file, "", sink);
  SensitivitySpec s;
  s.file = file;
  s.text = YAML::Dump(*node);
  s.description = root.string("description", s.description);
  const std::string scenario = root.required_string("scenario");
  if (!scenario.empty()) {
    std::filesystem::path p(scenario);
    s.scenario = p.is_absolute() ? p : (file.parent_path() / p).lexically_normal();
    if (std::error_code ec; !std::filesystem::is_regular_file(s.scenario, ec))
      root.error("scenario", fmt::format("file not found: {}", s.scenario.string()));
  }
  const std::string method = root.required_string("method");
  if (method == "sobol") s.method = SensitivitySpec::Method::kSobol;
  else if (method != "morris" && !method.empty()) root.error("method", fmt::format("'{}': use morris (screening) or sobol (indices)", method));

  s.inputs = read_inputs(root);

  MapReader evaluation = root.map("evaluation");
  s.scale = evaluation.number("scale", s.scale, {1e-6, 1.0, "the share of the real population to simulate"});
  const bool years = evaluation.has("years"), months = evaluation.has("months");
  if (years && months) evaluation.error("months", "give either 'years' or 'months', not both");
  s.months = months ? static_cast<int>(evaluation.integer("months", s.months, 1, 600))
                    : static_cast<int>(evaluation.integer("years", s.months / 12, 1, 50)) * 12;
  s.replicates = static_cast<int>(evaluation.integer("replicates", s.replicates, 1, 1000));
  s.seed = static_cast<std::uint64_t>(evaluation.integer("seed", static_cast<long long>(s.seed), 0, std::numeric_limits<long long>::max()));
  evaluation.finish();

  // Each method's own settings; the other's block is accepted too, so one file can switch.
  MapReader morris = root.map("morris");
  s.trajectories = static_cast<int>(morris.integer("trajectories", s.trajectories, 2, 10000));
  s.levels = static_cast<int>(morris.integer("levels", s.levels, 2, 100));
  if (s.levels % 2) morris.error("levels", "give an even number of levels (the step is then levels / (2 (levels − 1)))");
  const auto morris_seed = morris.integer("seed", static_cast<long long>(s.design_seed), 0, std::numeric_limits<long long>::max());
  morris.finish();
  MapReader sobol = root.map("sobol");
  s.base_points = static_cast<int>(sobol.integer("base_points", s.base_points, 4, 1 << 20));
  s.bootstrap = static_cast<int>(sobol.integer("bootstrap", s.bootstrap, 0, 100000));
  const auto sobol_seed = sobol.integer("seed", static_cast<long long>(s.design_seed), 0, std::numeric_limits<long long>::max());
  sobol.finish();
  s.design_seed = static_cast<std::uint64_t>(s.method == SensitivitySpec::Method::kSobol ? sobol_seed : morris_seed);

  // Outputs need the model (districts, stages) to resolve their names.
  std::vector<MapReader> output_readers = root.maps("outputs");
  root.finish();
  sink.throw_if_any();

  std::vector<Override> overrides;
  for (const auto& input : s.inputs) overrides.push_back({input.path, fmt::format("{}", input.distribution.quantile(0.5))});
  try {
    Scenario scenario = load_scenario(s.scenario, overrides);
    Model model = load_model(scenario);
    for (MapReader& reader : output_readers) {
      SensitivityOutput output;
      output.where = reader.location_of("");
      output.name = reader.required_string("name");
      output.outcome = detail::read_outcome(reader, model, scenario.start_year);
      reader.finish();
      const bool plain = !output.name.empty() && output.name.size() <= 64 &&
                         std::all_of(output.name.begin(), output.name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
      if (!plain && !output.name.empty())
        reader.error("name", fmt::format("'{}': an output's name is 1–64 of letters, digits and _", output.name));
      for (const auto& other : s.outputs)
        if (other.name == output.name) reader.error("name", fmt::format("output '{}' is defined twice", output.name));
      if (output.outcome.source == OutcomeSpec::Source::kBudget) {
        s.needs_baseline = true;
        if (scenario.baseline_file.empty())
          reader.error("metric", "a budget item is measured against the scenario's baseline, and the scenario names none ('baseline:')");
      }
      s.outputs.push_back(std::move(output));
    }
    if (s.outputs.empty()) root.error("outputs", "give at least one output");
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) sink.add(at_uncertain_input(d, s.inputs));
  }
  sink.throw_if_any();
  return s;
}

Diagnostic at_uncertain_input(Diagnostic problem, const std::vector<UncertainInput>& inputs, const std::string& context) {
  for (const auto& input : inputs)
    if (problem.where.file.string().rfind("--set " + input.path + "=", 0) == 0) {
      if (!context.empty()) problem.message = fmt::format("{} ({})", problem.message, context);
      problem.where = input.where;
      problem.key_path = "inputs: " + input.path;
      break;
    }
  return problem;
}

std::vector<UncertainInput> validate_uncertain_inputs(const std::filesystem::path& file, const std::filesystem::path& context) {
  std::vector<UncertainInput> inputs = load_uncertain_inputs(file);
  std::vector<Override> overrides;
  for (const auto& input : inputs)
    if (overrides_model_file(input.path)) overrides.push_back({input.path, fmt::format("{}", input.distribution.quantile(0.5))});
  try {
    (void)load_model(load_scenario(context, overrides));
  } catch (const InputError& e) {
    std::vector<Diagnostic> problems;
    for (const Diagnostic& d : e.diagnostics()) problems.push_back(at_uncertain_input(d, inputs, "at its median"));
    throw InputError(std::move(problems));
  }
  return inputs;
}

}  // namespace trappsteg
