#include "engine/sim/run_codec.hpp"

#include "engine/core/bytes.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace trappsteg {

// The members each type sends, found by ByteWriter and ByteReader (argument-dependent lookup,
// hence in this namespace).
template <class Io, IsOrConst<MonthlyTable> T>
void fields(Io& io, T& t) {
  io(t.months, t.areas, t.values);
}
template <class Io, IsOrConst<StageTable> T>
void fields(Io& io, T& t) {
  io(t.months, t.areas, t.stages, t.count, t.flow, t.flow_slot);
}
template <class Io, IsOrConst<NewcomerSnapshot> T>
void fields(Io& io, T& t) {
  io(t.year, t.median_months_to_first_job, t.employed_share);
}
template <class Io, IsOrConst<NewcomerTable> T>
void fields(Io& io, T& t) {
  io(t.max_months, t.areas, t.observed, t.employed, t.median_months_to_first_job, t.arrived, t.by_year);
}
template <class Io, IsOrConst<PolicyTable> T>
void fields(Io& io, T& t) {
  io(t.keys, t.accounts, t.phase_policy, t.phase_keys, t.phase_accounts, t.any_phased);
}
template <class Io, IsOrConst<LotteryTable> T>
void fields(Io& io, T& t) {
  io(t.keys, t.programme_months, t.max_months, t.scale, t.counts);
}
template <class Io, IsOrConst<Outcomes> T>
void fields(Io& io, T& t) {
  io(t.area_keys, t.area_names, t.stage_keys, t.monthly, t.stages, t.newcomers, t.policies, t.lotteries, t.written_months);
}
template <class Io, IsOrConst<MicrodataPanel> T>
void fields(Io& io, T& t) {
  io(t.month, t.person, t.household, t.district, t.age_months, t.female, t.foreign_born, t.months_since_arrival,
     t.education, t.swedish, t.stage, t.months_in_stage, t.employed, t.lives_with_parents, t.earnings_sek,
     t.net_income_sek, t.household_disposable_sek, t.household_support_sek, t.household_equivalised_sek,
     t.household_members, t.in_support, t.policy, t.phase);
}
template <class Io, IsOrConst<MicrodataParticipations> T>
void fields(Io& io, T& t) {
  io(t.month, t.person, t.policy, t.phase);
}
template <class Io, IsOrConst<MicrodataEvents> T>
void fields(Io& io, T& t) {
  io(t.month, t.person, t.kind, t.from, t.to);
}
template <class Io, IsOrConst<Microdata> T>
void fields(Io& io, T& t) {
  io(t.spec, t.district_keys, t.stage_keys, t.policy_keys, t.panel, t.participations, t.events);
}
template <class Io, IsOrConst<RunResult> T>
void fields(Io& io, T& t) {
  io(t.replicate, t.outcomes, t.seconds, t.times, t.person_months, t.initial_people, t.final_people, t.microdata);
}

template <class Io, IsOrConst<Override> T>
void fields(Io& io, T& t) {
  io(t.path, t.value);
}
template <class Io, IsOrConst<ScenarioRecipe> T>
void fields(Io& io, T& t) {
  io(t.file, t.overrides, t.refuse_overrides_of_other_policies, t.fingerprint);
}
template <class Io, IsOrConst<ScenarioSettings> T>
void fields(Io& io, T& t) {
  io(t.months, t.warm_up_months, t.scale, t.seed, t.replicates, t.microdata, t.outputs, t.gap_between);
}

namespace {

struct ScenarioPlan {
  ScenarioRecipe recipe;
  ScenarioSettings settings;
};

}  // namespace

template <class Io, IsOrConst<ScenarioPlan> T>
void fields(Io& io, T& t) {
  io(t.recipe, t.settings);
}

std::vector<std::byte> encode_scenario_plan(const LoadedScenario& loaded) {
  return to_bytes(ScenarioPlan{loaded.recipe, settings_of(loaded.scenario)});
}

LoadedScenario decode_scenario_plan(std::span<const std::byte> bytes) {
  const auto plan = from_bytes<ScenarioPlan>(bytes, "a scenario's plan");
  return rebuild_scenario(plan.recipe, plan.settings);
}

std::vector<std::byte> encode_run_result(const RunResult& result) { return to_bytes(result); }

RunResult decode_run_result(std::span<const std::byte> bytes) { return from_bytes<RunResult>(bytes, "a run's result"); }

std::string build_signature() {
  return fmt::format("{} / {}-bit, {}-byte size_t / RunResult {} Outcomes {} Microdata {} PolicyAccount {} PhaseAccount {}",
                     __VERSION__, sizeof(void*) * 8, sizeof(std::size_t), sizeof(RunResult), sizeof(Outcomes),
                     sizeof(Microdata), sizeof(PolicyAccount), sizeof(PhaseAccount));
}

}  // namespace trappsteg
