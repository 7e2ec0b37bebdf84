// The monthly kernel against independent truth: with demography off and constant hazards,
// people walking a three-stage chain into a job must reproduce the absorbing Markov chain.

#include "engine/step/simulation.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace trappsteg {
namespace {

using Matrix = std::array<std::array<double, 3>, 3>;

/// Solves (I − Q) t = 1 by Gaussian elimination: t = N·1, N the fundamental matrix.
std::array<double, 3> expected_steps(const Matrix& q) {
  std::array<std::array<double, 4>, 3> a{};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) a[i][j] = (i == j ? 1.0 : 0.0) - q[i][j];
    a[i][3] = 1.0;
  }
  for (int col = 0; col < 3; ++col)
    for (int row = 0; row < 3; ++row) {
      if (row == col) continue;
      double factor = a[row][col] / a[col][col];
      for (int k = 0; k < 4; ++k) a[row][k] -= factor * a[col][k];
    }
  return {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
}

}  // namespace

TEST_CASE("step.constant_hazards_reproduce_absorbing_markov_chain") {
  auto loaded = testing::load("tests/data/markov/scenario.yaml");
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 0);
  const auto& people = simulation.population().people;
  const std::size_t n = people.size();
  REQUIRE(n == 40000);
  const StageId a = loaded.staircase->id_of("a"), job = loaded.staircase->id_of("job");
  REQUIRE(std::count(people.stage.begin(), people.stage.end(), a) == static_cast<std::ptrdiff_t>(n));

  // Hazards of the chain in tests/data/markov/staircase.yaml: a→b .10, a→c .05, b→a .02,
  // b→c .08, c→b .03, c→job .15. Monthly: stay with exp(−H), else move in proportion to h.
  const std::array<std::array<double, 4>, 3> h{{{0.0, 0.10, 0.05, 0.0}, {0.02, 0.0, 0.08, 0.0}, {0.0, 0.03, 0.0, 0.15}}};
  Matrix q{};
  for (int i = 0; i < 3; ++i) {
    double total = h[i][0] + h[i][1] + h[i][2] + h[i][3];
    for (int j = 0; j < 3; ++j) q[i][j] = i == j ? std::exp(-total) : (1 - std::exp(-total)) * h[i][j] / total;
  }
  const double analytic_mean = expected_steps(q)[0];

  const int months = loaded.scenario.months;
  std::vector<int> steps_to_job(n, -1);
  for (int m = 0; m < months; ++m) {
    simulation.step();
    for (std::size_t i = 0; i < n; ++i)
      if (steps_to_job[i] < 0 && people.stage[i] == job) steps_to_job[i] = m + 1;
  }
  double sum = 0, sum_squares = 0;
  std::size_t absorbed = 0;
  for (int t : steps_to_job) {
    int value = t < 0 ? months : t;  // the few never absorbed are censored at the horizon
    absorbed += t >= 0;
    sum += value;
    sum_squares += static_cast<double>(value) * value;
  }
  const double mean = sum / static_cast<double>(n);
  const double standard_error = std::sqrt((sum_squares / static_cast<double>(n) - mean * mean) / static_cast<double>(n));

  // Survival beyond the horizon, (Q^months · 1)_a: censoring must not move the mean visibly.
  std::array<double, 3> survival{1, 1, 1};
  for (int m = 0; m < months; ++m) {
    std::array<double, 3> next{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) next[i] += q[i][j] * survival[j];
    survival = next;
  }
  // Tail mass lost to censoring is at most survival × mean ≈ 0.003 months: negligible.
  CHECK(survival[0] < 2e-4);
  MESSAGE("analytic mean ", analytic_mean, " months; simulated ", mean, " ± ", standard_error, " (",
          absorbed, " of ", n, " absorbed)");
  // Tolerance: four standard errors of the simulated mean (about 0.3 months here).
  CHECK(std::abs(mean - analytic_mean) < 4 * standard_error);
  CHECK(analytic_mean == doctest::Approx(26.408).epsilon(0.001));  // guards the hazards above against edits
}

TEST_CASE("step.constant_hazards_reproduce_markov_state_probabilities") {
  auto loaded = testing::load("tests/data/markov/scenario.yaml");
  Simulation simulation(loaded.scenario, loaded.model, *loaded.staircase, 1);
  const auto& people = simulation.population().people;
  const std::size_t n = people.size();
  const std::array<StageId, 3> chain{loaded.staircase->id_of("a"), loaded.staircase->id_of("b"), loaded.staircase->id_of("c")};
  const double stay[3] = {std::exp(-0.15), std::exp(-0.10), std::exp(-0.18)};
  const double move[3][3] = {{0, (1 - stay[0]) * 0.10 / 0.15, (1 - stay[0]) * 0.05 / 0.15},
                             {(1 - stay[1]) * 0.02 / 0.10, 0, (1 - stay[1]) * 0.08 / 0.10},
                             {0, (1 - stay[2]) * 0.03 / 0.18, 0}};
  std::array<double, 3> distribution{1, 0, 0};
  for (int m = 1; m <= 12; ++m) {
    simulation.step();
    std::array<double, 3> next{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) next[j] += distribution[i] * (i == j ? stay[i] : move[i][j]);
    distribution = next;
    for (int s = 0; s < 3; ++s) {
      double count = 0;
      for (std::size_t i = 0; i < n; ++i) count += people.stage[i] == chain[s];
      double p = distribution[s], observed = count / static_cast<double>(n);
      // Binomial standard error; five of them keep this from flaking over 36 comparisons.
      CHECK(std::abs(observed - p) < 5 * std::sqrt(p * (1 - p) / static_cast<double>(n)) + 1e-12);
    }
  }
}

}  // namespace trappsteg
