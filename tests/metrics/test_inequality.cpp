#include "engine/metrics/inequality.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace trappsteg {
namespace {

// doctest::Approx defaults to a float-sized tolerance; these checks need double precision.
doctest::Approx near(double expected, double tolerance = 1e-14) {
  return doctest::Approx(expected).epsilon(tolerance);
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_bits(a[i], b[i])) return false;
  }
  return true;
}

bool same_bits(const InequalityResult& a, const InequalityResult& b) {
  return same_bits(a.mean, b.mean) && same_bits(a.median, b.median) && same_bits(a.gini, b.gini) &&
         same_bits(a.group_mean, b.group_mean) && same_bits(a.group_median, b.group_median) &&
         same_bits(a.group_gini, b.group_gini) && same_bits(a.theil.total, b.theil.total) &&
         same_bits(a.theil.between, b.theil.between) && same_bits(a.theil.within, b.theil.within) &&
         same_bits(a.theil.group_theil, b.theil.group_theil) &&
         same_bits(a.theil.group_income_share, b.theil.group_income_share);
}

std::vector<double> ones(std::size_t n) { return std::vector<double>(n, 1.0); }

struct Sample {
  std::vector<double> income;
  std::vector<double> weight;
  std::vector<std::uint16_t> group;
};

// Skewed incomes with exact zeros and ties (rounded to whole units), integer person weights
// plus a few zero weights, and unequal group sizes.
Sample random_sample(std::size_t n, std::size_t group_count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> income(10.0, 0.8);
  std::uniform_int_distribution<int> persons(0, 6);
  std::uniform_int_distribution<int> zero(0, 19);
  std::uniform_int_distribution<std::size_t> pick(0, group_count * group_count - 1);
  Sample s;
  for (std::size_t i = 0; i < n; ++i) {
    // Group g is drawn with probability ~ (2g+1): sizes differ a lot.
    const std::size_t g = static_cast<std::size_t>(std::sqrt(static_cast<double>(pick(rng))));
    const double scale = 1.0 + 0.3 * static_cast<double>(g);
    double y = std::round(income(rng) * scale);
    if (zero(rng) == 0) y = 0;
    s.income.push_back(y);
    s.weight.push_back(static_cast<double>(persons(rng)));
    s.group.push_back(static_cast<std::uint16_t>(g));
  }
  return s;
}

// Reference: G = sum_i sum_j w_i w_j |y_i - y_j| / (2 W^2 mu), O(n^2).
double gini_by_mean_absolute_difference(const std::vector<double>& y, const std::vector<double>& w) {
  long double pairs = 0;
  long double total_weight = 0;
  long double total_income = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    total_weight += w[i];
    total_income += static_cast<long double>(w[i]) * y[i];
    for (std::size_t j = 0; j < y.size(); ++j) {
      pairs += static_cast<long double>(w[i]) * w[j] * std::abs(y[i] - y[j]);
    }
  }
  const long double mean = total_income / total_weight;
  return static_cast<double>(pairs / (2 * total_weight * total_weight * mean));
}

// Reference: the trapezoid Lorenz formula G = 1 - sum_i w_i (2 S_{i-1} + w_i y_i) / (W S).
double gini_by_trapezoid(std::vector<double> y, std::vector<double> w) {
  std::vector<std::pair<double, double>> obs;
  for (std::size_t i = 0; i < y.size(); ++i) obs.emplace_back(y[i], w[i]);
  std::sort(obs.begin(), obs.end());
  long double total_weight = 0;
  long double cumulative_income = 0;
  long double area = 0;
  for (const auto& [yi, wi] : obs) {
    area += static_cast<long double>(wi) * (2 * cumulative_income + static_cast<long double>(wi) * yi);
    cumulative_income += static_cast<long double>(wi) * yi;
    total_weight += wi;
  }
  return static_cast<double>(1 - area / (total_weight * cumulative_income));
}

// Reference: T = (1/W) sum_i w_i (y_i/mu) ln(y_i/mu), 0 ln 0 = 0.
double theil_by_definition(const std::vector<double>& y, const std::vector<double>& w) {
  long double total_weight = 0;
  long double total_income = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    total_weight += w[i];
    total_income += static_cast<long double>(w[i]) * y[i];
  }
  const long double mean = total_income / total_weight;
  long double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] > 0) sum += w[i] * (y[i] / mean) * std::log(y[i] / mean);
  }
  return static_cast<double>(sum / total_weight);
}

double median_of(std::vector<double> income, std::vector<double> weight) {
  InequalityWorkspace workspace;
  const std::vector<std::uint16_t> group(income.size(), 0);
  return measure_inequality(income, weight, group, 1, workspace).median;
}

TEST_CASE("inequality.gini_matches_hand_computed_example") {
  // Incomes {1,2,3,4}, unit weights. Mean-absolute-difference definition:
  //   sum_{i<j} |yi - yj| = 1+2+3 + 1+2 + 1 = 10, so sum_i sum_j = 20; n = 4, mu = 2.5
  //   G = 20 / (2 * 16 * 2.5) = 20 / 80 = 0.25.
  // Trapezoid: S_i = 1, 3, 6, 10, so sum w_i (2 S_{i-1} + y_i)
  //   = (0+1) + (2+2) + (6+3) + (12+4) = 30 and G = 1 - 30 / (4 * 10) = 0.25.
  const std::vector<double> income{3, 1, 4, 2};  // input order does not matter
  CHECK(gini(income, ones(4)) == near(0.25));
}

TEST_CASE("inequality.gini_is_one_half_for_two_people_with_all_income_to_one") {
  // {0, 10}: sum_i sum_j |yi - yj| = 20, n = 2, mu = 5  ->  G = 20 / (2 * 4 * 5) = 0.5.
  CHECK(gini(std::vector<double>{10, 0}, ones(2)) == near(0.5));
  // In general all income to one of n persons gives (n - 1) / n: {0,0,0,8} -> 0.75.
  CHECK(gini(std::vector<double>{0, 8, 0, 0}, ones(4)) == near(0.75));
  // Weights count persons: one household of 3 persons with nothing, one person with 8 -> 0.75.
  CHECK(gini(std::vector<double>{0, 8}, std::vector<double>{3, 1}) == near(0.75));
}

TEST_CASE("inequality.weights_give_the_same_result_as_duplicated_observations") {
  // Incomes {3,1,7} with weights {2,1,3} are the list {1,3,3,7,7,7}:
  //   n = 6, sum = 28, mu = 28/6. Unordered pair differences: 1-3 (x2): 4, 1-7 (x3): 18,
  //   3-7 (x6): 24 -> 46, ordered 92. G = 92 / (2 * 36 * 28/6) = 92 / 336 = 23/84.
  const std::vector<double> income{3, 1, 7};
  const std::vector<double> weight{2, 1, 3};
  const std::vector<double> duplicated{3, 3, 1, 7, 7, 7};
  CHECK(gini(income, weight) == near(23.0 / 84.0));
  CHECK(gini(duplicated, ones(6)) == near(23.0 / 84.0));
  CHECK(gini(income, weight) == near(gini(duplicated, ones(6)), 1e-15));
  CHECK(theil(income, weight) == near(theil(duplicated, ones(6)), 1e-15));

  // Same on a random list where every observation is repeated weight[i] times.
  const Sample s = random_sample(500, 1, 7);
  std::vector<double> expanded;
  for (std::size_t i = 0; i < s.income.size(); ++i) {
    for (int k = 0; k < static_cast<int>(s.weight[i]); ++k) expanded.push_back(s.income[i]);
  }
  CHECK(gini(s.income, s.weight) == near(gini(expanded, ones(expanded.size())), 1e-13));
  CHECK(theil(s.income, s.weight) == near(theil(expanded, ones(expanded.size())), 1e-13));
}

TEST_CASE("inequality.equal_incomes_give_zero") {
  // Exactly zero, not rounding noise, even for incomes that are not exact in binary.
  const std::vector<double> income{0.1, 0.1, 0.1};
  const std::vector<double> weight{1, 2.5, 3};
  CHECK(gini(income, weight) == 0.0);
  CHECK(theil(income, weight) == 0.0);
  // Observations with zero weight represent nobody and do not break the equality.
  const std::vector<double> with_nobody{0.1, 0.1, 0.1, 99};
  const std::vector<double> nobody_weight{1, 2.5, 3, 0};
  CHECK(gini(with_nobody, nobody_weight) == 0.0);
  CHECK(theil(with_nobody, nobody_weight) == 0.0);
}

TEST_CASE("inequality.gini_matches_mean_absolute_difference_and_trapezoid_on_random_data") {
  const Sample s = random_sample(400, 1, 11);
  // Unit weights: the mean-absolute-difference definition.
  CHECK(gini(s.income, ones(s.income.size())) ==
        near(gini_by_mean_absolute_difference(s.income, ones(s.income.size())), 1e-12));
  // Weighted: both the weighted pair form and the trapezoid Lorenz formula.
  CHECK(gini(s.income, s.weight) == near(gini_by_mean_absolute_difference(s.income, s.weight), 1e-12));
  CHECK(gini(s.income, s.weight) == near(gini_by_trapezoid(s.income, s.weight), 1e-12));
}

TEST_CASE("inequality.theil_matches_hand_computed_examples") {
  // {1,3}: mu = 2, T = 1/2 * (0.5 ln 0.5 + 1.5 ln 1.5)
  //        = 1/2 * (-0.346574 + 0.608198) = 0.130812 = (3/4) ln 3 - ln 2.
  CHECK(theil(std::vector<double>{1, 3}, ones(2)) == near(0.75 * std::log(3.0) - std::log(2.0)));
  CHECK(theil(std::vector<double>{1, 3}, ones(2)) == near(0.130812, 1e-6));

  // {1,2,3,4}: mu = 2.5, y/mu = 0.4, 0.8, 1.2, 1.6:
  //   0.4 ln 0.4 = -0.366516, 0.8 ln 0.8 = -0.178515, 1.2 ln 1.2 = 0.218786, 1.6 ln 1.6 = 0.752006
  //   T = 0.425761 / 4 = 0.106440
  //   closed form: (1/(n mu)) sum y ln y - ln mu = (2 ln 2 + 3 ln 3 + 4 ln 4) / 10 - ln 2.5.
  const double expected =
      (2 * std::log(2.0) + 3 * std::log(3.0) + 4 * std::log(4.0)) / 10 - std::log(2.5);
  CHECK(theil(std::vector<double>{4, 3, 2, 1}, ones(4)) == near(expected));
  CHECK(expected == near(0.106440, 1e-6));

  // All income to one of n persons gives the maximum ln n: {0,0,0,4}, mu = 1,
  //   T = 1/4 * (0 + 0 + 0 + 4 ln 4) = ln 4 (using 0 ln 0 = 0).
  CHECK(theil(std::vector<double>{0, 0, 4, 0}, ones(4)) == near(std::log(4.0)));

  // Weighted: incomes {2,8}, weights {3,1}: W = 4, S = 14, mu = 3.5
  //   T = (1/S) sum w y ln(y/mu) = (6 ln(4/7) + 8 ln(16/7)) / 14
  //     = (-3.357695 + 6.613429) / 14 = 0.232552.
  CHECK(theil(std::vector<double>{2, 8}, std::vector<double>{3, 1}) ==
        near((6 * std::log(4.0 / 7.0) + 8 * std::log(16.0 / 7.0)) / 14));

  const Sample s = random_sample(1000, 1, 13);
  CHECK(theil(s.income, s.weight) == near(theil_by_definition(s.income, s.weight), 1e-12));
}

TEST_CASE("inequality.theil_decomposition_matches_hand_computed_example") {
  // Group 0 = {1,3}, group 1 = {4,4}, unit weights. W = 4, S = 12, mu = 3.
  //   mu_0 = 2, mu_1 = 4; s_0 = 4/12 = 1/3, s_1 = 8/12 = 2/3
  //   T_0 = (3/4) ln 3 - ln 2 = 0.130812 (see above), T_1 = 0
  //   within  = 1/3 * 0.130812 = 0.043604
  //   between = 1/3 ln(2/3) + 2/3 ln(4/3) = -0.135155 + 0.191788 = 0.056633
  //   total   = 1/4 * [(1/3) ln(1/3) + 0 + 2 * (4/3) ln(4/3)] = 1/4 * (-0.366204 + 0.767152)
  //           = 0.100237 = between + within.
  const std::vector<double> income{1, 4, 3, 4};
  const std::vector<std::uint16_t> group{0, 1, 0, 1};
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality(income, ones(4), group, 2, workspace);
  const double t0 = 0.75 * std::log(3.0) - std::log(2.0);
  const double between = std::log(2.0 / 3.0) / 3 + 2 * std::log(4.0 / 3.0) / 3;
  CHECK(r.theil.group_theil[0] == near(t0));
  CHECK(r.theil.group_theil[1] == 0.0);
  CHECK(r.theil.group_income_share[0] == near(1.0 / 3.0));
  CHECK(r.theil.group_income_share[1] == near(2.0 / 3.0));
  CHECK(r.theil.within == near(t0 / 3));
  CHECK(r.theil.between == near(between));
  CHECK(r.theil.total == near(0.100237, 1e-6));
  CHECK(r.theil.total == near(r.theil.between + r.theil.within));
  CHECK(r.mean == 3.0);
  CHECK(r.group_mean[0] == 2.0);
  CHECK(r.group_mean[1] == 4.0);
}

TEST_CASE("inequality.theil_decomposition_adds_up_on_random_groups") {
  const std::size_t group_count = 7;
  const Sample s = random_sample(5000, group_count, 17);
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality(s.income, s.weight, s.group, group_count, workspace);
  CHECK(r.theil.between > 0);
  CHECK(r.theil.within > 0);
  CHECK(std::abs(r.theil.between + r.theil.within - r.theil.total) <= 1e-12);
  double share_sum = 0;
  for (const double share : r.theil.group_income_share) share_sum += share;
  CHECK(share_sum == near(1.0, 1e-12));
  CHECK(r.theil.total == near(theil_by_definition(s.income, s.weight), 1e-12));
}

TEST_CASE("inequality.between_group_theil_is_zero_when_group_means_are_equal") {
  // Means: {1,3} -> 2, {2,2} -> 2, {0,4} -> 2 (weights {1,1}), {0,3} with weights {1,2} -> 2.
  // Everything is exact in binary, so ln(mu_g / mu) = ln 1 = 0 exactly.
  const std::vector<double> income{1, 2, 0, 3, 2, 4, 0, 3};
  const std::vector<double> weight{1, 1, 1, 1, 1, 1, 1, 2};
  const std::vector<std::uint16_t> group{0, 1, 2, 0, 1, 2, 3, 3};
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality(income, weight, group, 4, workspace);
  CHECK(r.theil.between == 0.0);
  CHECK(r.theil.within == near(r.theil.total));
  CHECK(r.theil.total > 0);

  // Random data rescaled so each group's mean is the same: between vanishes up to rounding.
  const std::size_t group_count = 5;
  Sample s = random_sample(3000, group_count, 19);
  std::vector<double> w_sum(group_count, 0), wy_sum(group_count, 0);
  for (std::size_t i = 0; i < s.income.size(); ++i) {
    w_sum[s.group[i]] += s.weight[i];
    wy_sum[s.group[i]] += s.weight[i] * s.income[i];
  }
  for (std::size_t i = 0; i < s.income.size(); ++i) {
    s.income[i] *= 1000.0 / (wy_sum[s.group[i]] / w_sum[s.group[i]]);
  }
  const InequalityResult equalised = measure_inequality(s.income, s.weight, s.group, group_count, workspace);
  CHECK(std::abs(equalised.theil.between) <= 1e-13);
  CHECK(equalised.theil.within == near(equalised.theil.total, 1e-12));
}

TEST_CASE("inequality.group_results_equal_results_on_each_groups_data_alone") {
  const std::size_t group_count = 6;
  const Sample s = random_sample(3000, group_count, 23);
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality(s.income, s.weight, s.group, group_count, workspace);
  for (std::size_t g = 0; g < group_count; ++g) {
    CAPTURE(g);
    std::vector<double> income, weight;
    for (std::size_t i = 0; i < s.income.size(); ++i) {
      if (s.group[i] != g) continue;
      income.push_back(s.income[i]);
      weight.push_back(s.weight[i]);
    }
    REQUIRE(income.size() > 10);
    const std::vector<std::uint16_t> single(income.size(), 0);
    InequalityWorkspace own;
    const InequalityResult alone = measure_inequality(income, weight, single, 1, own);
    // Same sorted sequence, same arithmetic: bit-identical, not merely close.
    CHECK(same_bits(r.group_mean[g], alone.mean));
    CHECK(same_bits(r.group_median[g], alone.median));
    CHECK(same_bits(r.group_gini[g], alone.gini));
    CHECK(same_bits(r.theil.group_theil[g], alone.theil.total));
    CHECK(same_bits(r.group_gini[g], gini(income, weight)));
    CHECK(same_bits(r.theil.group_theil[g], theil(income, weight)));
    CHECK(r.group_gini[g] == near(gini_by_trapezoid(income, weight), 1e-12));
  }
  // The overall figures are those of the ungrouped functions.
  CHECK(same_bits(r.gini, gini(s.income, s.weight)));
  CHECK(same_bits(r.theil.total, theil(s.income, s.weight)));
}

TEST_CASE("inequality.weighted_median_is_the_smallest_income_reaching_half_the_weight") {
  // Unit weights {1,2,3,4}: half = 2, cumulative 1, 2 -> reached at 2 (lower median, no 2.5).
  CHECK(median_of({4, 1, 3, 2}, {1, 1, 1, 1}) == 2.0);
  // Odd count {1,2,3}: half = 1.5, cumulative 1, 2 -> 2.
  CHECK(median_of({3, 2, 1}, {1, 1, 1}) == 2.0);
  // Incomes {10,20,30,40} weights {1,2,3,4}: W = 10, half = 5, cumulative 1, 3, 6 -> 30.
  CHECK(median_of({40, 30, 20, 10}, {4, 3, 2, 1}) == 30.0);
  // Incomes {5,9} weights {3,1}: W = 4, half = 2, cumulative 3 -> 5.
  CHECK(median_of({9, 5}, {1, 3}) == 5.0);
  // Exactly half at the first income: {1,2} unit weights -> 1.
  CHECK(median_of({2, 1}, {1, 1}) == 1.0);
  // A zero-weight observation represents nobody: {0 (w 0), 7 (w 1)} -> 7.
  CHECK(median_of({0, 7}, {0, 1}) == 7.0);
  // Fractional weights: {1,2,3} with {0.2, 0.2, 0.6}: half = 0.5, cumulative 0.2, 0.4, 1.0 -> 3.
  CHECK(median_of({1, 2, 3}, {0.2, 0.2, 0.6}) == 3.0);
  // Ties: {5,5,5} -> 5; {0,0,4} with weights {1,1,1}: half = 1.5, cumulative 1, 2 -> 0.
  CHECK(median_of({5, 5, 5}, {1, 2, 3}) == 5.0);
  CHECK(median_of({4, 0, 0}, {1, 1, 1}) == 0.0);
  // Ties straddling the half: {1,2,2,2,9} unit weights: half = 2.5, cumulative 1,2,3 -> 2.
  CHECK(median_of({2, 9, 2, 1, 2}, {1, 1, 1, 1, 1}) == 2.0);
}

TEST_CASE("inequality.empty_group_gives_nan") {
  // Group 1 has no observations, group 2 only observations with zero weight.
  const std::vector<double> income{1, 3, 5, 8};
  const std::vector<double> weight{1, 1, 0, 0};
  const std::vector<std::uint16_t> group{0, 0, 2, 2};
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality(income, weight, group, 3, workspace);
  for (const std::size_t g : {std::size_t{1}, std::size_t{2}}) {
    CAPTURE(g);
    CHECK(std::isnan(r.group_mean[g]));
    CHECK(std::isnan(r.group_median[g]));
    CHECK(std::isnan(r.group_gini[g]));
    CHECK(std::isnan(r.theil.group_theil[g]));
    CHECK(r.theil.group_income_share[g] == 0.0);
  }
  // Empty groups do not poison the aggregates.
  CHECK(r.group_mean[0] == 2.0);
  CHECK(r.theil.group_income_share[0] == 1.0);
  CHECK(r.theil.between == 0.0);
  CHECK(r.theil.total == near(r.theil.within));
  CHECK(r.mean == 2.0);
}

TEST_CASE("inequality.zero_total_income_or_weight_gives_zero_indices") {
  // Zero total income: nothing to be unequal about, Gini = Theil = 0, mean = median = 0.
  {
    const std::vector<double> income{0, 0, 0};
    const std::vector<std::uint16_t> group{0, 1, 1};
    InequalityWorkspace workspace;
    const InequalityResult r = measure_inequality(income, ones(3), group, 2, workspace);
    CHECK(r.mean == 0.0);
    CHECK(r.median == 0.0);
    CHECK(r.gini == 0.0);
    CHECK(r.theil.total == 0.0);
    CHECK(r.theil.between == 0.0);
    CHECK(r.theil.within == 0.0);
    CHECK(r.group_gini[1] == 0.0);
    CHECK(r.theil.group_theil[1] == 0.0);
    CHECK(r.theil.group_income_share[1] == 0.0);
  }
  // Zero total weight: nobody; indices are 0, mean and median undefined (NaN).
  {
    const std::vector<double> income{1, 5};
    const std::vector<double> weight{0, 0};
    CHECK(gini(income, weight) == 0.0);
    CHECK(theil(income, weight) == 0.0);
    const std::vector<std::uint16_t> group{0, 0};
    InequalityWorkspace workspace;
    const InequalityResult r = measure_inequality(income, weight, group, 1, workspace);
    CHECK(std::isnan(r.mean));
    CHECK(std::isnan(r.median));
    CHECK(r.gini == 0.0);
    CHECK(r.theil.total == 0.0);
  }
  // No observations at all.
  CHECK(gini({}, {}) == 0.0);
  CHECK(theil({}, {}) == 0.0);
  InequalityWorkspace workspace;
  const InequalityResult r = measure_inequality({}, {}, {}, 2, workspace);
  CHECK(r.gini == 0.0);
  CHECK(r.group_gini.size() == 2);
  CHECK(std::isnan(r.group_gini[0]));
}

TEST_CASE("inequality.results_are_bit_identical_for_identical_input") {
  const std::size_t group_count = 11;
  const Sample s = random_sample(20000, group_count, 29);
  InequalityWorkspace fresh;
  const InequalityResult first = measure_inequality(s.income, s.weight, s.group, group_count, fresh);

  // A workspace that has held larger and smaller inputs, and a result being reused.
  InequalityWorkspace used;
  const Sample big = random_sample(30000, 3, 31);
  InequalityResult reused = measure_inequality(big.income, big.weight, big.group, 3, used);
  const Sample small = random_sample(50, 2, 37);
  measure_inequality(small.income, small.weight, small.group, 2, used, reused);
  measure_inequality(s.income, s.weight, s.group, group_count, used, reused);
  CHECK(same_bits(first, reused));
  CHECK(same_bits(first, measure_inequality(s.income, s.weight, s.group, group_count, fresh)));
}

TEST_CASE("inequality.zero_weight_observations_change_nothing") {
  const Sample s = random_sample(1000, 3, 41);
  Sample padded = s;
  for (int k = 0; k < 100; ++k) {
    padded.income.push_back(123456.0 * k);
    padded.weight.push_back(0);
    padded.group.push_back(static_cast<std::uint16_t>(k % 3));
  }
  InequalityWorkspace workspace;
  const InequalityResult a = measure_inequality(s.income, s.weight, s.group, 3, workspace);
  const InequalityResult b = measure_inequality(padded.income, padded.weight, padded.group, 3, workspace);
  CHECK(same_bits(a, b));
}

TEST_CASE("inequality.negative_zero_and_extreme_incomes_sort_correctly") {
  // -0.0 has the sign bit set; it must count as 0, not as the largest key.
  CHECK(gini(std::vector<double>{-0.0, 10}, ones(2)) == near(0.5));
  CHECK(median_of({-0.0, 10, 20}, {1, 1, 1}) == 10.0);
  // Subnormal, tiny and huge incomes span every radix digit.
  const std::vector<double> income{1e300, 5e-324, 1e-300, 1.0, 3.0, 2.0};
  CHECK(median_of(income, ones(6)) == 1.0);
  const std::vector<double> ordered{5e-324, 1e-300, 1.0, 2.0, 3.0};
  CHECK(gini(ordered, ones(5)) == near(gini_by_trapezoid(ordered, ones(5)), 1e-12));
  // A single observation.
  CHECK(gini(std::vector<double>{42}, ones(1)) == 0.0);
  CHECK(median_of({42}, {2}) == 42.0);
}

TEST_CASE("inequality.invalid_input_throws") {
  InequalityWorkspace workspace;
  const std::vector<double> two{1, 2};
  const std::vector<std::uint16_t> groups{0, 1};
  CHECK_THROWS_AS(gini(two, ones(3)), std::invalid_argument);
  CHECK_THROWS_AS(measure_inequality(two, ones(2), std::vector<std::uint16_t>{0}, 2, workspace),
                  std::invalid_argument);
  CHECK_THROWS_AS(measure_inequality(two, ones(2), groups, 1, workspace), std::invalid_argument);
  CHECK_THROWS_AS(gini(std::vector<double>{1, -1}, ones(2)), std::invalid_argument);
  CHECK_THROWS_AS(gini(std::vector<double>{1, std::numeric_limits<double>::quiet_NaN()}, ones(2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(gini(std::vector<double>{1, std::numeric_limits<double>::infinity()}, ones(2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(gini(two, std::vector<double>{1, -1}), std::invalid_argument);
  // The workspace stays usable after a failed call.
  CHECK(measure_inequality(two, ones(2), groups, 2, workspace).group_mean[1] == 2.0);
}

}  // namespace
}  // namespace trappsteg
