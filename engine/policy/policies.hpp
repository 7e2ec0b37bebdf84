#pragma once
// Policies at run time: each month, participations that are over end, and free places
// go to eligible candidates by the policy's allocation rule (priority order or a seeded
// lottery; placements at employers matched by min-cost flow). The transition kernel asks
// for the hazard multipliers and extra transitions of a person's policy.

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

#include <cmath>
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

  /// Hazard multiplier of transition `t` for a person (by sex: an effect may differ for women
  /// and men): the product of the multipliers of every
  /// policy taken part in now and of the fading after-effects of every one that ended (and is
  /// not taken part in again now). Effects of two policies multiply.
  double multiplier(const PolicySlots& active, const PolicySlots& ended, bool female, int transition) const {
    const std::size_t sex = female ? policies_.size() : 0;  // women's tables follow the men's
    double m = 1.0;
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (active.policy[k]) m *= during_[(sex + active.policy[k] - 1u) * transition_count_ + static_cast<std::size_t>(transition)];
    for (std::size_t k = 0; k < kPolicySlots; ++k) {
      if (!ended.policy[k] || active.has(ended.policy[k])) continue;
      const std::size_t at = (sex + ended.policy[k] - 1u) * transition_count_ + static_cast<std::size_t>(transition);
      if (after_[at] != 1.0) m *= 1.0 + (after_[at] - 1.0) * std::exp(-after_decay_per_month_[at] * ended.months[k]);
    }
    return m;
  }
  /// True if any policy changes any transition (a fast path for the kernel).
  bool changes_hazards() const { return changes_hazards_; }
  /// Transitions that exist only for participants of policy `policy` (1-based), out of `stage`.
  std::span<const CompiledTransition> extra_transitions(std::uint8_t policy, StageId stage) const;
  /// Multiplier on the Swedish-learning hazard: the product over the policies taken part in now.
  double language_multiplier(const PolicySlots& active) const {
    double m = 1.0;
    for (std::uint8_t p : active.policy)
      if (p) m *= policies_[p - 1u].spec->effects.language_multiplier;
    return m;
  }
  /// A participant's pay from the policies taken part in now: net, gross, and the part of the
  /// net that the income-support means test ignores.
  double net_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicySpec& s) { return s.effects.income_sek; });
  }
  double gross_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicySpec& s) { return s.effects.gross_wage_sek; });
  }
  double support_exempt_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicySpec& s) { return s.effects.income_counts_for_support ? 0.0 : s.effects.income_sek; });
  }
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
    std::uint32_t draw_key = 0;              // the allocation draws' stream: from the policy's key, not its place in the list
    StageId moves_to{};                      // effects.moves_to
    bool moves = false;
  };

  template <class Value>
  double sum_over(const PolicySlots& active, Value value) const {
    double sum = 0;
    for (std::uint8_t p : active.policy)
      if (p) sum += value(*policies_[p - 1u].spec);
    return sum;
  }
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
  std::vector<std::uint8_t> slot_group_policy_;  // 1 + the policy each slot group belongs to
  std::vector<std::int64_t> slots_in_use_;
  std::vector<std::uint8_t> candidate_flag_;
};

}  // namespace trappsteg
