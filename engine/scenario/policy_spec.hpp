#pragma once
// A policy as a planner writes it (scenarios/policies/*.yaml): who is eligible, how many
// places, how scarce places are allocated, what participation changes, and what it costs.
// Plain structs, validated by load_policy(); the engine compiles them in engine/policy/.
// Included by model.hpp, after the staircase's types.

#include "engine/core/error.hpp"
#include "engine/scenario/transition_spec.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace trappsteg {

/// A closed interval of a number.
struct Interval {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool contains(double x) const { return x >= min && x <= max; }
};

/// Who may take part (policy file: eligible.*). Every filter left out admits everyone.
struct Eligibility {
  /// yaml: origin: any | born_in_sweden | foreign_born | newcomer
  enum class Origin : std::uint8_t { kAny, kBornInSweden, kForeignBorn, kNewcomer } origin = Origin::kAny;
  /// yaml: sex: any | women | men
  enum class Sex : std::uint8_t { kAny, kWomen, kMen } sex = Sex::kAny;
  Interval age;                          ///< yaml: age: [min, max], years
  Interval months_since_arrival;         ///< yaml: months_since_arrival: [min, max] (foreign-born only)
  std::vector<std::string> districts;    ///< yaml: districts: [keys] (empty: all)
  std::vector<std::string> stages;       ///< yaml: stages: [keys] (empty: any stage on the staircase)
  Interval months_in_stage;              ///< yaml: months_in_stage: [min, max]
  std::array<bool, kEducationLevels> education{true, true, true};  ///< yaml: education: [levels]
  Interval swedish;                      ///< yaml: swedish: [min, max], levels 0–3
  int with_children = -1;                ///< yaml: household_with_children: true | false (absent: either)
  Interval support_months_last_12;       ///< yaml: support_months_last_12: [min, max], 0–12
};

/// How many places there are, where and when (policy file: capacity.*).
struct Capacity {
  enum class Kind : std::uint8_t { kSeats, kStartsPerYear } kind = Kind::kSeats;
  double amount = 0;                     ///< yaml: seats: N (at once) or starts_per_year: N, real people
  bool per_district = false;             ///< yaml: scope: city | district (the amount applies to each district)
  std::vector<std::pair<std::string, double>> district_amounts;  ///< yaml: districts: {key: N} (overrides amount)
  int start_month = 0;                   ///< yaml: start: "YYYY-MM", as a simulation month (0 = first)
  int end_month = std::numeric_limits<int>::max();  ///< yaml: end: "YYYY-MM", last month with places
  int ramp_up_months = 0;                ///< yaml: ramp_up_months: places grow linearly to full over this many months
  std::vector<int> months_of_year;       ///< yaml: months_of_year: [6, 7, 8] (empty: all year)
};

/// Order in which scarce places go to candidates.
struct PriorityKey {
  enum class Field : std::uint8_t { kSupportMonths, kMonthsInStage, kMonthsSinceArrival, kAge, kWithChildren } field{};
  bool descending = true;
};

/// The most priority keys an allocation can order by (ties are then broken by a random key).
inline constexpr std::size_t kMaxPriorityKeys = 5;

/// yaml: allocation: {rule: priority, order: [...]} or {rule: lottery}
struct Allocation {
  enum class Rule : std::uint8_t { kPriority, kLottery } rule = Rule::kPriority;
  std::vector<PriorityKey> order;        ///< ties broken by a seeded random key
  /// yaml: offer_probability (lottery): each applicant drawn is offered a place with this
  /// probability while places remain, the others form the comparison group, as trials run
  /// them; −1 (absent): every applicant drawn is offered a place while places remain.
  double offer_probability = -1;
  /// yaml: applies, applies_women, applies_men: the share of eligible people who would ever
  /// apply (a fixed trait of each person); index 0 men, 1 women.
  std::array<double, 2> applies{1, 1};
  /// yaml: take_up, take_up_women, take_up_men: the share of those offered a place who start;
  /// one who does not is not offered again (in a lottery, still a winner: intention to treat).
  std::array<double, 2> take_up{1, 1};
};

/// A change to an existing transition's hazard (policy file: effects.transitions[i]).
struct TransitionEffect {
  std::string from, to;
  double multiplier = 1;                 ///< yaml: multiplier during participation, [0, 100]
  double multiplier_women = -1;          ///< yaml: multiplier_women: for women instead (evaluations often differ by sex); −1: multiplier
  double multiplier_men = -1;            ///< yaml: multiplier_men: for men instead; −1: multiplier
  double after_decay_per_year = -1;      ///< yaml: after_effect_decay_per_year, [0, 100]; absent (−1): no after-effect
  SourceLocation where;
};

/// What participation changes (policy file: effects.*).
struct PolicyEffects {
  std::vector<TransitionEffect> transitions;
  std::vector<TransitionSpec> new_transitions;  ///< yaml: new_transitions: exist only for participants
  double income_sek = 0;                 ///< yaml: income_sek: extra net income per participation month
  double gross_wage_sek = 0;             ///< yaml: gross_wage_sek: earnings per month (taxed, for the budget)
  bool income_counts_for_support = true; ///< yaml: income_counts_for_support: false if the means test ignores it
  double language_multiplier = 1;        ///< yaml: language_multiplier on the stage's Swedish-learning hazard
  double school_completion_odds_ratio = 1;  ///< yaml: school_completion_odds_ratio for participants still in school
  /// yaml: moves_to: a stage every participant enters on starting. Sets an outcome directly:
  /// "what if these parents got a job?" — the upper bound of what any measure for them could do.
  std::string moves_to;
};

/// One phase of a programme (policy file: phases[i]): its own length, effects and cost per
/// participant-month, with drop-out. A file without `phases:` is one phase whose length is
/// participation.months and whose effects are effects.*.
struct PhaseSpec {
  std::string key, name;
  int months = 1;                        ///< yaml: months in the phase
  double drop_out_per_month = 0;         ///< yaml: drop_out_per_month: the monthly chance of leaving the programme
  /// yaml: supervised: the phase needs a supervisor slot (placements.*); a participant reaching
  /// it waits in the phase before until the monthly matching finds one within reach.
  bool supervised = false;
  /// yaml: max_wait_months (a supervised phase): who has waited this long for a slot leaves
  /// the programme without an after-effect; −1 (absent): waits as long as it takes.
  int max_wait_months = -1;
  PolicyEffects effects;                 ///< yaml: effects, as a policy's (no after-effects: see after_effects)
  double per_participant_month = -1;     ///< yaml: costs.per_participant_month_sek; −1: the policy's
  SourceLocation where;
};

/// What the policy costs the city (policy file: costs.*), SEK.
struct PolicyCosts {
  double per_participant_month = 0;      ///< yaml: per_participant_month_sek
  double per_start = 0;                  ///< yaml: per_start_sek
  double per_place_per_year = 0;         ///< yaml: per_place_per_year_sek, for the capacity whether used or not
  double fixed_per_year = 0;             ///< yaml: fixed_per_year_sek, while the policy runs
};

/// An employer's supervisor slots for placements (policy file: placements.employers[i]).
struct EmployerSpec {
  std::string key, name;
  std::string sector;                    ///< yaml: sector, one of placements.sectors
  std::vector<std::pair<std::string, double>> slots;  ///< yaml: slots: {district: N} concurrent, real people
  SourceLocation where;
};

/// A sector and the education levels it suits (policy file: placements.sectors.<key>).
struct SectorSpec {
  std::string key;
  std::array<bool, kEducationLevels> suits{true, true, true};
};

/// Placements at employers, matched each month by min-cost flow (policy file: placements.*).
struct PlacementSpec {
  std::vector<SectorSpec> sectors;
  std::vector<EmployerSpec> employers;
  double travel_cost_per_km = 1;         ///< yaml: travel_cost_per_km
  double mismatch_cost = 20;             ///< yaml: sector_mismatch_cost, in the same units as travel
  double max_travel_km = 1e9;            ///< yaml: max_travel_km: further placements are not allowed
  /// yaml: trade: the sector the programme trains for; placements go to its employers first.
  std::string trade;
  /// yaml: trade_mismatch_cost: the cost of a placement outside the trade; −1 (absent): not allowed.
  double trade_mismatch_cost = -1;
};

/// Steps a policy adds to the staircase (policy file: adds_to_staircase.*): new stages, and
/// the transitions out of them, which apply to everyone on them as the staircase's own do.
/// People reach them through the policy (new_transitions, moves_to).
struct StaircaseAdditions {
  std::vector<StageSpec> stages;
  std::vector<TransitionSpec> transitions;
};

/// One policy, validated.
struct PolicySpec {
  std::filesystem::path file;
  std::string key, name, description;
  std::string name_sv;  ///< yaml: name_sv, the Swedish name (empty: the name)
  SourceLocation key_where;              ///< where the key is written
  Eligibility eligible;
  Capacity capacity;
  Allocation allocation;
  int participation_months = 6;          ///< yaml: participation.months
  bool once_per_person = true;           ///< yaml: participation.once_per_person
  bool ends_on_employment = true;        ///< yaml: participation.ends_on_employment
  PolicyEffects effects;                 ///< without phases: what participation changes
  /// yaml: phases; always at least one (a file without phases gets one from participation.months,
  /// effects.* and placements), so the engine sees only phases.
  std::vector<PhaseSpec> phases;
  bool phased = false;                   ///< the file has `phases:`
  /// What lasts after the programme (yaml: after_effects.transitions, with decay_per_year), for
  /// those who complete it or leave it for a job, not for drop-outs. Without phases, the
  /// effects.transitions with an after_effect_decay_per_year.
  std::vector<TransitionEffect> after_effects;
  PolicyCosts costs;
  bool has_placements = false;
  PlacementSpec placements;
  StaircaseAdditions adds;               ///< merged into the model's staircase before the policy is read
  std::string resolved_yaml;             ///< the file as read, overrides applied
};


}  // namespace trappsteg
