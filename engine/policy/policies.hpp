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

/// One month of one phase of one policy, in simulated people except the cost (SEK, real city).
struct PhaseAccount {
  double participants = 0;     ///< in the phase this month (those who entered it included)
  double entered = 0;          ///< started the programme in this phase, or reached it from the one before
  double completed = 0;        ///< finished it as the programme's last phase
  double dropped_out = 0;      ///< left the programme during it, by chance (drop_out_per_month)
  double left_for_job = 0;     ///< left the programme during it for a job (participation.ends_on_employment)
  double left_city = 0;        ///< moved away or died during it
  double waiting = 0;          ///< done with it, waiting for a supervisor slot for the next phase
  double gave_up_waiting = 0;  ///< left the programme after waiting for the next phase's slot as long as it allows
  double cost_participants = 0;
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

  /// A policy's phase, counted over all policies in order ("units"), for the phase accounts.
  std::size_t unit_count() const { return units_.size(); }
  std::size_t unit_policy(std::size_t unit) const { return units_[unit].policy; }
  const PhaseSpec& unit_phase(std::size_t unit) const { return *units_[unit].phase; }

  /// Ends finished participations, moves participants on to their next phase (matching those
  /// who need a supervisor), and fills free places for `month`; writes one account per policy
  /// and one per phase.
  void enrol(Population& population, int month, const RandomStream& random, std::vector<PolicyAccount>& accounts,
             std::vector<PhaseAccount>& phase_accounts);

  /// Hazard multiplier of transition `t` for a person (by sex: an effect may differ for women
  /// and men): the product of the multipliers of every
  /// policy taken part in now and of the fading after-effects of every one that ended (and is
  /// not taken part in again now). Effects of two policies multiply.
  double multiplier(const PolicySlots& active, const PolicySlots& ended, bool female, int transition) const {
    double m = 1.0;
    const std::size_t unit_sex = female ? units_.size() : 0;  // women's tables follow the men's
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (active.policy[k])
        m *= during_[(unit_sex + unit_of(active, k)) * transition_count_ + static_cast<std::size_t>(transition)];
    const std::size_t sex = female ? policies_.size() : 0;
    for (std::size_t k = 0; k < kPolicySlots; ++k) {
      if (!ended.policy[k] || active.has(ended.policy[k])) continue;
      const std::size_t at = (sex + ended.policy[k] - 1u) * transition_count_ + static_cast<std::size_t>(transition);
      if (after_[at] != 1.0) m *= 1.0 + (after_[at] - 1.0) * std::exp(-after_decay_per_month_[at] * ended.months[k]);
    }
    return m;
  }
  /// True if any policy changes any transition (a fast path for the kernel).
  bool changes_hazards() const { return changes_hazards_; }
  /// Transitions out of `stage` that exist only for participants, in the phase of slot `k`.
  std::span<const CompiledTransition> extra_transitions(const PolicySlots& active, std::size_t k, StageId stage) const {
    if (!active.policy[k]) return {};
    const auto& extra = units_[unit_of(active, k)].extra_by_stage[to_index(stage)];
    return {extra.data(), extra.size()};
  }
  /// Multiplier on the Swedish-learning hazard: the product over the phases taken part in now.
  double language_multiplier(const PolicySlots& active) const {
    double m = 1.0;
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (active.policy[k]) m *= units_[unit_of(active, k)].phase->effects.language_multiplier;
    return m;
  }
  /// A participant's pay from the policies taken part in now: net, gross, and the part of the
  /// net that the income-support means test ignores.
  double net_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicyEffects& e) { return e.income_sek; });
  }
  double gross_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicyEffects& e) { return e.gross_wage_sek; });
  }
  double support_exempt_income(const PolicySlots& active) const {
    return sum_over(active, [](const PolicyEffects& e) { return e.income_counts_for_support ? 0.0 : e.income_sek; });
  }
  const std::vector<SlotGroup>& slot_groups() const { return slot_groups_; }

 private:
  struct Compiled {
    const PolicySpec* spec = nullptr;
    std::size_t first_unit = 0;              // its first phase in units_
    std::vector<std::uint8_t> district_allowed, stage_allowed;
    std::vector<double> district_capacity;   // simulated places per district (when per district)
    double city_capacity = 0;                // simulated places city-wide
    double real_places = 0;                  // places in the real city, for per-place costs
    std::vector<std::size_t> slot_groups;    // indices into slot_groups_
    std::vector<double> started_this_year;   // per district or one city entry
    int year_of_count = -1;
    std::uint32_t draw_key = 0;              // the allocation draws' stream: from the policy's key, not its place in the list
  };
  struct Unit {
    std::size_t policy = 0;
    const PhaseSpec* phase = nullptr;
    std::vector<std::vector<CompiledTransition>> extra_by_stage;
    StageId moves_to{};                      // effects.moves_to on entering the phase
    bool moves = false;
    double cost_per_month = 0;               // per participant-month
  };
  /// A participant done with a phase and waiting for a supervisor slot for the next.
  struct Waiting {
    std::uint32_t person = 0;
    std::uint8_t slot = 0;
  };

  std::size_t unit_of(const PolicySlots& active, std::size_t k) const {
    return policies_[active.policy[k] - 1u].first_unit + active.phase[k];
  }

  template <class Value>
  double sum_over(const PolicySlots& active, Value value) const {
    double sum = 0;
    for (std::size_t k = 0; k < kPolicySlots; ++k)
      if (active.policy[k]) sum += value(units_[unit_of(active, k)].phase->effects);
    return sum;
  }
  /// What entering a phase does at once: moves_to, the school-completion odds.
  void enter_phase(std::size_t unit, std::size_t person, People& people, int month) const;
  /// Matches `people` (in order of priority) to the policy's free supervisor slots; 1 + the
  /// slot group each gets, 0 for none within reach this month.
  std::vector<std::uint16_t> match_slots(const Compiled& c, const People& people, std::span<const std::uint32_t> persons);
  /// Moves participants waiting for a supervised phase into it where a slot is free, and lets
  /// go of those who waited as long as the phase allows (the counts follow).
  void place_waiting(std::size_t index, People& people, int month, std::span<std::int64_t> unit_participants,
                     std::span<std::int64_t> district_participants, std::vector<PhaseAccount>& phase_accounts);
  bool eligible(std::size_t policy, std::size_t person, const Population& population, int month) const;
  bool running(const Compiled& c, int month) const;
  double ramp(const Compiled& c, int month) const;
  void allocate(std::size_t index, Population& population, int month, const RandomStream& random,
                std::span<const std::int64_t> participants_by_district, PolicyAccount& account);

  const Scenario& scenario_;
  const Model& model_;
  const Staircase& staircase_;
  std::vector<Compiled> policies_;
  std::vector<Unit> units_;
  std::size_t transition_count_ = 0;
  std::vector<double> during_, after_, after_decay_per_month_;
  bool changes_hazards_ = false;
  std::vector<SlotGroup> slot_groups_;
  std::vector<std::uint8_t> slot_group_policy_;  // 1 + the policy each slot group belongs to
  std::vector<std::int64_t> slots_in_use_;
  std::vector<std::uint8_t> candidate_flag_;
};

}  // namespace trappsteg
