#include "engine/metrics/inequality.hpp"

#include <bit>
#include <limits>
#include <stdexcept>
#include <utility>

// The compensated sums below rely on IEEE rounding being honoured exactly.
#if defined(__FAST_MATH__)
#error "engine/metrics/inequality.cpp must not be compiled with -ffast-math"
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
constexpr double kMaxFinite = std::numeric_limits<double>::max();

// 11-bit digits: 6 passes over 64-bit keys with a 2048-entry histogram that stays in L1.
constexpr unsigned kDigitBits = 11;
constexpr std::size_t kBucketCount = std::size_t{1} << kDigitBits;
constexpr std::uint64_t kDigitMask = kBucketCount - 1;
constexpr unsigned kPassCount = (64 + kDigitBits - 1) / kDigitBits;

// Histograms of all digits in one read of the keys; unrolled because GCC -O2 keeps the loop.
template <std::size_t... Pass>
inline void count_digits(std::uint32_t* histogram, std::uint64_t key, std::index_sequence<Pass...>) {
  (++histogram[Pass * kBucketCount + ((key >> (Pass * kDigitBits)) & kDigitMask)], ...);
}

// Natural logarithm from IEEE +, -, *, / only, accurate to < 1 ulp for finite x > 0.
// std::log is not used because glibc picks its implementation per CPU at run time (FMA and
// non-FMA variants differ in the last bit for some inputs), which would make the Theil index
// depend on the machine. Method: x = 2^k m with m in [sqrt(1/2), sqrt(2)), f = m - 1,
// s = f / (2 + f), log(1 + f) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R(s^2)) with R the atanh
// Taylor series (|s| < 0.172: terms beyond s^20 are below 1e-17 relative).
double portable_log(double x) {
  constexpr double kLn2Hi = 0x1.62e42fee00000p-1;  // k * kLn2Hi is exact for every exponent k
  constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
  constexpr double kSqrt2 = 0x1.6a09e667f3bcdp+0;
  constexpr std::uint64_t kMantissaMask = (std::uint64_t{1} << 52) - 1;
  constexpr std::uint64_t kExponentOfOne = std::uint64_t{1023} << 52;
  int k = 0;
  if (x < 0x1p-1022) {  // subnormal: scale into the normal range first
    x *= 0x1p54;
    k = -54;
  }
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  k += static_cast<int>(bits >> 52) - 1023;
  double m = std::bit_cast<double>((bits & kMantissaMask) | kExponentOfOne);
  if (m > kSqrt2) {
    m *= 0.5;
    ++k;
  }
  const double f = m - 1.0;  // exact
  const double s = f / (2.0 + f);
  // R(z) = sum_{j=1..10} 2 z^j / (2j+1), evaluated by Estrin's scheme: short dependency chains
  // let consecutive logarithms overlap in the pipeline.
  const double z = s * s;
  const double z2 = z * z;
  const double z4 = z2 * z2;
  const double z8 = z4 * z4;
  const double p01 = 2.0 / 3 + z * (2.0 / 5);
  const double p23 = 2.0 / 7 + z * (2.0 / 9);
  const double p45 = 2.0 / 11 + z * (2.0 / 13);
  const double p67 = 2.0 / 15 + z * (2.0 / 17);
  const double p89 = 2.0 / 19 + z * (2.0 / 21);
  const double r = z * ((p01 + z2 * p23) + z4 * (p45 + z2 * p67) + z8 * p89);
  const double half_f_squared = 0.5 * f * f;
  const double dk = k;
  return dk * kLn2Hi - ((half_f_squared - (s * (half_f_squared + r) + dk * kLn2Lo)) - f);
}

// Sum with an exact error term (Knuth's TwoSum), so results do not drift with population size.
// Branch-free on purpose: the Gini terms change sign, which would defeat branch prediction.
class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    const double z = t - sum_;
    compensation_ += (sum_ - (t - z)) + (x - z);
    sum_ = t;
  }
  [[nodiscard]] double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

struct SegmentSummary {
  double weight = 0;  // W
  double income = 0;  // S = sum w*y
  double mean = kNaN;
  double median = kNaN;
  double gini = 0;
  double theil = 0;
};

// All statistics of observations already sorted by income. Both the overall population and
// each group go through this one function, so a group's figures are bit-identical to those of
// a separate call on that group's data alone.
// log_y[i] = portable_log(y[i]) for y[i] > 0 (unused otherwise).
SegmentSummary summarise_sorted(const double* y, const double* w, const double* log_y,
                                std::size_t n) {
  SegmentSummary out;
  CompensatedSum weight_sum;
  CompensatedSum income_sum;
  for (std::size_t i = 0; i < n; ++i) {
    weight_sum.add(w[i]);
    income_sum.add(w[i] * y[i]);
  }
  out.weight = weight_sum.value();
  out.income = income_sum.value();
  if (!(out.weight > 0)) return out;
  out.mean = out.income / out.weight;

  // Cumulative weights are summed in the same order as weight_sum, so they reach exactly
  // out.weight and the median search always ends.
  const double half = 0.5 * out.weight;
  const auto lower_median = [&] {  // only for the early exits; the main loop finds it itself
    CompensatedSum cumulative;
    for (std::size_t i = 0;; ++i) {
      cumulative.add(w[i]);
      if (cumulative.value() >= half) return y[i];
    }
  };

  if (!(out.income > 0)) {  // nothing to be unequal about: Gini = Theil = 0
    out.median = lower_median();
    return out;
  }
  // Equal incomes (among persons with weight) give exactly 0 rather than rounding noise.
  std::size_t first = 0;
  std::size_t last = n - 1;
  while (!(w[first] > 0)) ++first;  // terminates: some weight is positive
  while (!(w[last] > 0)) --last;
  if (y[first] == y[last]) {
    out.median = y[first];
    return out;
  }

  // Tied incomes are processed as one block: the Lorenz curve is straight across a tie, so this
  // is the same trapezoid, and it makes the result independent of how ties are ordered.
  // Gini in centred-rank form, algebraically equal to the trapezoid formula
  //   1 - sum_i w_i (2 S_{i-1} + w_i y_i) / (W S)  =  sum_b y_b w_b (W_before + W_after - W) / (W S)
  // (since w_i (2 W_{i-1} + w_i) = W_i^2 - W_{i-1}^2); unlike 1 - x it does not cancel near 0.
  // ln(y/mu) as ln y - ln mu: cannot underflow or overflow for any finite positive y and mu.
  const double log_mean = portable_log(out.mean);
  CompensatedSum running;
  CompensatedSum gini_sum;
  CompensatedSum theil_sum;
  double block_start = 0;
  bool median_found = false;
  for (std::size_t i = 0; i < n; ++i) {
    running.add(w[i]);
    if (i + 1 < n && y[i + 1] == y[i]) continue;
    const double block_end = running.value();
    const double block_weight = block_end - block_start;
    gini_sum.add(y[i] * block_weight * (block_start + block_end - out.weight));
    if (y[i] > 0) {  // 0 ln 0 = 0
      theil_sum.add(y[i] * block_weight * (log_y[i] - log_mean));
    }
    if (!median_found && block_end >= half) {  // the whole block shares one income
      out.median = y[i];
      median_found = true;
    }
    block_start = block_end;
  }
  out.gini = gini_sum.value() / out.weight / out.income;
  out.theil = theil_sum.value() / out.income;
  return out;
}

}  // namespace

namespace detail {

// Friend of InequalityWorkspace: the sorting and regrouping steps that need its buffers.
struct InequalityKernel {
  // Validates, sorts observations by income into sorted_* and, if groups are given, stably
  // buckets them by group into grouped_* (group g is [group_begin_[g], group_begin_[g + 1])).
  static void prepare(InequalityWorkspace& ws, std::span<const double> income,
                      std::span<const double> weight, std::span<const std::uint16_t> group,
                      std::size_t group_count) {
    const std::size_t n = income.size();
    if (weight.size() != n) throw std::invalid_argument("inequality: income and weight sizes differ");
    if (n > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("inequality: more than 2^32 - 1 observations");
    }
    ws.keys_.resize(n);
    ws.keys_scratch_.resize(n);
    ws.order_.resize(n);
    ws.order_scratch_.resize(n);
    ws.histogram_.assign(kPassCount * kBucketCount, 0);
    std::uint32_t* histogram = ws.histogram_.data();

    // Validate and build keys: for non-negative doubles the IEEE bit pattern orders like the
    // value. -0.0 has the sign bit set, so it is mapped to +0.0 first.
    for (std::size_t i = 0; i < n; ++i) {
      const double y = income[i];
      const double wi = weight[i];
      if (!(y >= 0 && y <= kMaxFinite)) {
        throw std::invalid_argument("inequality: income must be finite and >= 0");
      }
      if (!(wi >= 0 && wi <= kMaxFinite)) {
        throw std::invalid_argument("inequality: weight must be finite and >= 0");
      }
      const std::uint64_t key = y == 0 ? 0 : std::bit_cast<std::uint64_t>(y);
      ws.keys_[i] = key;
      count_digits(histogram, key, std::make_index_sequence<kPassCount>{});
    }

    // Stable LSD radix sort; a pass whose digit is the same for every key is skipped.
    std::uint64_t* src_keys = ws.keys_.data();
    std::uint64_t* dst_keys = ws.keys_scratch_.data();
    std::uint32_t* src_order = ws.order_.data();
    std::uint32_t* dst_order = ws.order_scratch_.data();
    bool identity = true;  // order is still 0..n-1 and src_order has not been written
    for (unsigned p = 0; p < kPassCount && n > 0; ++p) {
      std::uint32_t* offset = histogram + p * kBucketCount;
      const unsigned shift = p * kDigitBits;
      if (offset[(src_keys[0] >> shift) & kDigitMask] == n) continue;
      std::uint32_t running = 0;
      for (std::size_t b = 0; b < kBucketCount; ++b) {
        const std::uint32_t count = offset[b];
        offset[b] = running;
        running += count;
      }
      if (identity) {
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t key = src_keys[i];
          const std::uint32_t pos = offset[(key >> shift) & kDigitMask]++;
          dst_keys[pos] = key;
          dst_order[pos] = static_cast<std::uint32_t>(i);
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t key = src_keys[i];
          const std::uint32_t pos = offset[(key >> shift) & kDigitMask]++;
          dst_keys[pos] = key;
          dst_order[pos] = src_order[i];
        }
      }
      std::swap(src_keys, dst_keys);
      std::swap(src_order, dst_order);
      identity = false;
    }

    ws.sorted_income_.resize(n);
    ws.sorted_weight_.resize(n);
    ws.sorted_log_.resize(n);
    double* sorted_income = ws.sorted_income_.data();
    double* sorted_weight = ws.sorted_weight_.data();
    double* sorted_log = ws.sorted_log_.data();
    // Logarithms are taken here, where the loop mostly waits on the random reads of weight and
    // group, and only once per distinct income (the keys are sorted, so ties are adjacent).
    std::uint64_t previous_key = 0;
    double previous_log = 0;  // key 0 is income 0, whose logarithm is never used

    if (group_count == 0 && group.empty()) {
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = identity ? k : src_order[k];
        const std::uint64_t key = src_keys[k];
        if (key != previous_key) {
          previous_key = key;
          previous_log = portable_log(std::bit_cast<double>(key));
        }
        sorted_income[k] = std::bit_cast<double>(key);
        sorted_weight[k] = weight[i];
        sorted_log[k] = previous_log;
      }
      return;
    }

    // Counting sort by group over the income-sorted sequence keeps each group sorted by income.
    ws.group_begin_.assign(group_count + 1, 0);
    ws.group_cursor_.resize(group_count);
    std::size_t* begin = ws.group_begin_.data();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint16_t g = group[i];
      if (g >= group_count) throw std::invalid_argument("inequality: group index >= group_count");
      ++begin[g + 1];
    }
    for (std::size_t g = 0; g < group_count; ++g) {
      begin[g + 1] += begin[g];
      ws.group_cursor_[g] = begin[g];
    }
    ws.grouped_income_.resize(n);
    ws.grouped_weight_.resize(n);
    ws.grouped_log_.resize(n);
    double* grouped_income = ws.grouped_income_.data();
    double* grouped_weight = ws.grouped_weight_.data();
    double* grouped_log = ws.grouped_log_.data();
    std::size_t* cursor = ws.group_cursor_.data();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = identity ? k : src_order[k];
      const std::uint64_t key = src_keys[k];
      if (key != previous_key) {
        previous_key = key;
        previous_log = portable_log(std::bit_cast<double>(key));
      }
      const double y = std::bit_cast<double>(key);
      const double wi = weight[i];
      sorted_income[k] = y;
      sorted_weight[k] = wi;
      sorted_log[k] = previous_log;
      const std::size_t pos = cursor[group[i]]++;
      grouped_income[pos] = y;
      grouped_weight[pos] = wi;
      grouped_log[pos] = previous_log;
    }
  }

  static SegmentSummary summarise_all(const InequalityWorkspace& ws) {
    return summarise_sorted(ws.sorted_income_.data(), ws.sorted_weight_.data(),
                            ws.sorted_log_.data(), ws.sorted_income_.size());
  }

  static SegmentSummary summarise_group(const InequalityWorkspace& ws, std::size_t g) {
    const std::size_t begin = ws.group_begin_[g];
    const std::size_t end = ws.group_begin_[g + 1];
    return summarise_sorted(ws.grouped_income_.data() + begin, ws.grouped_weight_.data() + begin,
                            ws.grouped_log_.data() + begin, end - begin);
  }
};

}  // namespace detail

InequalityWorkspace::InequalityWorkspace(std::size_t observation_count) {
  reserve(observation_count);
}

void InequalityWorkspace::reserve(std::size_t observation_count) {
  keys_.reserve(observation_count);
  keys_scratch_.reserve(observation_count);
  order_.reserve(observation_count);
  order_scratch_.reserve(observation_count);
  histogram_.reserve(kPassCount * kBucketCount);
  sorted_income_.reserve(observation_count);
  sorted_weight_.reserve(observation_count);
  sorted_log_.reserve(observation_count);
  grouped_income_.reserve(observation_count);
  grouped_weight_.reserve(observation_count);
  grouped_log_.reserve(observation_count);
}

void measure_inequality(std::span<const double> income, std::span<const double> weight,
                        std::span<const std::uint16_t> group, std::size_t group_count,
                        InequalityWorkspace& workspace, InequalityResult& result) {
  if (group.size() != income.size()) {
    throw std::invalid_argument("inequality: income and group sizes differ");
  }
  using Kernel = detail::InequalityKernel;
  Kernel::prepare(workspace, income, weight, group, group_count);

  const SegmentSummary all = Kernel::summarise_all(workspace);
  result.mean = all.mean;
  result.median = all.median;
  result.gini = all.gini;
  result.group_mean.assign(group_count, kNaN);
  result.group_median.assign(group_count, kNaN);
  result.group_gini.assign(group_count, kNaN);

  TheilDecomposition& theil = result.theil;
  theil.total = all.theil;
  theil.group_theil.assign(group_count, kNaN);
  theil.group_income_share.assign(group_count, 0.0);
  double between = 0;
  double within = 0;
  const double log_mean = all.income > 0 ? portable_log(all.mean) : 0;
  for (std::size_t g = 0; g < group_count; ++g) {
    const SegmentSummary part = Kernel::summarise_group(workspace, g);
    if (!(part.weight > 0)) continue;  // empty group: leave NaN
    result.group_mean[g] = part.mean;
    result.group_median[g] = part.median;
    result.group_gini[g] = part.gini;
    theil.group_theil[g] = part.theil;
    if (!(all.income > 0)) continue;  // no income anywhere: shares undefined, left at 0
    // s_g = W_g mu_g / (W mu) = S_g / S.
    const double share = part.income / all.income;
    theil.group_income_share[g] = share;
    if (share > 0) {  // a group without income contributes 0 * ln 0 = 0
      between += share * (portable_log(part.mean) - log_mean);
      within += share * part.theil;
    }
  }
  theil.between = between;
  theil.within = within;
}

InequalityResult measure_inequality(std::span<const double> income, std::span<const double> weight,
                                    std::span<const std::uint16_t> group, std::size_t group_count,
                                    InequalityWorkspace& workspace) {
  InequalityResult result;
  measure_inequality(income, weight, group, group_count, workspace, result);
  return result;
}

double gini(std::span<const double> income, std::span<const double> weight,
            InequalityWorkspace& workspace) {
  detail::InequalityKernel::prepare(workspace, income, weight, {}, 0);
  return detail::InequalityKernel::summarise_all(workspace).gini;
}

double gini(std::span<const double> income, std::span<const double> weight) {
  InequalityWorkspace workspace;
  return gini(income, weight, workspace);
}

double theil(std::span<const double> income, std::span<const double> weight,
             InequalityWorkspace& workspace) {
  detail::InequalityKernel::prepare(workspace, income, weight, {}, 0);
  return detail::InequalityKernel::summarise_all(workspace).theil;
}

double theil(std::span<const double> income, std::span<const double> weight) {
  InequalityWorkspace workspace;
  return theil(income, weight, workspace);
}

}  // namespace trappsteg
