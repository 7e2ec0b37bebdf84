#pragma once
// Policies at run time: each month, participations that are over end, and free places
// go to eligible candidates by the policy's allocation rule (priority order or a seeded
// lottery; placements at employers matched by min-cost flow). The transition kernel asks
// for the hazard multipliers and extra transitions of a person's policy.

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

#include <span>
#include <vector>

namespace trappsteg {

/// One month of one policy, in simulated people except costs (SEK, real city).
struct PolicyAccount {
  double participants = 0, starts = 0, candidates = 0, capacity = 0;
  double cost = 0;             ///< total programme cost this month
  double cost_participants = 0, cost_starts = 0, cost_places = 0, cost_fixed = 0;
};

/// Supervisor slots of one employer in one district.
struct SlotGroup {
  std::size_t employer = 0;
  std::uint8_t district = 0;
  std::int64_t slots = 0;      ///< simulated slots
};

/// The policies of a run, compiled against its staircase and districts.
class PolicyRunner {
 public:
  PolicyRunner(const Scenario& scenario, const Model& model, const Staircase& staircase);

  std::size_t size() const { return policies_.size(); }
  const PolicySpec& spec(std::size_t p) const { return *policies_[p].spec; }

  /// Ends finished participations and fills free places for `month`; writes one account per policy.
  void enrol(Population& population, int month, const RandomStream& random, std::vector<PolicyAccount>& accounts);

  /// Hazard multiplier of transition `t` for a person (policy, last policy, months since).
  double multiplier(std::uint8_t active, std::uint8_t last, std::uint16_t months_since, int transition) const {
    if (active) return during_[(active - 1u) * transition_count_ + static_cast<std::size_t>(transition)];
    if (!last) return 1.0;
    std::size_t at = (last - 1u) * transition_count_ + static_cast<std::size_t>(transition);
    if (after_[at] == 1.0) return 1.0;
    return 1.0 + (after_[at] - 1.0) * std::exp(-after_decay_per_month_[at] * months_since);
  }
  /// True if any policy changes any transition (a fast path for the kernel).
  bool changes_hazards() const { return changes_hazards_; }
  /// Transitions that exist only for participants of policy `active` (1-based), out of `stage`.
  std::span<const CompiledTransition> extra_transitions(std::uint8_t active, StageId stage) const;
  double language_multiplier(std::uint8_t active) const { return active ? policies_[active - 1u].spec->effects.language_multiplier : 1.0; }
  double net_income(std::uint8_t active) const { return active ? policies_[active - 1u].spec->effects.income_sek : 0.0; }
  /// The part of a participant's net income that the income-support means test ignores.
  double support_exempt_income(std::uint8_t active) const {
    return active && !policies_[active - 1u].spec->effects.income_counts_for_support ? policies_[active - 1u].spec->effects.income_sek : 0.0;
  }
  double gross_income(std::uint8_t active) const { return active ? policies_[active - 1u].spec->effects.gross_wage_sek : 0.0; }
  const std::vector<SlotGroup>& slot_groups() const { return slot_groups_; }

 private:
  struct Compiled {
    const PolicySpec* spec = nullptr;
    std::vector<std::uint8_t> district_allowed, stage_allowed;
    std::vector<double> district_capacity;   // simulated places per district (when per district)
    double city_capacity = 0;                // simulated places city-wide
    double real_places = 0;                  // places in the real city, for per-place costs
    std::vector<std::vector<CompiledTransition>> extra_by_stage;
    std::vector<std::size_t> slot_groups;    // indices into slot_groups_
    std::vector<double> started_this_year;   // per district or one city entry
    int year_of_count = -1;
  };

  bool eligible(std::size_t policy, std::size_t person, const Population& population, int month) const;
  bool running(const Compiled& c, int month) const;
  double ramp(const Compiled& c, int month) const;
  void allocate(std::size_t index, Population& population, int month, const RandomStream& random,
                std::span<const std::int64_t> participants_by_district, PolicyAccount& account);

  const Scenario& scenario_;
  const Model& model_;
  const Staircase& staircase_;
  std::vector<Compiled> policies_;
  std::size_t transition_count_ = 0;
  std::vector<double> during_, after_, after_decay_per_month_;
  bool changes_hazards_ = false;
  std::vector<SlotGroup> slot_groups_;
  std::vector<std::int64_t> slots_in_use_;
  std::vector<std::uint8_t> candidate_flag_;
};

}  // namespace trappsteg
