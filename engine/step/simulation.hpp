#pragma once
// The monthly step: a short list of named phases, each writing only the columns it owns.
// Parallel loops write only each person's (or household's) own entries; changes that
// touch others — births, young adults moving out, arrivals — are queued and applied
// serially in id order between phases, so ids and results do not depend on threads.

#include "engine/benefits/benefits.hpp"
#include "engine/core/phase_clock.hpp"
#include "engine/core/random.hpp"
#include "engine/policy/policies.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"
#include "engine/staircase/graph.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace trappsteg {

/// Runs a population forward month by month under one scenario.
class Simulation {
 public:
  /// Synthesises the initial population (month 0 is the first simulated month).
  Simulation(const Scenario& scenario, const Model& model, const Staircase& staircase, std::uint32_t replicate);

  /// Runs `months` months before month 1 that no output sees, so that month 1 starts in the
  /// model's own balance (stages, months in them, Swedish, support histories). The population
  /// is held as synthesised — no ageing, deaths, moves, births, arrivals, household changes or
  /// policies — and only the staircase, Swedish and incomes run. Someone who arrived in Sweden
  /// or left school within the warm-up enters the staircase in that month, as a newcomer or a
  /// school leaver would, and is not yet here (arrivals) or still at school before it.
  void warm_up(int months);

  /// Advances one month through every phase.
  void step();

  /// Months simulated so far.
  int month() const { return month_; }

  /// At the start of a month, people who have left are compacted out of storage once they are
  /// at least this share of the slots (0: every month there is anyone to remove; above 1: never).
  /// Only speed and memory depend on it, never a result.
  void compact_when_absent_share(double share) { compact_share_ = share; }
  const Population& population() const { return population_; }
  const Staircase& staircase() const { return staircase_; }
  const Model& model() const { return model_; }
  const Scenario& scenario() const { return scenario_; }
  /// The policies of the run, and what each did and cost in the month just simulated.
  const PolicyRunner& policies() const { return policies_; }
  const std::vector<PolicyAccount>& policy_accounts() const { return accounts_; }
  const std::vector<PhaseAccount>& phase_accounts() const { return phase_accounts_; }
  /// True while warm_up() runs.
  bool warming_up() const { return warming_up_; }
  /// Wall time of the warm-up and of each monthly phase so far; a run adds its own phases.
  PhaseTimes& times() { return times_; }

  /// True for people who are still living in the city this month.
  bool present(std::size_t person) const {
    StageId s = population_.people.stage[person];
    return s != staircase_.moved && s != staircase_.dead;
  }

 private:
  void prepare_month_tables();
  void age_and_leave();     // ageing, deaths, moving away, retirement, age moves, births and moves queued
  void apply_queued();      // births and young adults leaving home, in id order
  void partnerships();      // couples separate and form, in id order; households re-form
  void arrive();            // newcomers arriving from abroad
  void move_in();           // households moving in from the rest of Sweden
  void enrol();             // policies: participations end, free places are filled
  void transition();        // staircase hazards and Swedish learning
  void incomes();           // earnings and benefits by the rules of benefits.yaml; income support; equivalised income
  void enter();             // warm-up: arrivals and school leavers of this month enter the staircase
  void compact();           // people who have left out of storage (see compact_when_absent_share)

  /// Present, and (in the warm-up) already arrived in Sweden.
  bool here(std::size_t person) const { return present(person) && (!warming_up_ || arrives_[person] <= month_); }

  /// Chance that pupil `i` completes upper-secondary school when leaving it.
  double school_completion(std::size_t i) const;

  PersonId add_newcomer(std::uint8_t district, HouseholdId household, double age_years, bool lives_with_parents);
  /// Where a household of `from` that moves house goes: a district index drawn from the
  /// cumulative shares `table` (one row per district) by `uniform`.
  std::uint8_t move_destination(const std::vector<double>& table, std::size_t from, double uniform) const;

  const Scenario& scenario_;
  const Model& model_;
  const Staircase& staircase_;
  RandomStream random_;
  WageModel wages_;
  BenefitRules benefits_;
  Population population_;
  PolicyRunner policies_;
  std::vector<PolicyAccount> accounts_;
  std::vector<PhaseAccount> phase_accounts_;
  PhaseTimes times_;
  double compact_share_ = 0.125;  // a compaction costs about one pass over every column
  double cycle_ = 1.0;  // business-cycle index this month
  int month_ = 0;

  // Per-run lookup tables, so the kernel multiplies instead of calling exp/pow.
  std::vector<double> age_multiplier_;      // by age in years
  std::vector<double> arrival_multiplier_;  // by months since arrival
  std::vector<double> duration_multiplier_; // [transition][months in stage]
  std::vector<double> place_and_time_;      // [transition][district] this month: demand and cycle
  std::vector<double> mortality_, emigration_[2], retirement_, fertility_;  // monthly probabilities by age in years
  std::vector<double> language_probability_;  // by stage: monthly chance of Swedish level +1
  int leave_home_months_ = 0;
  int child_months_ = 18 * 12, adult_months_ = 20 * 12;  // benefits.yaml ages: child_below, adult_from
  std::vector<double> leave_home_;  // monthly probability by age in years
  std::vector<double> arrival_accumulator_;  // fractional newcomers carried between months, per district
  std::vector<double> in_mover_accumulator_; // likewise for people moving in from the rest of Sweden
  // Moves within the city: monthly chance by household type, and cumulative destination shares
  // [from × to] for households without and with children; newcomers' in one row for every origin.
  std::array<double, 4> move_probability_{};
  double newcomer_move_probability_ = 0;
  std::vector<double> move_to_[2], newcomer_move_to_;
  // People moving in: their stage shares under 25 and from 25, as ids (looked up once).
  struct CompiledShares {
    std::vector<StageId> stages;
    std::vector<double> shares;
  };
  std::array<CompiledShares, 2> moving_in_stages_;
  std::size_t transition_count_ = 0;

  std::vector<std::uint8_t> gives_birth_, leaves_home_;
  std::vector<std::uint8_t> separating_;              // this month's separations, per person (who leaves)
  std::vector<std::uint8_t> pool_;                    // this month's partner search: 1 + the pool a person looks in; 0 none
  std::vector<double> formation_;                     // monthly chance of starting to look, by age in years
  // Warm-up only: the month each person enters the staircase and with which stage, and the
  // month an arrival comes to Sweden (earlier: not in the household's accounts).
  bool warming_up_ = false;
  std::vector<std::int32_t> enters_, arrives_;
  std::vector<StageId> entry_stage_;
  /// Moves every present member of household `from` into `to` (a couple moving in together).
  void merge_households(HouseholdId from, HouseholdId to);
  /// Counts a household's members, adults and children again after a move.
  void recount(HouseholdId household);
  /// Looks up the moves tables of the run's districts (constructor).
  void compile_moves();

  // The order the household loops visit households in: by the lowest id of their members, then
  // those without members. Each household writes only its own and its members' entries, so the
  // order changes no result; it keeps the walk through the person columns close to sequential
  // once households formed during the run (young adults leaving home, separations) are far
  // from their members' ids.
  std::vector<std::uint32_t> household_order_;
  std::vector<std::uint8_t> household_seen_;
  /// Rebuilds household_order_ for the households as they are now.
  void order_households();
  /// household_order_, rebuilt first if households were added since it was built.
  const std::vector<std::uint32_t>& household_order();
};

}  // namespace trappsteg
