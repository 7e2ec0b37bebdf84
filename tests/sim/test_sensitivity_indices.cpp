// Global sensitivity analysis (engine/sim/sensitivity_indices): Sobol indices against the
// analytic values of the Ishigami function and of a linear model, Morris screening against
// functions whose influence is known and a design worked by hand, the shape of both designs,
// determinism under a seed, and refused input.
//
// The Saltelli design is quasi-random and fixed, so the point estimates below do not depend on
// any seed: the tolerances are checked against one deterministic set of numbers, measured at
// about ten times smaller than the tolerance allows.

#include "engine/sim/sensitivity_indices.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <set>
#include <stdexcept>
#include <vector>

namespace trappsteg {
namespace {

constexpr double kPi = std::numbers::pi;

// The Ishigami function on the unit cube, each x_i mapped to uniform on [−π, π].
constexpr double kIshigamiA = 7, kIshigamiB = 0.1;
double ishigami(const std::vector<double>& u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  const double s2 = std::sin(x2);
  return std::sin(x1) + kIshigamiA * s2 * s2 + kIshigamiB * std::pow(x3, 4) * std::sin(x1);
}

// Its analytic partial variances (Sobol' & Levitan 1999): V1 = ½(1 + bπ⁴/5)², V2 = a²/8,
// V3 = 0, V13 = b²π⁸(1/18 − 1/50), V = V1 + V2 + V13. Hence
//   S  = (0.3139, 0.4424, 0.0),   ST = (0.5576, 0.4424, 0.2437).
struct IshigamiTruth {
  std::array<double, 3> first, total;
};
IshigamiTruth ishigami_truth() {
  const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v1 = 0.5 * (1 + kIshigamiB * pi4 / 5) * (1 + kIshigamiB * pi4 / 5);
  const double v2 = kIshigamiA * kIshigamiA / 8;
  const double v13 = kIshigamiB * kIshigamiB * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

template <class Model>
std::vector<double> evaluate(const std::vector<std::vector<double>>& points, Model model) {
  std::vector<double> outputs;
  outputs.reserve(points.size());
  for (const auto& x : points) outputs.push_back(model(x));
  return outputs;
}

// y = Σ c_i x_i with x uniform on [0, 1): V_i = c_i²/12, so S_i = ST_i = c_i² / Σ c².
constexpr std::array<double, 4> kLinear = {4, 2, 1, 0};
double linear(const std::vector<double>& x) {
  double y = 0;
  for (std::size_t i = 0; i < kLinear.size(); ++i) y += kLinear[i] * x[i];
  return y;
}

// Morris test function: x1 linear (every effect exactly 10), x2 quadratic and interacting with
// x3, x3 linear plus the interaction, x4 inert. On the 4-level grid the effects of x2 lie in
// [10/3, 26/3] and those of x3 in [1, 3], so mu_star orders x1 > x2 > x3 > x4.
double screened(const std::vector<double>& x) {
  return 10 * x[0] + 5 * x[1] * x[1] + x[2] + 0 * x[3] + 2 * x[1] * x[2];
}

bool contains(const std::array<double, 2>& interval, double value) {
  return interval[0] <= value && value <= interval[1];
}

}  // namespace

TEST_CASE("sensitivity.saltelli_design_has_the_documented_layout") {
  constexpr std::size_t kN = 1024, kK = 3;
  const SaltelliDesign design = saltelli_design(kN, kK);
  CHECK(design.base_points == kN);
  CHECK(design.parameters == kK);
  REQUIRE(design.points.size() == kN * (kK + 2));

  for (const auto& row : design.points) {
    REQUIRE(row.size() == kK);
    for (double u : row) {
      CHECK(u >= 0.0);
      CHECK(u < 1.0);
    }
  }
  // Boost skips the all-zero first Sobol point, so the first base point is (½, …, ½) in all
  // 2k dimensions, i.e. in A and in B.
  for (std::size_t j = 0; j < kK; ++j) {
    CHECK(design.points[0][j] == 0.5);
    CHECK(design.points[kN][j] == 0.5);
  }
  // AB_i is A with column i from B, row for row.
  for (std::size_t i = 0; i < kK; ++i) {
    for (std::size_t n = 0; n < kN; ++n) {
      const auto& a = design.points[n];
      const auto& b = design.points[kN + n];
      const auto& ab = design.points[(2 + i) * kN + n];
      for (std::size_t j = 0; j < kK; ++j) CHECK(ab[j] == (j == i ? b[j] : a[j]));
    }
  }
  // A and B are different parts of the sequence, and a low-discrepancy one: each column of the
  // first 2^m points is stratified, so its mean is within 1/N of ½ (points 1 … N, not 0 … N−1,
  // hence not exactly), where independent uniforms would stray by about 0.29/√N ≈ 0.009.
  std::size_t equal_rows = 0;
  for (std::size_t n = 1; n < kN; ++n) equal_rows += design.points[n] == design.points[kN + n] ? 1 : 0;
  CHECK(equal_rows == 0);
  for (std::size_t block = 0; block < 2; ++block) {
    for (std::size_t j = 0; j < kK; ++j) {
      double sum = 0;
      for (std::size_t n = 0; n < kN; ++n) sum += design.points[block * kN + n][j];
      CHECK(std::abs(sum / kN - 0.5) <= 1.0 / kN);
    }
  }
}

TEST_CASE("sensitivity.sobol_indices_of_the_ishigami_function") {
  // Tolerance 0.01 (absolute) on every index. Measured errors at N = 8192: at most 0.0010
  // (S1 +0.0010, S3 +0.0008, ST1 +0.0010, the others below 0.0004). A wrong estimator misses by
  // far more: A and B swapped in the first-order formula gives 1 − ST (0.44, 0.56, 0.76 against
  // 0.31, 0.44, 0), and V in place of 2V doubles every total index.
  constexpr double kTolerance = 0.01;
  const SaltelliDesign design = saltelli_design(8192, 3);
  const std::vector<double> outputs = evaluate(design.points, ishigami);
  const SobolIndices indices = sobol_indices(design, outputs, 200, 20240611);
  const IshigamiTruth truth = ishigami_truth();

  // The analytic values quoted in the literature.
  CHECK(truth.first[0] == doctest::Approx(0.3139).epsilon(1e-3));
  CHECK(truth.total[0] == doctest::Approx(0.5576).epsilon(1e-3));
  CHECK(truth.total[2] == doctest::Approx(0.2437).epsilon(1e-3));

  REQUIRE(indices.first.size() == 3);
  REQUIRE(indices.total.size() == 3);
  REQUIRE(indices.first_interval.size() == 3);
  REQUIRE(indices.total_interval.size() == 3);
  // V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½ = 13.8446.
  CHECK(indices.variance == doctest::Approx(13.8446).epsilon(0.01));
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(std::abs(indices.first[i] - truth.first[i]) < kTolerance);
    CHECK(std::abs(indices.total[i] - truth.total[i]) < kTolerance);
    CHECK(contains(indices.first_interval[i], truth.first[i]));
    CHECK(contains(indices.total_interval[i], truth.total[i]));
    // An interval of positive width around the estimate (the bootstrap ran).
    CHECK(indices.first_interval[i][0] < indices.first_interval[i][1]);
    CHECK(contains(indices.total_interval[i], indices.total[i]));
  }
}

TEST_CASE("sensitivity.sobol_indices_of_a_linear_model") {
  // Tolerance 0.01 (absolute). Measured errors at N = 4096: at most 0.0013 (S1); the inert x4
  // gives exactly 0, since changing it leaves every output unchanged bit for bit.
  constexpr double kTolerance = 0.01;
  const SaltelliDesign design = saltelli_design(4096, kLinear.size());
  const std::vector<double> outputs = evaluate(design.points, linear);
  const SobolIndices indices = sobol_indices(design, outputs, 500, 7);

  double sum_squares = 0;
  for (double c : kLinear) sum_squares += c * c;
  CHECK(indices.variance == doctest::Approx(sum_squares / 12).epsilon(0.01));
  // V is the variance (divisor 2N) of the outputs at A and B together, not at A alone.
  const std::size_t n = design.base_points;
  double mean = 0, squares = 0;
  for (std::size_t j = 0; j < 2 * n; ++j) mean += outputs[j];
  mean /= 2 * n;
  for (std::size_t j = 0; j < 2 * n; ++j) squares += (outputs[j] - mean) * (outputs[j] - mean);
  CHECK(indices.variance == doctest::Approx(squares / (2 * n)).epsilon(1e-12));
  for (std::size_t i = 0; i < kLinear.size(); ++i) {
    CAPTURE(i);
    const double truth = kLinear[i] * kLinear[i] / sum_squares;
    CHECK(std::abs(indices.first[i] - truth) < kTolerance);
    CHECK(std::abs(indices.total[i] - truth) < kTolerance);
    CHECK(contains(indices.first_interval[i], truth));
    CHECK(contains(indices.total_interval[i], truth));
  }
  CHECK(std::abs(indices.first[3]) < 0.01);
  CHECK(std::abs(indices.total[3]) < 0.01);
  // One resample serves A, B and every AB_i, so f_AB4 == f_A in each and the inert parameter's
  // intervals are exactly [0, 0]; resampling the blocks apart would give them width.
  CHECK(indices.first_interval[3] == std::array<double, 2>{0, 0});
  CHECK(indices.total_interval[3] == std::array<double, 2>{0, 0});
  // The 95 % interval of an influential parameter has width, and excludes 0.
  CHECK(indices.total_interval[2][0] > 0);
  CHECK(indices.first_interval[0][0] > 0.5);
}

TEST_CASE("sensitivity.sobol_bootstrap_intervals_follow_the_confidence_level") {
  const SaltelliDesign design = saltelli_design(1024, 3);
  const std::vector<double> outputs = evaluate(design.points, ishigami);
  // The same seed gives the same resamples, so the 50 % interval lies inside the 95 % one.
  const SobolIndices wide = sobol_indices(design, outputs, 300, 11, 0.95);
  const SobolIndices narrow = sobol_indices(design, outputs, 300, 11, 0.5);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(wide.first_interval[i][0] < narrow.first_interval[i][0]);
    CHECK(narrow.first_interval[i][1] < wide.first_interval[i][1]);
    CHECK(wide.total_interval[i][0] < narrow.total_interval[i][0]);
    CHECK(narrow.total_interval[i][1] < wide.total_interval[i][1]);
    CHECK(narrow.first_interval[i][0] < narrow.first_interval[i][1]);
  }
  // With no resamples the intervals collapse to the estimates.
  const SobolIndices none = sobol_indices(design, outputs, 0, 11);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(none.first_interval[i][0] == none.first[i]);
    CHECK(none.first_interval[i][1] == none.first[i]);
    CHECK(none.total_interval[i][0] == none.total[i]);
    CHECK(none.total_interval[i][1] == none.total[i]);
  }
}

TEST_CASE("sensitivity.sobol_indices_of_a_constant_model_are_zero") {
  const SaltelliDesign design = saltelli_design(64, 2);
  const std::vector<double> outputs(design.points.size(), 3.5);
  const SobolIndices indices = sobol_indices(design, outputs, 50, 1);
  CHECK(indices.variance == 0);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(indices.first[i] == 0);
    CHECK(indices.total[i] == 0);
    CHECK(indices.first_interval[i] == std::array<double, 2>{0, 0});
    CHECK(indices.total_interval[i] == std::array<double, 2>{0, 0});
  }
}

TEST_CASE("sensitivity.sobol_indices_are_deterministic_under_a_seed") {
  const SaltelliDesign design = saltelli_design(512, 3);
  const SaltelliDesign again = saltelli_design(512, 3);
  CHECK(design.points == again.points);
  const std::vector<double> outputs = evaluate(design.points, ishigami);

  const SobolIndices a = sobol_indices(design, outputs, 100, 99);
  const SobolIndices b = sobol_indices(design, outputs, 100, 99);
  CHECK(a.first == b.first);
  CHECK(a.total == b.total);
  CHECK(a.first_interval == b.first_interval);
  CHECK(a.total_interval == b.total_interval);
  CHECK(a.variance == b.variance);

  // Another seed resamples differently: the estimates stay, the intervals move.
  const SobolIndices c = sobol_indices(design, outputs, 100, 100);
  CHECK(c.first == a.first);
  CHECK(c.total == a.total);
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(c.first_interval[i] != a.first_interval[i]);
    CHECK(c.total_interval[i] != a.total_interval[i]);
  }
}

TEST_CASE("sensitivity.sobol_refuses_bad_input") {
  const SaltelliDesign design = saltelli_design(16, 2);
  const std::vector<double> outputs(design.points.size(), 1.0);
  const std::vector<double> short_outputs(design.points.size() - 1, 1.0);
  const std::vector<double> long_outputs(design.points.size() + 1, 1.0);
  CHECK_THROWS_AS(sobol_indices(design, short_outputs, 10, 1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(design, long_outputs, 10, 1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(design, outputs, 10, 1, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(design, outputs, 10, 1, 1.0), std::invalid_argument);
  CHECK_NOTHROW(sobol_indices(design, outputs, 10, 1));

  SaltelliDesign broken = design;
  broken.points.pop_back();
  const std::vector<double> broken_outputs(broken.points.size(), 1.0);
  CHECK_THROWS_AS(sobol_indices(broken, broken_outputs, 10, 1), std::invalid_argument);

  CHECK_THROWS_AS(saltelli_design(0, 2), std::invalid_argument);
  CHECK_THROWS_AS(saltelli_design(16, 0), std::invalid_argument);
  CHECK_THROWS_AS(saltelli_design(16, 5000), std::invalid_argument);
}

TEST_CASE("sensitivity.morris_design_moves_one_parameter_at_a_time") {
  constexpr std::size_t kR = 40, kK = 5, kP = 4;
  const MorrisDesign design = morris_design(kR, kK, kP, 5);
  CHECK(design.trajectories == kR);
  CHECK(design.parameters == kK);
  CHECK(design.levels == kP);
  REQUIRE(design.points.size() == kR * (kK + 1));
  REQUIRE(design.changed.size() == kR * kK);
  REQUIRE(design.steps.size() == kR * kK);

  const double delta = 4.0 / 6.0;  // p / (2(p − 1)) with p = 4
  std::set<double> starts;
  std::set<std::size_t> first_moved;
  std::size_t up = 0;
  for (const auto& row : design.points) {
    REQUIRE(row.size() == kK);
    for (double x : row) {
      CHECK(x >= 0.0);
      CHECK(x <= 1.0);
      // On the grid {0, ⅓, ⅔, 1}.
      CHECK(std::abs(x * (kP - 1) - std::round(x * (kP - 1))) < 1e-12);
    }
  }
  for (std::size_t t = 0; t < kR; ++t) {
    std::set<std::size_t> moved;
    for (double x : design.points[t * (kK + 1)]) starts.insert(std::round(x * (kP - 1)));
    first_moved.insert(design.changed[t * kK]);
    for (std::size_t j = 0; j < kK; ++j) {
      const std::size_t s = t * kK + j;
      const std::size_t i = design.changed[s];
      REQUIRE(i < kK);
      moved.insert(i);
      CHECK(std::abs(design.steps[s]) == doctest::Approx(delta).epsilon(1e-15));
      up += design.steps[s] > 0 ? 1 : 0;
      const auto& from = design.points[t * (kK + 1) + j];
      const auto& to = design.points[t * (kK + 1) + j + 1];
      for (std::size_t q = 0; q < kK; ++q) {
        if (q == i) {
          CHECK(to[q] - from[q] == doctest::Approx(design.steps[s]).epsilon(1e-14));
        } else {
          CHECK(to[q] == from[q]);
        }
      }
    }
    CHECK(moved.size() == kK);  // every parameter moves exactly once per trajectory
  }
  // Random starts, orders and directions: all four levels start somewhere, every parameter
  // moves first in some trajectory, and both directions occur.
  CHECK(starts.size() == kP);
  CHECK(first_moved.size() == kK);
  CHECK(up > kR * kK / 4);
  CHECK(up < 3 * kR * kK / 4);

  // Six levels: Δ = 6/10, three grid steps.
  const MorrisDesign six = morris_design(3, 2, 6, 5);
  for (double step : six.steps) CHECK(std::abs(step) == doctest::Approx(0.6).epsilon(1e-15));

  // Deterministic under the seed.
  CHECK(morris_design(kR, kK, kP, 5).points == design.points);
  CHECK(morris_design(kR, kK, kP, 6).points != design.points);
}

TEST_CASE("sensitivity.morris_indices_rank_parameters_by_influence") {
  const MorrisDesign design = morris_design(50, 4, 4, 3);
  const std::vector<double> outputs = evaluate(design.points, screened);
  const MorrisIndices indices = morris_indices(design, outputs);
  REQUIRE(indices.mu.size() == 4);
  REQUIRE(indices.mu_star.size() == 4);
  REQUIRE(indices.sigma.size() == 4);

  CHECK(indices.mu_star[0] > indices.mu_star[1]);
  CHECK(indices.mu_star[1] > indices.mu_star[2]);
  CHECK(indices.mu_star[2] > indices.mu_star[3]);
  // x1 is linear with coefficient 10: every effect is 10, up to rounding.
  CHECK(indices.mu[0] == doctest::Approx(10).epsilon(1e-12));
  CHECK(indices.mu_star[0] == doctest::Approx(10).epsilon(1e-12));
  CHECK(indices.sigma[0] < 1e-12);
  // x4 is inert.
  CHECK(indices.mu[3] == 0);
  CHECK(indices.mu_star[3] == 0);
  CHECK(indices.sigma[3] == 0);
  // x2 and x3 act non-linearly or through their interaction, so their effects spread; all
  // their effects are positive, so mu == mu_star, inside the bounds the grid allows.
  CHECK(indices.sigma[1] > 0.1);
  CHECK(indices.sigma[2] > 0.1);
  CHECK(indices.mu[1] == indices.mu_star[1]);
  CHECK(indices.mu_star[1] >= 10.0 / 3 - 1e-12);
  CHECK(indices.mu_star[1] <= 26.0 / 3 + 1e-12);
  CHECK(indices.mu_star[2] >= 1 - 1e-12);
  CHECK(indices.mu_star[2] <= 3 + 1e-12);

  // A negative coefficient: mu takes its sign, mu_star does not.
  const std::vector<double> negated = evaluate(design.points, [](const std::vector<double>& x) { return -3 * x[2]; });
  const MorrisIndices signs = morris_indices(design, negated);
  CHECK(signs.mu[2] == doctest::Approx(-3).epsilon(1e-12));
  CHECK(signs.mu_star[2] == doctest::Approx(3).epsilon(1e-12));
}

TEST_CASE("sensitivity.morris_indices_of_a_design_worked_by_hand") {
  // Two trajectories of two parameters on the 4-level grid, Δ = ⅔; the second goes down.
  constexpr double kDelta = 2.0 / 3.0;
  MorrisDesign design;
  design.trajectories = 2;
  design.parameters = 2;
  design.levels = 4;
  design.points = {{0, 0}, {kDelta, 0}, {kDelta, kDelta}, {1, 1}, {1, 1.0 / 3}, {1.0 / 3, 1.0 / 3}};
  design.changed = {0, 1, 1, 0};
  design.steps = {kDelta, kDelta, -kDelta, -kDelta};
  const std::vector<double> outputs = {1, 3, 2, 5, 4, 7};
  // Effects: x1: (3 − 1)/Δ = 3 and (7 − 4)/(−Δ) = −4.5; x2: (2 − 3)/Δ = −1.5 and
  // (4 − 5)/(−Δ) = 1.5.
  const MorrisIndices indices = morris_indices(design, outputs);
  CHECK(indices.mu[0] == doctest::Approx(-0.75).epsilon(1e-14));
  CHECK(indices.mu_star[0] == doctest::Approx(3.75).epsilon(1e-14));
  CHECK(indices.sigma[0] == doctest::Approx(7.5 / std::sqrt(2.0)).epsilon(1e-14));
  CHECK(indices.mu[1] == doctest::Approx(0).epsilon(1e-14));
  CHECK(std::abs(indices.mu[1]) < 1e-14);
  CHECK(indices.mu_star[1] == doctest::Approx(1.5).epsilon(1e-14));
  CHECK(indices.sigma[1] == doctest::Approx(3 / std::sqrt(2.0)).epsilon(1e-14));

  // One trajectory: no spread to estimate, sigma is 0.
  const MorrisDesign single = morris_design(1, 4, 4, 8);  // screened() reads four parameters
  const MorrisIndices one = morris_indices(single, evaluate(single.points, screened));
  for (double s : one.sigma) CHECK(s == 0);
  CHECK(one.mu_star[0] == doctest::Approx(10).epsilon(1e-12));
}

TEST_CASE("sensitivity.morris_refuses_bad_input") {
  const MorrisDesign design = morris_design(4, 3, 4, 1);
  const std::vector<double> short_outputs(design.points.size() - 1, 0.0);
  CHECK_THROWS_AS(morris_indices(design, short_outputs), std::invalid_argument);
  MorrisDesign broken = design;
  broken.changed[0] = 3;
  const std::vector<double> outputs(design.points.size(), 0.0);
  CHECK_THROWS_AS(morris_indices(broken, outputs), std::invalid_argument);
  CHECK_NOTHROW(morris_indices(design, outputs));

  CHECK_THROWS_AS(morris_design(0, 3, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(4, 0, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(4, 3, 5, 1), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(4, 3, 0, 1), std::invalid_argument);
}

}  // namespace trappsteg
