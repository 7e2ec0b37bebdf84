#include "engine/scenario/calibration_spec.hpp"

#include "engine/scenario/scenario.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace trappsteg {

const char* algorithm_name(CalibrationSpec::Algorithm algorithm) {
  switch (algorithm) {
    case CalibrationSpec::Algorithm::kBobyqa: return "bobyqa";
    case CalibrationSpec::Algorithm::kSbplx: return "sbplx";
    case CalibrationSpec::Algorithm::kCrs2: return "crs2";
    case CalibrationSpec::Algorithm::kIsres: return "isres";
    case CalibrationSpec::Algorithm::kDirect: return "direct";
  }
  return "?";
}

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  DiagnosticSink sink;
  auto node = load_yaml_file(file, sink);
  sink.throw_if_any();
  MapReader root(*node, file, "", sink);
  CalibrationSpec c;
  c.file = file;
  c.text = YAML::Dump(*node);
  c.description = root.string("description", "");
  auto resolve = [&](const std::string& relative) {
    std::filesystem::path p(relative);
    return p.is_absolute() ? p : (file.parent_path() / p).lexically_normal();
  };
  const std::string scenario = root.required_string("scenario");
  if (!scenario.empty()) {
    c.scenario = resolve(scenario);
    if (std::error_code ec; !std::filesystem::is_regular_file(c.scenario, ec))
      root.error("scenario", fmt::format("file not found: {}", c.scenario.string()));
  }
  if (root.has("targets")) {
    c.targets = resolve(root.string("targets", ""));
    if (std::error_code ec; !std::filesystem::is_regular_file(c.targets, ec))
      root.error("targets", fmt::format("file not found: {}", c.targets.string()));
  }
  c.fit = root.strings("fit");
  if (YAML::Node fit = root.node("fit"); fit.IsSequence())
    for (std::size_t i = 0; i < fit.size(); ++i) c.fit_where.push_back(location_of(fit[i], file));

  for (MapReader& p : root.maps("parameters")) {
    CalibrationParameter parameter;
    parameter.where = p.location_of("path");
    parameter.path = p.required_string("path");
    auto bounds = p.numbers("bounds", kAnyNumber);
    if (bounds.size() != 2 || !(bounds[0] < bounds[1])) p.error("bounds", "expected [low, high] with low < high");
    else parameter.low = bounds[0], parameter.high = bounds[1];
    parameter.start = p.number("start", (parameter.low + parameter.high) / 2, kAnyNumber);
    if (!(parameter.start >= parameter.low && parameter.start <= parameter.high))
      p.error("start", fmt::format("{} lies outside the bounds [{}, {}]", parameter.start, parameter.low, parameter.high));
    const std::string transform = p.string("transform", "none");
    if (transform == "log") parameter.transform = CalibrationParameter::Transform::kLog;
    else if (transform == "logit") parameter.transform = CalibrationParameter::Transform::kLogit;
    else if (transform != "none") p.error("transform", fmt::format("'{}': use none, log or logit", transform));
    if (parameter.transform == CalibrationParameter::Transform::kLog && !(parameter.low > 0))
      p.error("transform", "a log transform needs bounds above 0");
    if (parameter.transform == CalibrationParameter::Transform::kLogit && parameter.start == parameter.low)
      p.error("start", "a logit transform needs a start inside the bounds, not on them");
    p.finish();
    for (const auto& other : c.parameters)
      if (other.path == parameter.path) p.error("path", fmt::format("'{}' is fitted twice", parameter.path));
    c.parameters.push_back(parameter);
  }
  if (c.parameters.empty() && root.has("parameters")) root.error("parameters", "give at least one parameter");

  MapReader evaluation = root.map("evaluation");
  c.scale = evaluation.number("scale", c.scale, {1e-6, 1.0, "the share of the real population to simulate"});
  const bool years = evaluation.has("years"), months = evaluation.has("months");
  if (years && months) evaluation.error("months", "give either 'years' or 'months', not both");
  c.months = months ? static_cast<int>(evaluation.integer("months", 12, 1, 600)) : static_cast<int>(evaluation.integer("years", 1, 1, 50)) * 12;
  c.replicates = static_cast<int>(evaluation.integer("replicates", c.replicates, 1, 1000));
  c.seed = static_cast<std::uint64_t>(evaluation.integer("seed", c.seed, 0, std::numeric_limits<long long>::max()));
  evaluation.finish();

  MapReader objective = root.map("objective");
  const std::string standardise = objective.string("standardise", "tolerance");
  if (standardise == "published") c.standardise = CalibrationSpec::Standardise::kPublished;
  else if (standardise != "tolerance") objective.error("standardise", fmt::format("'{}': use tolerance or published", standardise));
  if (objective.has("weights")) {
    YAML::Node weights = objective.node("weights");
    MapReader w = objective.map("weights");
    std::vector<std::string> names;
    if (weights.IsMap())
      for (const auto& entry : weights) {
        names.push_back(entry.first.Scalar());
        c.weights.emplace_back(names.back(), w.required_number(names.back(), {0, 1e6, "a weight cannot be negative"}));
      }
    w.finish(names);
  }
  objective.finish();

  MapReader optimiser = root.map("optimiser");
  const std::string algorithm = optimiser.string("algorithm", "bobyqa");
  const std::vector<std::string> algorithms{"bobyqa", "sbplx", "crs2", "isres", "direct"};
  auto a = std::find(algorithms.begin(), algorithms.end(), algorithm);
  if (a == algorithms.end()) optimiser.error("algorithm", fmt::format("'{}': use bobyqa or sbplx (local), crs2, isres or direct (global)", algorithm));
  else c.algorithm = static_cast<CalibrationSpec::Algorithm>(a - algorithms.begin());
  c.max_evaluations = static_cast<int>(optimiser.integer("max_evaluations", c.max_evaluations, 1, 100000));
  c.relative_tolerance = optimiser.number("relative_tolerance", c.relative_tolerance, {0, 1, "a relative tolerance"});
  optimiser.finish();
  root.finish();
  sink.throw_if_any();

  // The scenario with every parameter at its start: a path that does not exist, or a start the
  // model file refuses, is reported at the parameter's line in this file.
  std::vector<Override> overrides;
  for (const auto& p : c.parameters) overrides.push_back({p.path, fmt::format("{}", p.start)});
  try {
    Scenario s = load_scenario(c.scenario, overrides);
    Model model = load_model(s);
    if (c.targets.empty()) {
      if (s.targets_file.empty()) root.error("targets", "the scenario names no targets file: give 'targets'");
      else c.targets = s.targets_file;
    }
    if (!c.targets.empty()) {
      TargetsSpec targets = load_targets(c.targets, model, s.start_year);
      std::vector<std::string> names;
      for (const auto& t : targets.targets) names.push_back(t.name);
      for (std::size_t i = 0; i < c.fit.size(); ++i)
        if (std::find(names.begin(), names.end(), c.fit[i]) == names.end()) {
          std::string suggestion = nearest_spelling(c.fit[i], names);
          sink.add({i < c.fit_where.size() ? c.fit_where[i] : SourceLocation{file, 0, 0}, fmt::format("fit[{}]", i),
                    fmt::format("{} has no target '{}'{}", c.targets.filename().string(), c.fit[i],
                                suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
        }
      for (const auto& [name, weight] : c.weights)
        if (std::find(names.begin(), names.end(), name) == names.end())
          root.error("objective", fmt::format("weights: {} has no target '{}'", c.targets.filename().string(), name));
      if (c.fit.empty())
        for (const auto& t : targets.targets)
          if (t.use == Target::Use::kFit) c.fit.push_back(t.name);
      if (c.fit.empty()) root.error("fit", "no target to fit: name some, or mark targets 'use: fit'");
    }
  } catch (const InputError& e) {
    for (Diagnostic d : e.diagnostics()) {
      // An override's problem belongs to the parameter that made it.
      for (const auto& p : c.parameters)
        if (d.where.file.string().rfind("--set " + p.path + "=", 0) == 0) {
          d.where = p.where;
          d.key_path = "parameters: " + p.path;
        }
      sink.add(d);
    }
  }
  sink.throw_if_any();
  return c;
}

}  // namespace trappsteg
