#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

// Conventions shared by every function below:
// - A population (or group) with zero total weight has no persons: its mean and median are NaN.
//   Overall Gini/Theil are then 0; per-group Gini/Theil are NaN (the group is "empty").
// - Zero total income (positive weight): Gini = Theil = 0 (no income to be unequal about).
// - The median is the lower weighted median: no interpolation between incomes.
// - Invalid input throws std::invalid_argument: span sizes differ, an income or weight is
//   negative, NaN or infinite, or a group index is >= group_count. More than 2^32 - 1
//   observations throws std::length_error.
// - Results are bit-identical for identical input (same values in the same order): the
//   computation is single-threaded with a fixed summation order, and uses its own logarithm
//   rather than libm's CPU-dispatched one, so they also match across machines and compilers
//   (not under -ffast-math, which the .cpp refuses, or clang's -ffp-contract=fast). Permuting
//   the input can change only the order in which tied incomes are summed (last bit at most).

namespace trappsteg {

namespace detail {
/// Implementation access to the workspace buffers; defined in inequality.cpp only.
struct InequalityKernel;
}  // namespace detail

/// Reusable buffers so the monthly measurement does not allocate.
class InequalityWorkspace {
 public:
  /// Empty workspace; buffers grow on first use and are then kept.
  InequalityWorkspace() = default;
  /// Workspace pre-sized for `observation_count` observations.
  explicit InequalityWorkspace(std::size_t observation_count);
  /// Grows the buffers so later calls with up to `observation_count` observations never allocate.
  void reserve(std::size_t observation_count);

 private:
  friend struct detail::InequalityKernel;

  // Radix sort ping-pong buffers: IEEE bit patterns of incomes and original indices.
  std::vector<std::uint64_t> keys_, keys_scratch_;
  std::vector<std::uint32_t> order_, order_scratch_;
  std::vector<std::uint32_t> histogram_;
  // All observations sorted by income, then the same regrouped by group (still sorted inside).
  // ln(income) is cached alongside, so each distinct income needs one logarithm per call.
  std::vector<double> sorted_income_, sorted_weight_, sorted_log_;
  std::vector<double> grouped_income_, grouped_weight_, grouped_log_;
  std::vector<std::size_t> group_begin_, group_cursor_;
};

/// Theil T index split into between-group and within-group parts (total = between + within).
struct TheilDecomposition {
  double total = 0;                        ///< Theil T of the whole population
  double between = 0;                      ///< sum_g s_g * ln(mu_g / mu)
  double within = 0;                       ///< sum_g s_g * T_g
  std::vector<double> group_theil;         ///< Theil T within each group (NaN for an empty group)
  std::vector<double> group_income_share;  ///< s_g = W_g*mu_g / (W*mu) (0 if empty or no income)
};

/// Inequality of one income distribution, overall and per group.
struct InequalityResult {
  double mean = 0;                  ///< weighted mean income (NaN if total weight is 0)
  double median = 0;                ///< lower weighted median income (NaN if total weight is 0)
  double gini = 0;                  ///< weighted Gini coefficient
  std::vector<double> group_mean;   ///< per group; NaN for an empty group
  std::vector<double> group_median; ///< per group; NaN for an empty group
  std::vector<double> group_gini;   ///< per group; NaN for an empty group
  TheilDecomposition theil;         ///< Theil T with its group decomposition
};

/// Weighted observations: income[i] >= 0 (e.g. equivalised household income), weight[i] >= 0
/// (e.g. persons in the household, so the result is person-level), group[i] < group_count.
InequalityResult measure_inequality(std::span<const double> income, std::span<const double> weight,
                                    std::span<const std::uint16_t> group, std::size_t group_count,
                                    InequalityWorkspace& workspace);

/// Same as above but reuses the vectors already in `result`, so a warmed-up call never allocates.
void measure_inequality(std::span<const double> income, std::span<const double> weight,
                        std::span<const std::uint16_t> group, std::size_t group_count,
                        InequalityWorkspace& workspace, InequalityResult& result);

/// Convenience single-group version: weighted Gini coefficient (allocates a temporary workspace).
double gini(std::span<const double> income, std::span<const double> weight);

/// Weighted Gini coefficient using caller-owned buffers.
double gini(std::span<const double> income, std::span<const double> weight,
            InequalityWorkspace& workspace);

/// Convenience single-group version: weighted Theil T index (allocates a temporary workspace).
double theil(std::span<const double> income, std::span<const double> weight);

/// Weighted Theil T index using caller-owned buffers.
double theil(std::span<const double> income, std::span<const double> weight,
             InequalityWorkspace& workspace);

}  // namespace trappsteg
