// Calibration by simulated moments (engine/sim/calibration): planted parameters are recovered,
// the objective does not depend on the thread count, the search keeps to its bounds, and bad
// calibration files are refused at the right line.

#include "engine/scenario/calibration_spec.hpp"
#include "engine/sim/calibration.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

/// The shipped baseline without its warm-up, in a folder of its own.
struct TempDir : testing::BaselineFolder {
  TempDir() : testing::BaselineFolder("calibration") {}
};

constexpr const char* kEmploymentPath = "staircase.transitions[from=stable_job,to=job_seeker].base";
constexpr const char* kTakeUpPath = "benefits.income_support.take_up.max";
// Enough people that the objective is smooth at the steps the search takes, few enough for a quick test.
constexpr double kPlantedScale = 0.05;

std::string targets_text(double employment, double households) {
  return fmt::format(R"(targets:
  - {{name: employment, metric: employment_rate_20_64, period: 2016, statistic: mean, value: {}, tolerance: 0.002,
      source: planted, sureness: I, use: fit}}
  - {{name: support, metric: households_on_support, period: 2016, statistic: mean, value: {}, tolerance: 200,
      source: planted, sureness: I, use: fit}}
  - {{name: neet, metric: neet_rate_16_24, period: 2016, statistic: mean, value: 0.1, tolerance: 0.01,
      source: a check only, sureness: I, use: check}}
)",
                     employment, households);
}

std::string calibration_text(const fs::path& targets, double employment_start, double take_up_start, const std::string& algorithm = "bobyqa",
                             int evaluations = 80, double scale = 0.02) {
  return fmt::format(R"(description: planted
scenario: {}
targets: {}
parameters:
  - path: {}
    bounds: [0.002, 0.01]
    start: {}
    transform: log
  - path: {}
    bounds: [0.3, 0.99]
    start: {}
    transform: logit
evaluation: {{scale: {}, years: 1, replicates: 2, seed: 11}}
optimiser: {{algorithm: {}, max_evaluations: {}, relative_tolerance: 0.000001}}
)",
                     (targets.parent_path() / "scenario.yaml").string(), targets.string(), kEmploymentPath, employment_start,
                     kTakeUpPath, take_up_start, scale, algorithm, evaluations);
}

/// The moments at the planted values, with the calibration's own evaluation settings.
std::pair<double, double> planted_moments(const TempDir& dir, double employment, double take_up) {
  fs::path targets = dir.write("planted_targets.yaml", targets_text(0.7, 10000));
  Calibration probe(load_calibration(dir.write("probe.yaml", calibration_text(targets, employment, take_up, "bobyqa", 80, kPlantedScale))));
  CalibrationEvaluation at = probe.evaluate({employment, take_up});
  REQUIRE(at.moments.size() == 2);
  return {at.moments[0], at.moments[1]};
}

}  // namespace

TEST_CASE("calibration.recovers_planted_parameters") {
  TempDir dir;
  const double true_employment = 0.0045, true_take_up = 0.9;
  auto [employment, households] = planted_moments(dir, true_employment, true_take_up);
  fs::path targets = dir.write("targets.yaml", targets_text(employment, households));
  // Start well away from the truth on both.
  Calibration calibration(
      load_calibration(dir.write("calibration.yaml", calibration_text(targets, 0.007, 0.6, "bobyqa", 120, kPlantedScale))));
  CalibrationOutcome outcome = calibration.run({}, nullptr);
  const CalibrationEvaluation& best = outcome.trace[outcome.best];
  INFO("stop: " << outcome.stop_reason << "; evaluations " << outcome.trace.size() << "; objective " << best.objective);
  // Relative tolerances (doctest's Approx is otherwise relative to 1 + the values).
  CHECK(best.parameters[0] == doctest::Approx(true_employment).epsilon(0.1).scale(0));
  CHECK(best.parameters[1] == doctest::Approx(true_take_up).epsilon(0.05).scale(0));
  CHECK(best.objective < 1.0);  // within about one tolerance of both moments
  CHECK(outcome.trace.front().objective > 10 * best.objective);
  // Both parameters move the moments: identified, with finite standard errors.
  CHECK(outcome.identified[0]);
  CHECK(outcome.identified[1]);
  CHECK(std::isfinite(outcome.standard_errors[0]));
  CHECK(std::isfinite(outcome.standard_errors[1]));
  // The fit table holds the checked target too, before and after.
  REQUIRE(outcome.after.size() == 3);
  CHECK(outcome.after[2].target->name == "neet");
  CHECK(outcome.after[2].target->use == Target::Use::kCheck);
}

TEST_CASE("calibration.objective_is_identical_for_any_thread_count") {
  TempDir dir;
  fs::path targets = dir.write("targets.yaml", targets_text(0.74, 20000));
  CalibrationSpec spec = load_calibration(dir.write("calibration.yaml", calibration_text(targets, 0.005, 0.7)));
  double objective[2];
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Calibration calibration(spec);
    objective[threads - 1] = calibration.evaluate({0.005, 0.7}).objective;
  }
  CHECK(objective[0] == objective[1]);  // bit for bit
  CHECK(std::isfinite(objective[0]));
}

TEST_CASE("calibration.search_keeps_to_the_bounds_and_a_global_method_works") {
  TempDir dir;
  // Targets no point reaches: the search presses against the bounds but never crosses them.
  fs::path targets = dir.write("targets.yaml", targets_text(0.99, 0));
  for (const char* algorithm : {"bobyqa", "crs2"}) {
    CAPTURE(algorithm);
    Calibration calibration(load_calibration(dir.write("calibration.yaml", calibration_text(targets, 0.005, 0.6, algorithm, 25))));
    CalibrationOutcome outcome = calibration.run({}, nullptr);
    CHECK(outcome.trace.size() <= 25);
    for (const auto& e : outcome.trace) {
      CHECK(e.parameters[0] >= 0.002);
      CHECK(e.parameters[0] <= 0.01);
      CHECK(e.parameters[1] >= 0.3);
      CHECK(e.parameters[1] <= 0.99);
    }
    // Fewer job losses and less take-up both help: the best point lies toward those bounds.
    CHECK(outcome.trace[outcome.best].parameters[0] < 0.005);
    CHECK(outcome.trace[outcome.best].parameters[1] < 0.6);
  }
}

TEST_CASE("calibration.a_remembered_trace_replays_to_the_same_result") {
  TempDir dir;
  fs::path targets = dir.write("targets.yaml", targets_text(0.745, 15000));
  CalibrationSpec spec = load_calibration(dir.write("calibration.yaml", calibration_text(targets, 0.005, 0.7, "bobyqa", 12)));
  Calibration first(spec);
  CalibrationOutcome whole = first.run({}, nullptr);
  // A second calibration that remembers the first half of the trace asks for the same points.
  Calibration resumed(spec);
  for (std::size_t e = 0; e < whole.trace.size() / 2; ++e) resumed.remember(whole.trace[e]);
  CalibrationOutcome again = resumed.run({}, nullptr);
  REQUIRE(again.trace.size() == whole.trace.size());
  for (std::size_t e = 0; e < whole.trace.size(); ++e) {
    CHECK(again.trace[e].parameters == whole.trace[e].parameters);
    CHECK(again.trace[e].objective == whole.trace[e].objective);
  }
}

TEST_CASE("calibration.bad_files_are_refused_at_the_line") {
  TempDir dir;
  fs::path targets = dir.write("targets.yaml", targets_text(0.745, 15000));
  auto diagnostics_of = [&](const std::string& text) {
    try {
      load_calibration(dir.write("bad.yaml", text));
    } catch (const InputError& e) {
      return e.diagnostics();
    }
    FAIL("the file loaded");
    return std::vector<Diagnostic>{};
  };
  // A parameter path that does not exist: reported at its line in the calibration file.
  std::string text = calibration_text(targets, 0.005, 0.7);
  std::string wrong = text;
  wrong.replace(wrong.find("take_up.max"), 11, "take_up.maxx");
  auto d = diagnostics_of(wrong);
  REQUIRE_FALSE(d.empty());
  CHECK(d.front().where.file == dir.path / "bad.yaml");
  CHECK(d.front().where.line == 9);
  CHECK(d.front().message.find("maxx") != std::string::npos);
  // A start outside the bounds, a log transform with bounds at 0, an unknown algorithm.
  std::string outside = text;
  outside.replace(outside.find("start: 0.005"), 12, "start: 0.5  ");
  CHECK(diagnostics_of(outside).front().key_path == "parameters[0].start");
  std::string log_zero = text;
  log_zero.replace(log_zero.find("bounds: [0.002, 0.01]"), 21, "bounds: [0, 0.01]    ");
  CHECK(diagnostics_of(log_zero).front().key_path == "parameters[0].transform");
  std::string algorithm = text;
  algorithm.replace(algorithm.find("algorithm: bobyqa"), 17, "algorithm: newton");
  CHECK(diagnostics_of(algorithm).front().key_path == "optimiser.algorithm");
  // A target named in `fit` that the targets file does not have.
  std::string fit = text + "fit: [employment, suport]\n";
  auto f = diagnostics_of(fit);
  REQUIRE_FALSE(f.empty());
  CHECK(f.front().key_path == "fit[1]");
  CHECK(f.front().message.find("did you mean 'support'") != std::string::npos);
}

}  // namespace trappsteg
