#pragma once
// Statistics over replicates for comparing scenarios: the mean of an outcome with a confidence
// interval, and the difference between two scenarios, paired or not.
//
// Replicate r of every scenario draws with the RandomKey {seed, r}, so the same person, month and
// purpose get the same draw in each scenario (common random numbers). The difference between two
// scenarios is then best estimated replicate by replicate (`paired_difference`): the noise both
// runs share cancels. `welch_difference` ignores the pairing, as if the scenarios had been run
// with independent draws; it is there to compare with and for runs that are not paired.
//
// Conventions shared by the functions below:
// - NaN values are skipped (in `paired_difference`, a replicate where either value is NaN);
//   `n` counts the values (pairs) used. Infinite values are not skipped: they make the result
//   infinite or NaN.
// - The interval is mean ± t(1 − (1 − level)/2, df) × standard error, with the sample standard
//   deviation (divisor n − 1). It assumes the replicate values are independent and roughly normal.
// - With fewer than two values the spread cannot be estimated: the interval collapses to the
//   mean (low = high = mean), and with none the mean is NaN. Zero spread gives low = high = mean.
// - Results are bit-identical for identical input: sums run in index order, single-threaded
//   (not under -ffast-math, which the .cpp refuses since it would break the NaN tests).
// - `level` must lie strictly between 0 and 1, else std::invalid_argument.

#include <cstddef>
#include <span>

namespace trappsteg {

/// Mean over replicates with a two-sided confidence interval from Student's t (95% unless
/// another level was asked for).
struct Interval95 {
  double mean = 0;    ///< mean over the values used (difference of means for a difference)
  double low = 0;     ///< lower bound of the interval
  double high = 0;    ///< upper bound of the interval
  std::size_t n = 0;  ///< values (pairs) used; for `welch_difference` the smaller of the two samples
};

/// Mean and two-sided `level` interval of `values` (NaN entries skipped; n counts the others).
/// With n < 2 the interval collapses to the mean (low = high = mean; NaN when n = 0).
/// @throws std::invalid_argument if `level` is not in (0, 1).
Interval95 mean_interval(std::span<const double> values, double level = 0.95);

/// Paired difference other − base, replicate by replicate: the interval of the mean of
/// other[i] − base[i], with n − 1 degrees of freedom (pairs with a NaN skipped; n counts pairs).
/// The spans hold the same replicates in the same order. With n < 2 the interval collapses.
/// @throws std::invalid_argument if the spans differ in size or `level` is not in (0, 1).
Interval95 paired_difference(std::span<const double> other, std::span<const double> base,
                             double level = 0.95);

/// Unpaired (Welch) difference other − base, for comparison with the paired one: mean(other) −
/// mean(base) ± t × sqrt(s²_other/n_other + s²_base/n_base), with Welch–Satterthwaite degrees of
/// freedom. NaN entries are skipped in each sample separately; n is the smaller sample's count,
/// and with n < 2 the interval collapses to the difference of means.
/// @throws std::invalid_argument if `level` is not in (0, 1).
Interval95 welch_difference(std::span<const double> other, std::span<const double> base,
                            double level = 0.95);

/// The `p`-quantile (0 ≤ p ≤ 1) of `values`, NaN entries skipped, interpolated linearly between
/// order statistics (Hyndman & Fan's type 7, the default of R and NumPy). NaN if no value is left.
/// @throws std::invalid_argument if `p` is outside [0, 1].
double quantile(std::span<const double> values, double p);

/// A share observed as `successes` of `trials`, with its two-sided Wilson score interval (95 %
/// unless another level was asked for): unlike the normal approximation it stays inside [0, 1]
/// and does not collapse at 0 or 1 of 20. With no trials the share and its bounds are NaN.
/// @throws std::invalid_argument if `successes` > `trials` or `level` is not in (0, 1).
struct ShareInterval {
  double share = 0, low = 0, high = 0;
};
ShareInterval wilson_interval(std::size_t successes, std::size_t trials, double level = 0.95);

}  // namespace trappsteg
