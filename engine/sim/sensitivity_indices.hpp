#pragma once
// Global sensitivity analysis, pure maths: Saltelli designs with Sobol first-order and total
// indices (bootstrap intervals), and Morris elementary-effects screening. Designs live in the
// unit cube; mapping them to the parameters' distributions, and running the model, is the
// caller's business. No I/O, no globals.
//
// Conventions shared by the functions below:
// - Every random draw comes from std::mt19937_64 seeded with `seed`, turned into a double in
//   [0, 1) as (x >> 11) · 2⁻⁵³ and into an integer below m as ⌊u · m⌋; the standard library's
//   distributions are not used, since their output differs between implementations.
// - Single-threaded, sums in index order, no fused multiply-adds: the same input gives
//   bit-identical results on any platform with IEEE doubles.
// - NaN outputs are not skipped: they make the indices NaN.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace trappsteg {

/// A Saltelli design for estimating Sobol indices of k parameters from N base points.
///
/// A and B are two N×k matrices taken from one 2k-dimensional Sobol sequence (Boost.Random,
/// Joe–Kuo direction numbers): A the first k coordinates of each point, B the last k. The
/// sequence starts at its second point, (½, …, ½): Boost skips the all-zero first point.
/// AB_i is A with its column i taken from B. `points` holds, in this order,
///   rows 0 … N−1            the rows of A,
///   rows N … 2N−1           the rows of B,
///   rows (2+i)N … (3+i)N−1  the rows of AB_i, for i = 0 … k−1,
/// so points.size() == N·(k + 2) and row n of every block belongs to base point n.
struct SaltelliDesign {
  std::size_t base_points = 0;             ///< N
  std::size_t parameters = 0;              ///< k
  std::vector<std::vector<double>> points;  ///< N·(k+2) rows of k coordinates in [0, 1)
};

/// The Saltelli design with `base_points` base points for `parameters` parameters (see
/// SaltelliDesign for the layout). Powers of two for N keep the Sobol points best balanced.
/// @throws std::invalid_argument if either count is 0 or 2·parameters exceeds the dimensions
/// Boost's Sobol table supports.
SaltelliDesign saltelli_design(std::size_t base_points, std::size_t parameters);

/// Sobol sensitivity indices of each parameter, with percentile-bootstrap intervals.
struct SobolIndices {
  std::vector<double> first;                        ///< first-order S_i
  std::vector<double> total;                        ///< total-effect ST_i
  std::vector<std::array<double, 2>> first_interval;  ///< {low, high} of S_i
  std::vector<std::array<double, 2>> total_interval;  ///< {low, high} of ST_i
  double variance = 0;                              ///< V, the output variance the indices divide
};

/// Sobol indices from the outputs of a Saltelli design: outputs[j] is the model at
/// design.points[j].
///
/// With V the variance (divisor 2N) of the 2N outputs at A and B together:
/// - first order (Saltelli et al. 2010, Comput. Phys. Commun. 181):
///     S_i  = mean_n (f_B(n) − f̄) · (f_ABi(n) − f_A(n)) / V, with f̄ the mean of the 2N outputs
///     at A and B (centring leaves the expectation as it is and cuts the variance when the
///     output's spread is small beside its level, as for a share of children),
/// - total effect (Jansen 1999, Comput. Phys. Commun. 117):
///     ST_i = mean_n (f_A(n) − f_ABi(n))² / (2V).
/// The intervals are percentile bootstrap: `bootstrap_samples` times, N base points are drawn
/// with replacement (one draw serving A, B and every AB_i alike, since they are paired) and the
/// indices recomputed, V included; the bounds are the (1 − confidence)/2 and (1 + confidence)/2
/// quantiles of those estimates (linear interpolation between order statistics). With no
/// bootstrap samples the intervals collapse to the estimates. When V is 0 every index and bound
/// is 0 (a constant model is sensitive to nothing, and 0/0 would only spread NaN); a resample
/// whose V is 0 likewise counts as all zeros.
/// @throws std::invalid_argument if outputs.size() != design.points.size(), the design has no
/// base points or is not the shape its counts say, or `confidence` is not in (0, 1).
SobolIndices sobol_indices(const SaltelliDesign& design, std::span<const double> outputs,
                           std::size_t bootstrap_samples, std::uint64_t seed,
                           double confidence = 0.95);

/// A Morris (1991) screening design: r one-at-a-time trajectories on a p-level grid
/// {0, 1/(p−1), …, 1} with step Δ = p / (2(p − 1)).
///
/// Trajectory t is rows t(k+1) … t(k+1)+k of `points`. Its first point is drawn at random
/// from the grid; then each parameter, in a random order, moves once by +Δ or −Δ (random sign,
/// the start chosen so the move stays in [0, 1]). Between point j and j+1 of trajectory t only
/// parameter changed[t·k + j] moves, by steps[t·k + j].
struct MorrisDesign {
  std::size_t trajectories = 0;            ///< r
  std::size_t parameters = 0;              ///< k
  std::size_t levels = 0;                  ///< p
  std::vector<std::vector<double>> points;  ///< r·(k+1) rows of k coordinates in [0, 1]
  std::vector<std::size_t> changed;        ///< r·k: the parameter moved at each step
  std::vector<double> steps;               ///< r·k: the signed move, +Δ or −Δ
};

/// A Morris design of `trajectories` trajectories for `parameters` parameters on a grid of
/// `levels` levels (even, so that Δ is a whole number of grid steps and every level is equally
/// likely), drawn with `seed`.
/// @throws std::invalid_argument if trajectories or parameters is 0, or levels is odd or < 2.
MorrisDesign morris_design(std::size_t trajectories, std::size_t parameters, std::size_t levels,
                           std::uint64_t seed);

/// Morris screening measures per parameter, over its r elementary effects.
struct MorrisIndices {
  std::vector<double> mu;       ///< mean elementary effect
  std::vector<double> mu_star;  ///< mean absolute elementary effect (Campolongo et al. 2007)
  std::vector<double> sigma;    ///< sample standard deviation (divisor r − 1); 0 when r == 1
};

/// Elementary effects (Morris 1991, Technometrics 33) from the outputs of a Morris design:
/// outputs[j] is the model at design.points[j]. The effect of the step from x to x' = x ± Δe_i
/// is EE = (f(x') − f(x)) / (±Δ), i.e. the forward difference quotient whichever way the step
/// went. A large mu_star marks an influential parameter; a large sigma, one that acts
/// non-linearly or through interactions.
/// @throws std::invalid_argument if outputs.size() != design.points.size(), the design is not
/// the shape its counts say, or a step names no parameter or is 0.
MorrisIndices morris_indices(const MorrisDesign& design, std::span<const double> outputs);

}  // namespace trappsteg
