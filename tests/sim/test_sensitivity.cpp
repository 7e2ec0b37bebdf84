// A sensitivity analysis through the engine: distributions give the documented quantiles; an
// input no output depends on gets indices of exactly zero (common random numbers), the input
// that drives an output the largest total index; the points are bit-identical for any thread
// count; a bad file is refused at its line.

#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/sim/sensitivity.hpp"
#include "engine/sim/uncertainty.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <cmath>
#include <filesystem>

namespace trappsteg {
namespace {

namespace fs = std::filesystem;

/// The shipped baseline without its warm-up, in a folder of its own.
struct TempDir : testing::BaselineFolder {
  TempDir() : testing::BaselineFolder("sensitivity") {}
};

// Job finding drives employment; what the baseline's competence centre costs a participant
// changes the budget only, so no one's employment.
std::string sobol_file(const TempDir& dir, int base_points) {
  return fmt::format(R"(description: test
scenario: {}
method: sobol
inputs:
  - path: staircase.transitions[from=job_seeker,to=stable_job].base
    distribution: uniform
    bounds: [0.005, 0.12]
    source: test
  - path: policy.competence_centre_gamlestaden.costs.per_participant_month_sek
    distribution: uniform
    bounds: [1000, 20000]
    source: test
outputs:
  - {{name: employment, metric: employment_rate_20_64, years: [2, 2], statistic: mean}}
  - {{name: employed, metric: employed_20_64, years: [1, 2], statistic: mean}}
evaluation: {{scale: 0.02, years: 2, replicates: 2, seed: 5}}
sobol: {{base_points: {}, bootstrap: 100, seed: 3}}
)",
                     (dir.path / "scenario.yaml").string(), base_points);
}

}  // namespace

TEST_CASE("sensitivity.distributions_give_their_quantiles") {
  Distribution uniform{Distribution::Kind::kUniform, 2, 6};
  CHECK(uniform.quantile(0.25) == doctest::Approx(3).scale(0));
  Distribution triangular{Distribution::Kind::kTriangular, 0, 4, 1};
  // F(mode) = (mode − low) / (high − low) = 0.25.
  CHECK(triangular.quantile(0.25) == doctest::Approx(1).epsilon(1e-9));
  Distribution normal{Distribution::Kind::kNormal, 0, 0, 0, 10, 2};
  CHECK(normal.quantile(0.5) == doctest::Approx(10).epsilon(1e-12));
  CHECK(normal.quantile(0.975) == doctest::Approx(10 + 2 * 1.959964).epsilon(1e-6));
  // Truncated to [10, 20]: the median of the upper half of N(10, 2²) is its 75th percentile.
  Distribution truncated = normal;
  truncated.truncated = true;
  truncated.low = 10;
  truncated.high = 20;
  CHECK(truncated.quantile(0.5) == doctest::Approx(10 + 2 * 0.6744898).epsilon(1e-6));
  // Lognormal with mean 2 and sd 1 of the value: the median is mean / sqrt(1 + cv²).
  Distribution lognormal{Distribution::Kind::kLognormal, 0, 0, 0, 2, 1};
  CHECK(lognormal.quantile(0.5) == doctest::Approx(2 / std::sqrt(1.25)).epsilon(1e-9));
  // Beta on [0, 10] with mean 5, sd 1: symmetric, so the median is the mean.
  Distribution beta{Distribution::Kind::kBeta, 0, 10, 0, 5, 1};
  CHECK(beta.quantile(0.5) == doctest::Approx(5).epsilon(1e-9));
  // The mean of many quantiles is the distribution's mean.
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) sum += lognormal.quantile((i + 0.5) / n);
  CHECK(sum / n == doctest::Approx(2).epsilon(2e-3));
}

TEST_CASE("sensitivity.an_input_nothing_depends_on_gets_zero_and_the_driver_the_largest_total_index") {
  TempDir dir;
  SensitivityAnalysis analysis(load_sensitivity(dir.write("s.yaml", sobol_file(dir, 8))));
  std::vector<std::optional<SensitivityPoint>> points;
  analysis.run(points, {}, nullptr);
  std::vector<SensitivityPoint> all;
  for (auto& p : points) {
    REQUIRE(p.has_value());
    CHECK(p->problem.empty());
    all.push_back(*p);
  }
  REQUIRE(all.size() == 8 * (2 + 2));
  const auto indices = analysis.analyse(all);
  for (const auto& s : indices) {
    CHECK(s.variance > 0);
    CHECK(s.failed_points == 0);
    // With common random numbers the cost changes no one's employment: every AB_1 output
    // equals its A output, so both indices are exactly 0.
    CHECK(s.sobol.first[1] == 0);
    CHECK(s.sobol.total[1] == 0);
    CHECK(s.sobol.total[0] > 0.5);
    CHECK(s.sobol.total_interval[0][0] <= s.sobol.total[0]);
    CHECK(s.sobol.total_interval[0][1] >= s.sobol.total[0]);
    // Two replicates per point: the noise is measured, and small beside what job finding does.
    CHECK(std::isfinite(s.monte_carlo_share));
    CHECK(s.monte_carlo_share < 0.5);
  }
}

TEST_CASE("sensitivity.points_are_the_same_for_any_thread_count") {
  TempDir dir;
  SensitivityAnalysis analysis(load_sensitivity(dir.write("s.yaml", sobol_file(dir, 4))));
  auto run_with = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    std::vector<std::optional<SensitivityPoint>> points;
    analysis.run(points, {}, nullptr);
    return points;
  };
  const auto one = run_with(1), two = run_with(2);
  REQUIRE(one.size() == two.size());
  for (std::size_t p = 0; p < one.size(); ++p) {
    REQUIRE(one[p].has_value());
    REQUIRE(two[p].has_value());
    CHECK(one[p]->values == two[p]->values);
    for (std::size_t o = 0; o < one[p]->outputs.size(); ++o) {
      CHECK(one[p]->outputs[o] == two[p]->outputs[o]);  // bit for bit
      CHECK(one[p]->standard_errors[o] == two[p]->standard_errors[o]);
    }
  }
}

TEST_CASE("sensitivity.a_finished_point_is_not_run_again") {
  TempDir dir;
  SensitivityAnalysis analysis(load_sensitivity(dir.write("s.yaml", sobol_file(dir, 4))));
  std::vector<std::optional<SensitivityPoint>> points(analysis.design().size());
  SensitivityPoint planted;
  planted.values = {1, 2};
  planted.outputs = {0.5, 7};
  planted.standard_errors = {0, 0};
  points[3] = planted;
  std::size_t calls = 0;
  analysis.run(points, [&](std::size_t index, const SensitivityPoint&) {
    ++calls;
    CHECK(index != 3);
  }, nullptr);
  CHECK(calls == analysis.design().size() - 1);
  CHECK(points[3]->outputs == planted.outputs);
}

TEST_CASE("sensitivity.bad_files_are_refused_at_their_line") {
  TempDir dir;
  auto problems_of = [&](const std::string& text) {
    try {
      load_sensitivity(dir.write("bad.yaml", text));
    } catch (const InputError& e) {
      return e.diagnostics();
    }
    return std::vector<Diagnostic>{};
  };
  const std::string scenario = (dir.path / "scenario.yaml").string();
  const std::string output = "outputs:\n  - {name: e, metric: employment_rate_20_64, years: [1, 1]}\n";
  // A misspelt distribution, with a suggestion.
  auto d = problems_of(fmt::format("scenario: {}\nmethod: morris\ninputs:\n  - path: staircase.transitions[from=job_seeker,to=stable_job].base\n"
                                   "    distribution: unifrom\n    bounds: [0.01, 0.05]\n    source: x\n{}",
                                   scenario, output));
  REQUIRE(d.size() == 1);
  CHECK(d[0].where.line == 5);
  CHECK(d[0].key_path == "inputs[0].distribution");
  CHECK(d[0].message.find("did you mean 'uniform'?") != std::string::npos);
  // A path that does not exist, reported at the input's line.
  d = problems_of(fmt::format("scenario: {}\nmethod: morris\ninputs:\n  - path: staircase.transitions[from=job_seeker,to=nowhere].base\n"
                              "    distribution: uniform\n    bounds: [0.01, 0.05]\n    source: x\n{}",
                              scenario, output));
  REQUIRE(!d.empty());
  CHECK(d[0].where.line == 4);
  // A beta whose sd is impossible for its mean.
  d = problems_of(fmt::format("scenario: {}\nmethod: sobol\ninputs:\n  - {{path: benefits.income_support.take_up.max, distribution: beta, "
                              "mean: 0.9, sd: 0.4, source: x}}\n{}",
                              scenario, output));
  REQUIRE(d.size() == 1);
  CHECK(d[0].key_path == "inputs[0].sd");
  // A budget output of a scenario without a baseline.
  d = problems_of(fmt::format("scenario: {}\nmethod: morris\ninputs:\n  - {{path: benefits.income_support.take_up.max, distribution: uniform, "
                              "bounds: [0.3, 0.5], source: x}}\noutputs:\n  - {{name: net, metric: 'budget:net_sek', years: [1, 1], statistic: sum}}\n",
                              scenario));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("names none") != std::string::npos);
  // An odd number of Morris levels.
  d = problems_of(fmt::format("scenario: {}\nmethod: morris\ninputs:\n  - {{path: benefits.income_support.take_up.max, distribution: uniform, "
                              "bounds: [0.3, 0.5], source: x}}\n{}morris: {{levels: 5}}\n",
                              scenario, output));
  REQUIRE(d.size() == 1);
  CHECK(d[0].key_path == "morris.levels");
}

TEST_CASE("sensitivity.replicates_draw_their_own_values_and_a_missing_policy_is_left_out") {
  std::vector<UncertainInput> inputs(2);
  inputs[0].path = "staircase.transitions[from=job_seeker,to=stable_job].base";
  inputs[0].distribution = Distribution{Distribution::Kind::kUniform, 0.01, 0.05};
  inputs[1].path = "policy.families_250.costs.per_participant_month_sek";
  inputs[1].distribution = Distribution{Distribution::Kind::kUniform, 6000, 12000};
  const auto values = draw_uncertain_values(inputs, 7, 2000);
  REQUIRE(values.size() == 2000);
  CHECK(values == draw_uncertain_values(inputs, 7, 2000));   // a pure function of (seed, replicate, input)
  CHECK(values[0] != values[1]);
  CHECK(values[0] != draw_uncertain_values(inputs, 8, 1)[0]);
  double mean = 0;
  for (const auto& v : values) {
    REQUIRE(v[0] >= 0.01);
    REQUIRE(v[0] <= 0.05);
    mean += v[1] / 2000;
  }
  CHECK(std::abs(mean - 9000) < 5 * 6000 / std::sqrt(12.0 * 2000));
  // The baseline runs no families_250 policy: only the model's input applies to it.
  auto baseline = testing::load("scenarios/baseline.yaml");
  auto families = testing::load("scenarios/families_250.yaml");
  CHECK(uncertainty_overrides(inputs, values[0], baseline.model).size() == 1);
  CHECK(uncertainty_overrides(inputs, values[0], families.model).size() == 2);
}

TEST_CASE("sensitivity.monte_carlo_share_counts_only_the_noise_that_differs_between_points") {
  // y = 3 a + b_r + e: b_r = ±100 is luck every point shares (common random numbers), e = ±s_p / 2
  // with s_p alternating in sign differs between points. Only e can move an index.
  SensitivitySpec spec;
  spec.trajectories = 4;  // 4 × (2 + 1) = 12 points: the s_p cancel over the points
  spec.replicates = 2;
  spec.inputs.push_back({"economy.a", {}, "test", {}});
  spec.inputs.push_back({"economy.b", {}, "test", {}});
  spec.outputs.push_back({"y", {}, {}});
  const SensitivityAnalysis analysis(spec);
  auto points_with = [&](double interaction) {
    std::vector<SensitivityPoint> points;
    for (std::size_t p = 0; p < analysis.design().size(); ++p) {
      SensitivityPoint point;
      point.values = analysis.values_at(analysis.design()[p]);
      const double f = 3 * point.values[0], s = p % 2 == 0 ? 1.0 : -1.0;
      point.replicates = {{f + 100 + interaction * s / 2, f - 100 - interaction * s / 2}};
      point.outputs = {f};
      point.standard_errors = {100};  // what the replicates' spread says, common luck included
      points.push_back(point);
    }
    return points;
  };
  const auto shared_only = analysis.analyse(points_with(0));
  CHECK(shared_only[0].monte_carlo_share == doctest::Approx(0).epsilon(1e-12));
  const auto points = points_with(1);
  const auto with_interaction = analysis.analyse(points);
  // By hand: mean square of the interaction P (2 × 1/4) / (P − 1), over 2 replicates, against
  // the variance of the points' means (3 a only).
  const double p = static_cast<double>(points.size());
  double mean = 0, squares = 0;
  for (const auto& point : points) mean += point.outputs[0] / p;
  for (const auto& point : points) squares += (point.outputs[0] - mean) * (point.outputs[0] - mean);
  const double variance = squares / (p - 1);
  CHECK(with_interaction[0].variance == doctest::Approx(variance));
  CHECK(with_interaction[0].monte_carlo_share == doctest::Approx(p / (4 * (p - 1)) / variance));
  // One replicate: no estimate.
  auto single = points;
  for (auto& point : single) point.replicates[0].resize(1);
  CHECK(std::isnan(analysis.analyse(single)[0].monte_carlo_share));
}

TEST_CASE("uncertainty.every_shipped_assumption_applies_to_a_shipped_scenario_at_any_of_its_values") {
  const std::vector<UncertainInput> inputs = load_uncertain_inputs(testing::repo_path("scenarios/uncertainty/assumptions.yaml"));
  REQUIRE(inputs.size() >= 20);
  std::vector<int> applied(inputs.size(), 0);
  for (const auto& entry : fs::directory_iterator(testing::repo_path("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path());
    const auto nominal = load_scenario_for_run(entry.path());
    // Both ends of every distribution (and its median) must load: a bound that breaks a
    // validation rule would fail a replicate of a compare.
    for (double u : {1e-6, 0.5, 1 - 1e-6}) {
      std::vector<double> values;
      for (const auto& input : inputs) values.push_back(input.distribution.quantile(u));
      const std::vector<Override> overrides = uncertainty_overrides(inputs, values, nominal.model);
      CHECK_NOTHROW((void)load_scenario_for_run(entry.path(), overrides));
      for (std::size_t i = 0; i < inputs.size(); ++i)
        for (const auto& o : overrides) applied[i] += o.path == inputs[i].path;
    }
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    CAPTURE(inputs[i].path);
    CHECK(applied[i] > 0);
    CHECK(!inputs[i].source.empty());
  }
}

}  // namespace trappsteg
