#include "engine/sim/calibration.hpp"

#include "engine/sim/batch.hpp"

#include <fmt/format.h>
#include <nlopt.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace trappsteg {
namespace {

constexpr double kFailed = 1e30;      // the objective of a point that cannot be run
constexpr double kLogitEdge = 1e-3;   // a logit parameter is searched within (low, high) shrunk by this share

double logit(double u) { return std::log(u / (1 - u)); }
double logistic(double z) { return 1 / (1 + std::exp(-z)); }

nlopt::algorithm to_nlopt(CalibrationSpec::Algorithm a, std::size_t n) {
  switch (a) {
    // Powell's BOBYQA needs two or more variables; with one, the subplex method takes over.
    case CalibrationSpec::Algorithm::kBobyqa: return n >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX;
    case CalibrationSpec::Algorithm::kSbplx: return nlopt::LN_SBPLX;
    case CalibrationSpec::Algorithm::kCrs2: return nlopt::GN_CRS2_LM;
    case CalibrationSpec::Algorithm::kIsres: return nlopt::GN_ISRES;
    case CalibrationSpec::Algorithm::kDirect: return nlopt::GN_DIRECT_L;
  }
  return nlopt::LN_BOBYQA;
}

const char* describe(nlopt::result r) {
  switch (r) {
    case nlopt::SUCCESS: return "converged";
    case nlopt::STOPVAL_REACHED: return "the objective reached its stop value";
    case nlopt::FTOL_REACHED: return "converged: the objective changed less than the tolerance";
    case nlopt::XTOL_REACHED: return "converged: the parameters changed less than relative_tolerance";
    case nlopt::MAXEVAL_REACHED: return "stopped at max_evaluations";
    case nlopt::MAXTIME_REACHED: return "stopped at the time limit";
    case nlopt::ROUNDOFF_LIMITED: return "stopped: round-off limited the progress";
    case nlopt::FORCED_STOP: return "interrupted";
    default: return "stopped with an error";
  }
}

/// A small dense matrix, row-major (the calibration's matrices have one row per parameter or target).
struct Matrix {
  std::size_t rows = 0, columns = 0;
  std::vector<double> v;
  Matrix(std::size_t r, std::size_t c) : rows(r), columns(c), v(r * c, 0.0) {}
  double& operator()(std::size_t r, std::size_t c) { return v[r * columns + c]; }
  double operator()(std::size_t r, std::size_t c) const { return v[r * columns + c]; }
};

Matrix product(const Matrix& a, const Matrix& b) {
  Matrix out(a.rows, b.columns);
  for (std::size_t i = 0; i < a.rows; ++i)
    for (std::size_t k = 0; k < a.columns; ++k)
      for (std::size_t j = 0; j < b.columns; ++j) out(i, j) += a(i, k) * b(k, j);
  return out;
}

Matrix transpose(const Matrix& a) {
  Matrix out(a.columns, a.rows);
  for (std::size_t i = 0; i < a.rows; ++i)
    for (std::size_t j = 0; j < a.columns; ++j) out(j, i) = a(i, j);
  return out;
}

/// The inverse of a symmetric positive-definite matrix by its Cholesky factor; false if it is
/// not positive definite (a parameter the targets do not pin down).
bool invert_spd(const Matrix& a, Matrix& inverse) {
  const std::size_t n = a.rows;
  Matrix l(n, n);
  for (std::size_t j = 0; j < n; ++j) {
    double d = a(j, j);
    for (std::size_t k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
    if (!(d > 0)) return false;
    l(j, j) = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a(i, j);
      for (std::size_t k = 0; k < j; ++k) s -= l(i, k) * l(j, k);
      l(i, j) = s / l(j, j);
    }
  }
  // Solve L Lᵀ X = I column by column.
  inverse = Matrix(n, n);
  for (std::size_t c = 0; c < n; ++c) {
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) {
      double s = i == c ? 1.0 : 0.0;
      for (std::size_t k = 0; k < i; ++k) s -= l(i, k) * y[k];
      y[i] = s / l(i, i);
    }
    for (std::size_t i = n; i-- > 0;) {
      double s = y[i];
      for (std::size_t k = i + 1; k < n; ++k) s -= l(k, i) * inverse(k, c);
      inverse(i, c) = s / l(i, i);
    }
  }
  return true;
}

}  // namespace

Calibration::Calibration(CalibrationSpec spec) : spec_(std::move(spec)) {
  fit_ = spec_.fit;
  for (const auto& name : fit_) {
    double w = 1;
    for (const auto& [key, weight] : spec_.weights)
      if (key == name) w = weight;
    weights_.push_back(w);
  }
}

std::vector<double> Calibration::to_search(const std::vector<double>& x) const {
  std::vector<double> z(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const CalibrationParameter& p = spec_.parameters[i];
    switch (p.transform) {
      case CalibrationParameter::Transform::kNone: z[i] = x[i]; break;
      case CalibrationParameter::Transform::kLog: z[i] = std::log(x[i]); break;
      case CalibrationParameter::Transform::kLogit:
        z[i] = logit(std::clamp((x[i] - p.low) / (p.high - p.low), kLogitEdge, 1 - kLogitEdge));
        break;
    }
  }
  return z;
}

std::vector<double> Calibration::from_search(const std::vector<double>& z) const {
  std::vector<double> x(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const CalibrationParameter& p = spec_.parameters[i];
    switch (p.transform) {
      case CalibrationParameter::Transform::kNone: x[i] = z[i]; break;
      case CalibrationParameter::Transform::kLog: x[i] = std::exp(z[i]); break;
      case CalibrationParameter::Transform::kLogit: x[i] = p.low + (p.high - p.low) * logistic(z[i]); break;
    }
    x[i] = std::clamp(x[i], p.low, p.high);  // round-off at the bounds
  }
  return x;
}

std::vector<TargetComparison> Calibration::simulate(const std::vector<double>& x, TargetsSpec& targets, std::string& problem) const {
  std::vector<Override> overrides;
  for (std::size_t i = 0; i < x.size(); ++i) overrides.push_back({spec_.parameters[i].path, fmt::format("{}", x[i])});
  LoadedScenario loaded;
  try {
    loaded = load_scenario_for_run(spec_.scenario, overrides);
    loaded.scenario.microdata = {};  // an evaluation keeps no people
    targets = load_targets(spec_.targets, loaded.model, loaded.scenario.start_year);
  } catch (const InputError& e) {
    problem = e.what();
    return {};
  }
  // The same seeds at every point: the objective moves with the parameters, not with the noise.
  loaded.scenario.scale = spec_.scale;
  loaded.scenario.months = spec_.months;
  loaded.scenario.replicates = spec_.replicates;
  loaded.scenario.seed = spec_.seed;
  loaded.model.targets.reset();
  std::vector<RunTask> tasks;
  for (int r = 0; r < spec_.replicates; ++r) tasks.push_back({0, static_cast<std::uint32_t>(r)});
  std::vector<RunResult> runs(tasks.size());
  run_batch({&loaded}, tasks, [&](std::size_t t, RunResult&& result) { runs[t] = std::move(result); });
  std::vector<const Outcomes*> outcomes;
  for (const auto& run : runs) outcomes.push_back(&run.outcomes);
  return compare_with_targets(targets, outcomes, {});
}

std::vector<TargetComparison> Calibration::compare(const std::vector<double>& x, TargetsSpec& targets) const {
  std::string problem;
  return simulate(x, targets, problem);
}

void Calibration::remember(const CalibrationEvaluation& evaluation) { cache_[evaluation.parameters] = evaluation; }

CalibrationEvaluation Calibration::evaluate(const std::vector<double>& x) {
  if (auto it = cache_.find(x); it != cache_.end()) return it->second;
  CalibrationEvaluation e;
  e.parameters = x;
  TargetsSpec targets;
  std::vector<TargetComparison> comparisons = simulate(x, targets, e.problem);
  if (comparisons.empty()) {
    e.objective = kFailed;
  } else {
    e.objective = 0;
    for (std::size_t k = 0; k < fit_.size(); ++k) {
      auto c = std::find_if(comparisons.begin(), comparisons.end(), [&](const TargetComparison& t) { return t.target->name == fit_[k]; });
      const Target& t = *c->target;
      e.moments.push_back(c->model.mean);
      e.standard_errors.push_back(c->standard_error);
      const double scale = spec_.standardise == CalibrationSpec::Standardise::kTolerance ? t.tolerance : std::abs(t.value);
      const double distance = (c->model.mean - t.value) / (scale > 0 ? scale : 1.0);
      // A target the run does not reach counts as far off, so the search moves away from it.
      e.objective += std::isfinite(distance) ? weights_[k] * distance * distance : kFailed;
    }
  }
  cache_[x] = e;
  return e;
}

CalibrationOutcome Calibration::run(const Progress& on_evaluation, const std::atomic<bool>* cancel) {
  CalibrationOutcome out;
  const std::size_t n = spec_.parameters.size();
  std::vector<double> low(n), high(n), start(n);
  for (std::size_t i = 0; i < n; ++i) {
    const CalibrationParameter& p = spec_.parameters[i];
    start[i] = p.start;
    if (p.transform == CalibrationParameter::Transform::kLogit) {
      low[i] = logit(kLogitEdge), high[i] = logit(1 - kLogitEdge);
    } else {
      const bool log = p.transform == CalibrationParameter::Transform::kLog;
      low[i] = log ? std::log(p.low) : p.low;
      high[i] = log ? std::log(p.high) : p.high;
    }
  }
  auto record = [&](const std::vector<double>& x) {
    CalibrationEvaluation e = evaluate(x);
    out.trace.push_back(e);
    if (e.objective < out.trace[out.best].objective) out.best = out.trace.size() - 1;
    if (on_evaluation) on_evaluation(out.trace, out.best);
    return e.objective;
  };

  nlopt::opt opt(to_nlopt(spec_.algorithm, n), static_cast<unsigned>(n));
  nlopt::srand(spec_.seed);  // the global methods draw points: the same file gives the same search
  opt.set_lower_bounds(low);
  opt.set_upper_bounds(high);
  opt.set_maxeval(spec_.max_evaluations);
  // First steps of a tenth of each range (on the search scale; for a logit, half a unit of
  // log-odds): NLopt's default from the bounds alone is too bold on a transformed scale.
  std::vector<double> step(n);
  for (std::size_t i = 0; i < n; ++i)
    step[i] = spec_.parameters[i].transform == CalibrationParameter::Transform::kLogit ? 0.5 : 0.1 * (high[i] - low[i]);
  if (to_nlopt(spec_.algorithm, n) != nlopt::GN_DIRECT_L) opt.set_initial_step(step);
  opt.set_xtol_rel(spec_.relative_tolerance);
  struct Context {
    Calibration* self;
    const std::atomic<bool>* cancel;
    std::function<double(const std::vector<double>&)> record;
  } context{this, cancel, [&](const std::vector<double>& x) { return record(x); }};
  opt.set_min_objective(
      [](const std::vector<double>& z, std::vector<double>&, void* data) {
        auto* c = static_cast<Context*>(data);
        if (c->cancel && c->cancel->load()) throw nlopt::forced_stop();
        return c->record(c->self->from_search(z));
      },
      &context);
  std::vector<double> z = to_search(start);
  double best = 0;
  try {
    nlopt::result r = opt.optimize(z, best);
    out.stop_reason = describe(r);
  } catch (const nlopt::forced_stop&) {
    out.interrupted = true;
    out.stop_reason = "interrupted";
  } catch (const std::exception& e) {
    out.stop_reason = fmt::format("stopped: {}", e.what());
  }
  if (out.trace.empty()) record(start);

  const CalibrationEvaluation& best_point = out.trace[out.best];
  out.standard_errors.assign(n, std::numeric_limits<double>::quiet_NaN());
  out.identified.assign(n, false);
  if (!out.interrupted && best_point.objective < kFailed) {
    // The Jacobian of the moments in the search variables, by central differences, and the
    // sandwich variance of the estimator: the published figures' uncertainty taken as their
    // tolerance, plus the moments' Monte-Carlo variance.
    const std::size_t k = fit_.size();
    const std::vector<double> z0 = to_search(best_point.parameters);
    Matrix jacobian(k, n);
    std::vector<double> dx_dz(n, 1.0);
    bool complete = true;
    for (std::size_t p = 0; p < n && complete; ++p) {
      const double h = 0.02 * (high[p] - low[p]);
      std::vector<double> up = z0, down = z0;
      up[p] = std::min(high[p], z0[p] + h);
      down[p] = std::max(low[p], z0[p] - h);
      CalibrationEvaluation plus = evaluate(from_search(up)), minus = evaluate(from_search(down));
      if (plus.moments.size() != k || minus.moments.size() != k || up[p] == down[p]) {
        complete = false;
        break;
      }
      for (std::size_t m = 0; m < k; ++m) jacobian(m, p) = (plus.moments[m] - minus.moments[m]) / (up[p] - down[p]);
      dx_dz[p] = (from_search(up)[p] - from_search(down)[p]) / (up[p] - down[p]);
    }
    if (complete) {
      TargetsSpec targets;
      std::string problem;
      std::vector<TargetComparison> at_best = simulate(best_point.parameters, targets, problem);
      Matrix weight(k, k), omega(k, k);
      for (std::size_t m = 0; m < k && !at_best.empty(); ++m) {
        auto c = std::find_if(at_best.begin(), at_best.end(), [&](const TargetComparison& t) { return t.target->name == fit_[m]; });
        const double scale = spec_.standardise == CalibrationSpec::Standardise::kTolerance ? c->target->tolerance : std::abs(c->target->value);
        weight(m, m) = weights_[m] / std::max(scale * scale, 1e-300);
        const double se = std::isfinite(c->standard_error) ? c->standard_error : 0.0;
        omega(m, m) = c->target->tolerance * c->target->tolerance + se * se;
      }
      const Matrix jw = product(transpose(jacobian), weight);   // n × k
      const Matrix information = product(jw, jacobian);         // n × n
      double largest = 0;
      for (std::size_t p = 0; p < n; ++p) largest = std::max(largest, information(p, p));
      Matrix bread(n, n);
      if (invert_spd(information, bread)) {
        const Matrix meat = product(product(jw, omega), transpose(jw));
        const Matrix variance = product(product(bread, meat), bread);
        for (std::size_t p = 0; p < n; ++p) {
          // A parameter the moments barely respond to is not identified by these targets.
          out.identified[p] = information(p, p) > 1e-8 * largest && variance(p, p) >= 0;
          out.standard_errors[p] = out.identified[p] ? std::abs(dx_dz[p]) * std::sqrt(variance(p, p)) : std::numeric_limits<double>::quiet_NaN();
        }
      }
    }
  }
  // Every target, fitted or checked, at the start and at the best point.
  out.before = compare(start, out.targets);
  TargetsSpec after_targets;
  out.after = compare(best_point.parameters, after_targets);
  for (std::size_t t = 0; t < out.after.size() && t < out.targets.targets.size(); ++t) out.after[t].target = &out.targets.targets[t];
  return out;
}

}  // namespace trappsteg
