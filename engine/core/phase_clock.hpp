#pragma once
// Wall time per named phase of a run, for benchmarks and profiling: a handful of clock reads a
// month, far below the cost of any phase, so it is always on.

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace trappsteg {

/// The phases a run's time is split into (synthesis to the last record).
enum class Phase : std::size_t {
  kSynthesis,
  kWarmUp,
  kCompact,
  kPrepare,
  kAgeAndLeave,
  kQueued,
  kPartnerships,
  kArrivals,
  kMovingIn,
  kEnrol,
  kTransition,
  kIncomes,
  kRecord,
  kMicrodata,
  kCount
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(Phase::kCount)> kPhaseNames{
    "synthesis", "warm_up",    "compact", "prepare", "age_and_leave", "queued",    "partnerships",
    "arrivals",  "moving_in",  "enrol",   "transition", "incomes",     "record", "microdata"};

/// Seconds spent in each phase so far.
struct PhaseTimes {
  std::array<double, static_cast<std::size_t>(Phase::kCount)> seconds{};

  double& operator[](Phase p) { return seconds[static_cast<std::size_t>(p)]; }
  double operator[](Phase p) const { return seconds[static_cast<std::size_t>(p)]; }
  PhaseTimes& operator+=(const PhaseTimes& other) {
    for (std::size_t k = 0; k < seconds.size(); ++k) seconds[k] += other.seconds[k];
    return *this;
  }

  /// Runs `body` and adds its wall time to `phase`.
  template <class Body>
  void time(Phase phase, Body&& body) {
    const auto start = std::chrono::steady_clock::now();
    body();
    (*this)[phase] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

}  // namespace trappsteg
