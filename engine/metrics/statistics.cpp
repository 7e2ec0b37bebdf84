#include "engine/metrics/statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

// Skipping NaN relies on std::isnan, which -ffast-math turns into "false".
#if defined(__FAST_MATH__)
#error "engine/metrics/statistics.cpp must not be compiled with -ffast-math"
#endif

// Contracting a*b+c into one fused multiply-add would make the results depend on compiler
// flags and target (e.g. -march=native), not only on the input.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace trappsteg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Count, mean and sample variance (divisor n − 1) of the non-NaN values value(0..size−1).
struct Moments {
  std::size_t n = 0;
  double mean = kNaN;
  double variance = kNaN;  // NaN when n < 2
};

// Two passes in index order: the mean, then the squared deviations from it with the correction
// term of the corrected two-pass algorithm (Chan, Golub & LeVeque 1983), which removes most of
// the error the rounded mean leaves. No cancellation as in sum(x²) − n·mean².
template <class Value>
Moments moments(std::size_t size, Value value) {
  Moments m;
  double sum = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const double x = value(i);
    if (std::isnan(x)) continue;
    sum += x;
    ++m.n;
  }
  if (m.n == 0) return m;
  const double n = static_cast<double>(m.n);
  m.mean = sum / n;
  if (m.n < 2) return m;
  double squares = 0, deviations = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const double x = value(i);
    if (std::isnan(x)) continue;
    const double d = x - m.mean;
    squares += d * d;
    deviations += d;
  }
  // Rounding can push the corrected sum a hair below zero when all values are equal.
  m.variance = std::max(0.0, squares - deviations * deviations / n) / (n - 1);
  return m;
}

void check_level(double level) {
  if (!(level > 0 && level < 1)) throw std::invalid_argument("statistics: level must be in (0, 1)");
}

// The two-sided interval mean ± t(1 − (1 − level)/2, df) · standard_error. The upper quantile is
// taken as the complement of the tail, (1 − level)/2, which keeps its precision for levels near 1.
Interval95 interval(double mean, double standard_error, double degrees_of_freedom, double level,
                    std::size_t n) {
  Interval95 result{.mean = mean, .low = mean, .high = mean, .n = n};
  if (standard_error == 0) return result;
  if (!std::isfinite(standard_error) || !(degrees_of_freedom > 0)) {
    // Infinite input: no quantile to speak of (and Boost would throw on a NaN df).
    result.low = mean - standard_error;
    result.high = mean + standard_error;
    return result;
  }
  const boost::math::students_t_distribution<double> t(degrees_of_freedom);
  const double half_width = boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) * standard_error;
  result.low = mean - half_width;
  result.high = mean + half_width;
  return result;
}

Interval95 one_sample_interval(const Moments& m, double level) {
  if (m.n < 2) return Interval95{.mean = m.mean, .low = m.mean, .high = m.mean, .n = m.n};
  const double n = static_cast<double>(m.n);
  return interval(m.mean, std::sqrt(m.variance / n), n - 1, level, m.n);
}

}  // namespace

Interval95 mean_interval(std::span<const double> values, double level) {
  check_level(level);
  return one_sample_interval(moments(values.size(), [&](std::size_t i) { return values[i]; }), level);
}

Interval95 paired_difference(std::span<const double> other, std::span<const double> base, double level) {
  check_level(level);
  if (other.size() != base.size()) throw std::invalid_argument("statistics: paired samples differ in size");
  // NaN − x and x − NaN are NaN, so a pair with either value missing is skipped as one.
  return one_sample_interval(moments(other.size(), [&](std::size_t i) { return other[i] - base[i]; }), level);
}

Interval95 welch_difference(std::span<const double> other, std::span<const double> base, double level) {
  check_level(level);
  const Moments a = moments(other.size(), [&](std::size_t i) { return other[i]; });
  const Moments b = moments(base.size(), [&](std::size_t i) { return base[i]; });
  const double difference = a.mean - b.mean;
  const std::size_t n = std::min(a.n, b.n);
  if (n < 2) return Interval95{.mean = difference, .low = difference, .high = difference, .n = n};

  const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
  const double va = a.variance / na, vb = b.variance / nb;  // squared standard errors of the means
  const double standard_error = std::sqrt(va + vb);
  // Welch–Satterthwaite: df = (va + vb)² / (va²/(na − 1) + vb²/(nb − 1)). It is invariant to
  // scaling va and vb together, so divide by the larger first: the squares then cannot underflow
  // or overflow.
  double df = kNaN;
  if (const double largest = std::max(va, vb); largest > 0 && std::isfinite(largest)) {
    const double ra = va / largest, rb = vb / largest;
    df = (ra + rb) * (ra + rb) / (ra * ra / (na - 1) + rb * rb / (nb - 1));
  }
  return interval(difference, standard_error, df, level, n);
}

double quantile(std::span<const double> values, double p) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p must lie in [0, 1]");
  std::vector<double> sorted;
  for (double v : values)
    if (!std::isnan(v)) sorted.push_back(v);
  if (sorted.empty()) return kNaN;
  std::sort(sorted.begin(), sorted.end());
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

ShareInterval wilson_interval(std::size_t successes, std::size_t trials, double level) {
  if (successes > trials) throw std::invalid_argument("wilson_interval: more successes than trials");
  if (!(level > 0 && level < 1)) throw std::invalid_argument("wilson_interval: level must lie strictly between 0 and 1");
  if (trials == 0) return {kNaN, kNaN, kNaN};
  const double n = static_cast<double>(trials), share = static_cast<double>(successes) / n;
  const double z = boost::math::quantile(boost::math::normal(), 1 - (1 - level) / 2), z2 = z * z;
  const double centre = (share + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(share * (1 - share) / n + z2 / (4 * n * n));
  // At 0 or all successes the bound is exactly 0 or 1; rounding must not move it past.
  return {share, successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

}  // namespace trappsteg
