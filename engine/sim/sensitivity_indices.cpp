#include "engine/sim/sensitivity_indices.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

// Contracting a*b+c into one fused multiply-add would make the results depend on compiler
// flags and target (e.g. -march=native), not only on the input.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace trappsteg {

namespace {

/// A double in [0, 1) from the top 53 bits of a 64-bit word: exact, and never 1.
double unit_interval(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

/// A uniform draw in [0, 1) from `rng`, the same on every standard library.
double draw_unit(std::mt19937_64& rng) { return unit_interval(rng()); }

/// A uniform integer below `bound` (> 0). ⌊u · bound⌋ can round up to `bound` when u is within
/// an ulp of 1, hence the clamp.
std::size_t draw_below(std::mt19937_64& rng, std::size_t bound) {
  const auto i = static_cast<std::size_t>(draw_unit(rng) * static_cast<double>(bound));
  return std::min(i, bound - 1);
}

/// The p-quantile of sorted values, interpolating linearly between order statistics
/// (Hyndman & Fan's type 7, R's default).
double quantile(const std::vector<double>& sorted, double p) {
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(h));
  if (low + 1 >= sorted.size()) return sorted.back();
  return sorted[low] + (h - static_cast<double>(low)) * (sorted[low + 1] - sorted[low]);
}

/// Sobol estimates over the base points `rows` (indices into 0 … N−1, repeats allowed).
struct SobolEstimate {
  std::vector<double> first, total;
  double variance = 0;
};

SobolEstimate estimate_sobol(std::span<const double> outputs, std::size_t n_base, std::size_t k,
                             const std::vector<std::size_t>& rows) {
  SobolEstimate e;
  e.first.assign(k, 0.0);
  e.total.assign(k, 0.0);
  const double n = static_cast<double>(rows.size());
  const auto f_a = [&](std::size_t r) { return outputs[r]; };
  const auto f_b = [&](std::size_t r) { return outputs[n_base + r]; };

  // Two passes (mean, then squared deviations): no cancellation as in E[f²] − E[f]².
  double sum = 0;
  for (std::size_t r : rows) sum += f_a(r) + f_b(r);
  const double mean = sum / (2 * n);
  double squares = 0;
  for (std::size_t r : rows) {
    const double da = f_a(r) - mean, db = f_b(r) - mean;
    squares += da * da + db * db;
  }
  e.variance = squares / (2 * n);
  // A constant model has no variance to apportion; 0/0 would only spread NaN.
  if (!(e.variance > 0)) {
    e.variance = 0;
    return e;
  }

  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t offset = (2 + i) * n_base;
    double first = 0, total = 0;
    for (std::size_t r : rows) {
      const double a = f_a(r), ab = outputs[offset + r];
      // f_B centred on the resample's mean: the same expectation (the mean of f_AB_i − f_A is
      // 0), far less variance when the output's spread is small beside its level.
      first += (f_b(r) - mean) * (ab - a);
      total += (a - ab) * (a - ab);
    }
    e.first[i] = first / n / e.variance;
    e.total[i] = total / n / (2 * e.variance);
  }
  return e;
}

}  // namespace

SaltelliDesign saltelli_design(std::size_t base_points, std::size_t parameters) {
  if (base_points == 0 || parameters == 0)
    throw std::invalid_argument("saltelli_design: base_points and parameters must be positive");
  constexpr std::size_t kMaxDimension = boost::random::default_sobol_table::max_dimension;
  if (parameters > kMaxDimension / 2)
    throw std::invalid_argument("saltelli_design: at most " + std::to_string(kMaxDimension / 2) +
                                " parameters (Boost's Sobol table has " +
                                std::to_string(kMaxDimension) + " dimensions)");

  const std::size_t n = base_points, k = parameters;
  SaltelliDesign design;
  design.base_points = n;
  design.parameters = k;
  design.points.assign(n * (k + 2), std::vector<double>(k));

  // Boost's engine already skips the all-zero first point and yields one coordinate per call.
  // The outputs carry the point's bits at the top of a 64-bit word, so value / 2⁶⁴ (uniform_01's
  // conversion) is exact; unit_interval gives the same and cannot round to 1.
  boost::random::sobol sequence(2 * k);
  for (std::size_t row = 0; row < n; ++row) {
    auto& a = design.points[row];
    auto& b = design.points[n + row];
    for (std::size_t j = 0; j < k; ++j) a[j] = unit_interval(sequence());
    for (std::size_t j = 0; j < k; ++j) b[j] = unit_interval(sequence());
    for (std::size_t i = 0; i < k; ++i) {
      auto& ab = design.points[(2 + i) * n + row];
      ab = a;
      ab[i] = b[i];
    }
  }
  return design;
}

SobolIndices sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                           std::size_t bootstrap_samples, std::uint64_t seed, double confidence) {
  const std::size_t n = design.base_points, k = design.parameters;
  if (design.points.size() != n * (k + 2))
    throw std::invalid_argument("sobol_indices: the design has " +
                                std::to_string(design.points.size()) + " points, not N·(k+2) = " +
                                std::to_string(n * (k + 2)));
  if (outputs.size() != design.points.size())
    throw std::invalid_argument("sobol_indices: " + std::to_string(outputs.size()) +
                                " outputs for " + std::to_string(design.points.size()) +
                                " design points");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("sobol_indices: confidence must lie strictly between 0 and 1");
  if (n == 0) throw std::invalid_argument("sobol_indices: the design has no base points");

  std::vector<std::size_t> rows(n);
  for (std::size_t r = 0; r < n; ++r) rows[r] = r;
  SobolEstimate point = estimate_sobol(outputs, n, k, rows);

  SobolIndices result;
  result.first = point.first;
  result.total = point.total;
  result.variance = point.variance;
  result.first_interval.resize(k);
  result.total_interval.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    result.first_interval[i] = {point.first[i], point.first[i]};
    result.total_interval[i] = {point.total[i], point.total[i]};
  }
  if (bootstrap_samples == 0 || point.variance == 0) return result;

  // Draws in the order resample b, base point n: one stream, so the intervals depend on the
  // seed and sizes only.
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> firsts(k, std::vector<double>(bootstrap_samples));
  std::vector<std::vector<double>> totals(k, std::vector<double>(bootstrap_samples));
  for (std::size_t b = 0; b < bootstrap_samples; ++b) {
    for (auto& r : rows) r = draw_below(rng, n);
    const SobolEstimate e = estimate_sobol(outputs, n, k, rows);
    for (std::size_t i = 0; i < k; ++i) {
      firsts[i][b] = e.first[i];
      totals[i][b] = e.total[i];
    }
  }
  const double low = (1 - confidence) / 2, high = (1 + confidence) / 2;
  for (std::size_t i = 0; i < k; ++i) {
    std::sort(firsts[i].begin(), firsts[i].end());
    std::sort(totals[i].begin(), totals[i].end());
    result.first_interval[i] = {quantile(firsts[i], low), quantile(firsts[i], high)};
    result.total_interval[i] = {quantile(totals[i], low), quantile(totals[i], high)};
  }
  return result;
}

MorrisDesign morris_design(std::size_t trajectories, std::size_t parameters, std::size_t levels,
                           std::uint64_t seed) {
  if (trajectories == 0 || parameters == 0)
    throw std::invalid_argument("morris_design: trajectories and parameters must be positive");
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris_design: levels must be even and at least 2");

  const std::size_t r = trajectories, k = parameters, p = levels;
  const std::size_t jump = p / 2;  // Δ in grid steps: p / (2(p − 1)) = (p/2) / (p − 1)
  const double grid = static_cast<double>(p - 1);
  const double delta = static_cast<double>(p) / (2 * grid);

  MorrisDesign design;
  design.trajectories = r;
  design.parameters = k;
  design.levels = p;
  design.points.reserve(r * (k + 1));
  design.changed.reserve(r * k);
  design.steps.reserve(r * k);

  std::mt19937_64 rng(seed);
  std::vector<std::size_t> level(k), order(k);
  std::vector<bool> up(k);
  for (std::size_t t = 0; t < r; ++t) {
    // Per parameter a direction, then a start from which the move stays on the grid: the lower
    // p/2 levels going up, the upper p/2 going down. Each level is then equally likely, as in
    // Morris's B* = (J x* + Δ/2 [(2B − J) D* + J]) P*.
    for (std::size_t i = 0; i < k; ++i) {
      up[i] = draw_unit(rng) < 0.5;
      level[i] = draw_below(rng, jump) + (up[i] ? 0 : jump);
    }
    // A uniformly random order of the moves (Fisher–Yates).
    for (std::size_t i = 0; i < k; ++i) order[i] = i;
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[draw_below(rng, i)]);

    // Coordinates from the level index rather than by adding Δ, so they stay exactly on the
    // grid and inside [0, 1].
    std::vector<double> x(k);
    for (std::size_t i = 0; i < k; ++i) x[i] = static_cast<double>(level[i]) / grid;
    design.points.push_back(x);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = order[j];
      level[i] = up[i] ? level[i] + jump : level[i] - jump;
      x[i] = static_cast<double>(level[i]) / grid;
      design.points.push_back(x);
      design.changed.push_back(i);
      design.steps.push_back(up[i] ? delta : -delta);
    }
  }
  return design;
}

MorrisIndices morris_indices(const MorrisDesign& design, std::span<const double> outputs) {
  const std::size_t r = design.trajectories, k = design.parameters;
  if (design.points.size() != r * (k + 1) || design.changed.size() != r * k ||
      design.steps.size() != r * k)
    throw std::invalid_argument("morris_indices: the design is not r·(k+1) points and r·k steps");
  if (outputs.size() != design.points.size())
    throw std::invalid_argument("morris_indices: " + std::to_string(outputs.size()) +
                                " outputs for " + std::to_string(design.points.size()) +
                                " design points");

  // Elementary effects per parameter, in trajectory order. Counted rather than assumed one per
  // trajectory, so a hand-made design that moves a parameter twice is still summarised right.
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t s = t * k + j, i = design.changed[s];
      if (i >= k || design.steps[s] == 0)
        throw std::invalid_argument("morris_indices: step " + std::to_string(s) +
                                    " names no parameter or has no size");
      const std::size_t from = t * (k + 1) + j;
      effects[i].push_back((outputs[from + 1] - outputs[from]) / design.steps[s]);
    }
  }

  MorrisIndices result;
  result.mu.assign(k, 0.0);
  result.mu_star.assign(k, 0.0);
  result.sigma.assign(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    const auto& ee = effects[i];
    if (ee.empty()) continue;
    const double n = static_cast<double>(ee.size());
    double sum = 0, sum_abs = 0;
    for (double e : ee) {
      sum += e;
      sum_abs += std::abs(e);
    }
    result.mu[i] = sum / n;
    result.mu_star[i] = sum_abs / n;
    if (ee.size() < 2) continue;
    double squares = 0;
    for (double e : ee) squares += (e - result.mu[i]) * (e - result.mu[i]);
    result.sigma[i] = std::sqrt(squares / (n - 1));
  }
  return result;
}

}  // namespace trappsteg
