// Intervals over replicates: against hand-computed values, by simulation of their coverage, and,
// with the real engine, the narrower interval that common random numbers give the difference
// between two scenarios.
//
// Reference quantiles of Student's t, upper 2.5% unless said otherwise (computed to 30 digits
// from the regularised incomplete beta function, 1 − I_{ν/(ν+t²)}(ν/2, 1/2)/2 = 0.975, with
// mpmath; the integer ones agree with any printed table):
//   t(0.975, 1) = 12.706204736174705   t(0.975, 3) = 3.1824463052837096
//   t(0.975, 4) =  2.7764451051977944  t(0.975, 5.4) = 2.5143520149856014
//   t(0.950, 4) =  2.1318467863266503

#include "engine/metrics/headline.hpp"
#include "engine/metrics/statistics.hpp"
#include "engine/sim/run.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace trappsteg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// doctest::Approx defaults to a float-sized tolerance; these checks need double precision.
doctest::Approx near(double expected, double tolerance = 1e-13) {
  return doctest::Approx(expected).epsilon(tolerance);
}

double width(const Interval95& interval) { return interval.high - interval.low; }

}  // namespace

TEST_CASE("statistics.mean_interval_matches_hand_computation") {
  // {1, 2, 3, 4, 5}: mean 15/5 = 3; squared deviations 4 + 1 + 0 + 1 + 4 = 10, so
  // s² = 10/4 = 2.5, s = 1.5811388; standard error s/√5 = √0.5 = 0.70710678;
  // half-width t(0.975, 4) · √0.5 = 2.7764451 · 0.70710678 = 1.9632431.
  const std::array<double, 5> values{1, 2, 3, 4, 5};
  const double half = 2.7764451051977944 * std::sqrt(0.5);
  CHECK(half == near(1.9632431, 1e-7));
  const Interval95 ci = mean_interval(values);
  CHECK(ci.n == 5);
  CHECK(ci.mean == 3.0);
  CHECK(ci.low == near(3 - half));
  CHECK(ci.high == near(3 + half));

  // 90%: half-width t(0.95, 4) · √0.5 = 2.1318468 · 0.70710678 = 1.5074433.
  const Interval95 ci90 = mean_interval(values, 0.90);
  CHECK(ci90.mean == 3.0);
  CHECK(ci90.high - 3 == near(2.1318467863266503 * std::sqrt(0.5)));

  // Shifting and scaling the data shifts and scales the interval: {1e6 + 2k} has mean
  // 1e6 + 6 and half-width 2 · 1.9632431 (the two-pass variance does not lose the digits).
  const std::array<double, 5> shifted{1e6 + 2, 1e6 + 4, 1e6 + 6, 1e6 + 8, 1e6 + 10};
  const Interval95 cis = mean_interval(shifted);
  CHECK(cis.mean == 1e6 + 6);
  CHECK(cis.high - cis.mean == near(2 * half, 1e-9));

  // Equal values: no spread, so the interval is the mean itself.
  const std::array<double, 4> equal{0.1, 0.1, 0.1, 0.1};
  const Interval95 cie = mean_interval(equal);
  CHECK(cie.mean == near(0.1, 1e-15));
  CHECK(cie.low == cie.mean);
  CHECK(cie.high == cie.mean);
}

TEST_CASE("statistics.paired_difference_matches_hand_computation") {
  // Four replicates of two scenarios; differences other − base = {1, 2, 1, 2}: mean 1.5;
  // squared deviations 4 · 0.25 = 1, s² = 1/3; standard error √(1/3 / 4) = √(1/12) = 0.28867513;
  // half-width t(0.975, 3) · 0.28867513 = 3.1824463 · 0.28867513 = 0.91869312.
  const std::array<double, 4> base{10, 12, 9, 11};
  const std::array<double, 4> other{11, 14, 10, 13};
  const double half = 3.1824463052837096 * std::sqrt(1.0 / 12);
  CHECK(half == near(0.91869312, 1e-7));
  const Interval95 paired = paired_difference(other, base);
  CHECK(paired.n == 4);
  CHECK(paired.mean == 1.5);
  CHECK(paired.low == near(1.5 - half));
  CHECK(paired.high == near(1.5 + half));

  // The same numbers unpaired (Welch): means 12 and 10.5, difference 1.5.
  // other: deviations −1, 2, −2, 1 → s² = 10/3, s²/n = 10/12;
  // base:  deviations −0.5, 1.5, −1.5, 0.5 → s² = 5/3, s²/n = 5/12;
  // standard error √(15/12) = 1.1180340;
  // Welch–Satterthwaite df = (15/12)² / ((10/12)²/3 + (5/12)²/3) = 225 / (125/3) = 5.4;
  // half-width t(0.975, 5.4) · 1.1180340 = 2.5143520 · 1.1180340 = 2.8111310.
  // The scenarios' common ups and downs (replicate 2 low in both, 2 high in both) widen the
  // unpaired interval three-fold; pairing removes them.
  const double welch_half = 2.5143520149856014 * std::sqrt(15.0 / 12);
  CHECK(welch_half == near(2.8111310, 1e-7));
  const Interval95 welch = welch_difference(other, base);
  CHECK(welch.n == 4);
  CHECK(welch.mean == 1.5);
  CHECK(welch.low == near(1.5 - welch_half, 1e-12));
  CHECK(welch.high == near(1.5 + welch_half, 1e-12));
  CHECK(width(paired) < width(welch) / 3);
}

TEST_CASE("statistics.welch_difference_matches_hand_computation") {
  // Equal sizes and variances: other {4, 5, 6}, base {1, 2, 3}; difference of means 5 − 2 = 3;
  // each s² = 1, s²/n = 1/3; standard error √(2/3) = 0.81649658;
  // df = (2/3)² / ((1/3)²/2 + (1/3)²/2) = (4/9) / (1/9) = 4 (= n_a + n_b − 2, as it must be);
  // half-width t(0.975, 4) · 0.81649658 = 2.7764451 · 0.81649658 = 2.2669579.
  const std::array<double, 3> other{4, 5, 6};
  const std::array<double, 3> base{1, 2, 3};
  const double half = 2.7764451051977944 * std::sqrt(2.0 / 3);
  CHECK(half == near(2.2669579, 1e-7));
  const Interval95 welch = welch_difference(other, base);
  CHECK(welch.n == 3);
  CHECK(welch.mean == 3.0);
  CHECK(welch.low == near(3 - half));
  CHECK(welch.high == near(3 + half));

  // One sample without spread: df = (v)² / (v²/(n − 1)) = n − 1 of the other sample, and the
  // interval is that sample's own: base {1, 2, 3, 4, 5} (s²/n = 0.5, df 4) against a constant 7.
  const std::array<double, 5> spread{1, 2, 3, 4, 5};
  const std::array<double, 2> constant{7, 7};
  const Interval95 one_sided = welch_difference(constant, spread);
  CHECK(one_sided.n == 2);
  CHECK(one_sided.mean == 4.0);
  CHECK(one_sided.high - 4 == near(2.7764451051977944 * std::sqrt(0.5)));

  // Both without spread: the interval is the difference itself.
  const std::array<double, 3> other_constant{2, 2, 2};
  const Interval95 flat = welch_difference(other_constant, constant);
  CHECK(flat.mean == -5.0);
  CHECK(flat.low == -5.0);
  CHECK(flat.high == -5.0);

  // Tiny variances whose squares (s²/n)² underflow (1e-200² = 0) give the same df, hence the same
  // interval scaled by 1e-100.
  const std::array<double, 3> tiny_other{4e-100, 5e-100, 6e-100};
  const std::array<double, 3> tiny_base{1e-100, 2e-100, 3e-100};
  const Interval95 tiny = welch_difference(tiny_other, tiny_base);
  CHECK((tiny.high - tiny.mean) / 1e-100 == near(half, 1e-12));
}

TEST_CASE("statistics.skips_nan_and_collapses_below_two_values") {
  // NaN entries are skipped: {1, NaN, 2, 3, NaN, 4, 5} is {1, 2, 3, 4, 5}.
  const std::array<double, 7> with_nan{1, kNaN, 2, 3, kNaN, 4, 5};
  const std::array<double, 5> without{1, 2, 3, 4, 5};
  const Interval95 a = mean_interval(with_nan), b = mean_interval(without);
  CHECK(a.n == 5);
  CHECK(a.mean == b.mean);
  CHECK(a.low == b.low);
  CHECK(a.high == b.high);

  // n = 0: nothing to average, the mean and both bounds are NaN.
  const std::array<double, 2> all_nan{kNaN, kNaN};
  for (const Interval95& empty : {mean_interval(std::span<const double>{}), mean_interval(all_nan)}) {
    CHECK(empty.n == 0);
    CHECK(std::isnan(empty.mean));
    CHECK(std::isnan(empty.low));
    CHECK(std::isnan(empty.high));
  }

  // n = 1: no spread can be estimated, the interval collapses to the value.
  const std::array<double, 3> one{kNaN, 42, kNaN};
  const Interval95 single = mean_interval(one);
  CHECK(single.n == 1);
  CHECK(single.mean == 42.0);
  CHECK(single.low == 42.0);
  CHECK(single.high == 42.0);

  // Paired: a replicate with NaN on either side is dropped as a pair. The pairs left are
  // (11, 10), (10, 9), (13, 11): differences {1, 1, 2}, mean 4/3.
  const std::array<double, 5> base{10, kNaN, 9, 11, 8};
  const std::array<double, 5> other{11, 14, 10, 13, kNaN};
  const Interval95 paired = paired_difference(other, base);
  const std::array<double, 3> differences{1, 1, 2};
  const Interval95 expected = mean_interval(differences);
  CHECK(paired.n == 3);
  CHECK(paired.mean == expected.mean);
  CHECK(paired.low == expected.low);
  CHECK(paired.high == expected.high);

  const std::array<double, 2> one_pair_base{1, kNaN}, one_pair_other{3, 4};
  const Interval95 one_pair = paired_difference(one_pair_other, one_pair_base);
  CHECK(one_pair.n == 1);
  CHECK(one_pair.mean == 2.0);
  CHECK(one_pair.low == 2.0);
  CHECK(one_pair.high == 2.0);
  CHECK(paired_difference(all_nan, all_nan).n == 0);
  CHECK(std::isnan(paired_difference(all_nan, all_nan).mean));

  // Welch: each sample drops its own NaN; n is the smaller count, and with n < 2 the interval
  // collapses to the difference of means.
  const Interval95 welch = welch_difference(other, base);  // 4 and 4 values left
  CHECK(welch.n == 4);
  CHECK(welch.mean == near((11.0 + 14 + 10 + 13) / 4 - (10.0 + 9 + 11 + 8) / 4));
  const Interval95 short_side = welch_difference(one, without);
  CHECK(short_side.n == 1);
  CHECK(short_side.mean == 39.0);
  CHECK(short_side.low == 39.0);
  CHECK(short_side.high == 39.0);
  const Interval95 no_side = welch_difference(all_nan, without);
  CHECK(no_side.n == 0);
  CHECK(std::isnan(no_side.mean));
}

TEST_CASE("statistics.rejects_bad_level_and_unequal_pairs") {
  const std::array<double, 3> three{1, 2, 3};
  const std::array<double, 2> two{1, 2};
  for (double level : {0.0, 1.0, -0.5, 95.0, kNaN}) {
    CAPTURE(level);
    CHECK_THROWS_AS(mean_interval(three, level), std::invalid_argument);
    CHECK_THROWS_AS(paired_difference(three, three, level), std::invalid_argument);
    CHECK_THROWS_AS(welch_difference(three, three, level), std::invalid_argument);
  }
  CHECK_THROWS_AS(paired_difference(three, two), std::invalid_argument);
  CHECK_NOTHROW(welch_difference(three, two));
  // A level a hair below 1 still gives a finite interval (the quantile is taken from the tail).
  const Interval95 wide = mean_interval(three, 1 - 1e-15);
  CHECK(std::isfinite(wide.low));
  CHECK(wide.high > 1e6);
}

TEST_CASE("statistics.interval_covers_true_mean_95_percent_of_the_time") {
  // 4000 normal samples of size 10: the number of intervals that cover the true mean is
  // Binomial(4000, 0.95), standard deviation √(4000 · 0.95 · 0.05) = 13.8, i.e. 0.34 points;
  // 93–97% is ±5.8 standard deviations, so this holds for any fixed seed unless the t quantile,
  // the degrees of freedom or the variance divisor is wrong (with z = 1.96 instead of
  // t(0.975, 9) = 2.262 coverage would be ~92%).
  std::mt19937 rng(20160101);
  std::normal_distribution<double> normal(5.0, 2.0);
  constexpr int kTrials = 4000;
  int covered = 0;
  std::vector<double> sample(10);
  for (int trial = 0; trial < kTrials; ++trial) {
    for (double& x : sample) x = normal(rng);
    const Interval95 ci = mean_interval(sample);
    if (ci.low <= 5.0 && 5.0 <= ci.high) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kTrials;
  CAPTURE(coverage);
  CHECK(coverage >= 0.93);
  CHECK(coverage <= 0.97);

  // Welch with unequal sizes and spreads (10 values with sd 1 against 5 with sd 3, a true
  // difference of 1): approximately 95% too. Pooling the variances here would undercover.
  std::normal_distribution<double> narrow(6.0, 1.0), wide(5.0, 3.0);
  std::vector<double> other(10), base(5);
  int welch_covered = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    for (double& x : other) x = narrow(rng);
    for (double& x : base) x = wide(rng);
    const Interval95 ci = welch_difference(other, base);
    if (ci.low <= 1.0 && 1.0 <= ci.high) ++welch_covered;
  }
  const double welch_coverage = static_cast<double>(welch_covered) / kTrials;
  CAPTURE(welch_coverage);
  CHECK(welch_coverage >= 0.93);
  CHECK(welch_coverage <= 0.97);
}

TEST_CASE("statistics.pairing_narrows_the_interval_of_a_scenario_difference") {
  // The issue: "Show in the tests that pairing narrows the interval of a difference compared
  // with independent seeds." Replicates 0..7 of the baseline and of families_250 share their
  // draws (common random numbers); replicates 100..107 of families_250 do not share any with
  // the baseline's, as if run with independent seeds.
  constexpr std::uint32_t kReplicates = 8, kIndependent = 100;
  auto base = testing::load("scenarios/baseline.yaml");
  auto other = testing::load("scenarios/families_250.yaml");
  for (auto* loaded : {&base, &other}) {
    loaded->scenario.scale = 0.02;
    loaded->scenario.months = 48;
  }
  REQUIRE(base.scenario.seed == other.scenario.seed);

  constexpr std::array<Metric, 3> kMetrics{Metric::kEmploymentRate20To64, Metric::kHouseholdsOnSupport,
                                           Metric::kChildrenInWorklessHouseholds};
  // [metric][replicate]
  std::array<std::vector<double>, kMetrics.size()> base_values, paired_values, independent_values;
  const auto record = [&](const testing::LoadedScenario& loaded, std::uint32_t replicate,
                          std::array<std::vector<double>, kMetrics.size()>& into) {
    const RunResult run = run_replicate(loaded.scenario, loaded.model, *loaded.staircase, replicate);
    const MonthlyTable& monthly = run.outcomes.monthly;
    const std::size_t last_month = monthly.months - 1, city = monthly.areas - 1;
    for (std::size_t m = 0; m < kMetrics.size(); ++m)
      into[m].push_back(monthly.at(last_month, city, Group::kAll, kMetrics[m]));
  };
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    record(base, r, base_values);
    record(other, r, paired_values);
    record(other, kIndependent + r, independent_values);
  }

  std::ostringstream report;
  report << "95% interval widths of families_250 − baseline at month 48, city, all (R = " << kReplicates << "):";
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    CAPTURE(kMetricNames[static_cast<std::size_t>(kMetrics[m])]);
    const Interval95 paired = paired_difference(paired_values[m], base_values[m]);
    const Interval95 independent = welch_difference(independent_values[m], base_values[m]);
    // The same runs as the paired interval, their pairing ignored: so the narrowing is seen to
    // come from pairing, not from the particular replicates.
    const Interval95 unpaired = welch_difference(paired_values[m], base_values[m]);
    REQUIRE(paired.n == kReplicates);
    REQUIRE(independent.n == kReplicates);
    CAPTURE(width(paired));
    CAPTURE(width(independent));
    CAPTURE(width(unpaired));
    CHECK(width(paired) < width(independent));
    CHECK(width(paired) < width(unpaired));
    // Much smaller, not merely smaller: measured 0.02–0.06 of the independent width at this
    // size; half leaves room for model changes without letting a broken pairing through.
    CHECK(width(paired) < width(independent) / 2);
    report << "\n  " << kMetricNames[static_cast<std::size_t>(kMetrics[m])] << ": paired " << width(paired)
           << " (mean " << paired.mean << "), independent seeds " << width(independent) << " (mean "
           << independent.mean << "), same runs unpaired " << width(unpaired) << "; paired/independent "
           << width(paired) / width(independent);
  }
  MESSAGE(report.str());
}

TEST_CASE("statistics.quantile_interpolates_between_order_statistics") {
  const std::vector<double> values{20, -10, std::nan(""), 5, 0};
  // Sorted without the NaN: −10, 0, 5, 20; h = p × 3.
  CHECK(quantile(values, 0) == -10);
  CHECK(quantile(values, 1) == 20);
  CHECK(quantile(values, 0.5) == doctest::Approx(2.5));
  CHECK(quantile(values, 0.25) == doctest::Approx(-2.5));
  CHECK(quantile(std::vector<double>{7}, 0.9) == 7);
  CHECK(std::isnan(quantile(std::vector<double>{std::nan("")}, 0.5)));
  CHECK_THROWS_AS(quantile(values, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(quantile(values, std::nan("")), std::invalid_argument);
}

TEST_CASE("statistics.wilson_interval_matches_hand_computed_bounds") {
  // 0 of 10: [0, z²/(n + z²)] = [0, 0.27753].
  ShareInterval none = wilson_interval(0, 10);
  CHECK(none.share == 0);
  CHECK(none.low == 0);
  CHECK(none.high == doctest::Approx(0.27753).epsilon(1e-4));
  // 3 of 10: the textbook [0.1078, 0.6032].
  ShareInterval some = wilson_interval(3, 10);
  CHECK(some.low == doctest::Approx(0.1078).epsilon(1e-3));
  CHECK(some.high == doctest::Approx(0.6032).epsilon(1e-3));
  // All of them: the upper bound is exactly 1.
  CHECK(wilson_interval(10, 10).high == 1);
  CHECK(std::isnan(wilson_interval(0, 0).share));
  CHECK_THROWS_AS(wilson_interval(3, 2), std::invalid_argument);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("headline.years_are_those_the_run_reaches") {
  CHECK(headline_years(6).empty());
  CHECK(headline_years(12) == std::vector<int>{1});
  CHECK(headline_years(120) == std::vector<int>{1, 5, 10});
  CHECK(headline_years(239) == std::vector<int>{1, 5, 10});
  CHECK(headline_years(240) == std::vector<int>{1, 5, 10, 20});
  CHECK(headline_years(600) == std::vector<int>{1, 5, 10, 20, 50});
}

}  // namespace trappsteg
