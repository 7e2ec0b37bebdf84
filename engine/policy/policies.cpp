#include "engine/policy/policies.hpp"

#include "engine/policy/matching.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

namespace trappsteg {
namespace {

constexpr std::size_t kGrain = 8192;

int support_months(std::uint16_t history) { return std::popcount(static_cast<unsigned>(history & 0x0FFFu)); }

// FNV-1a: a policy's draws follow its key, so adding, removing or reordering other policies
// leaves them as they were.
std::uint32_t key_hash(const std::string& key) {
  std::uint32_t h = 2166136261u;
  for (unsigned char ch : key) h = (h ^ ch) * 16777619u;
  return h;
}

std::size_t index_of(const std::vector<std::string>& keys, const std::string& key) {
  return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

}  // namespace

PolicyRunner::PolicyRunner(const Scenario& scenario, const Model& model, const Staircase& staircase)
    : scenario_(scenario), model_(model), staircase_(staircase) {
  // District keys name the run's districts; with districts_only a policy may also name
  // districts left out of the run, whose places and slots are then not part of it.
  const auto& districts = model.districts.districts;
  const auto& stages = staircase.spec().stages;
  const auto& transitions = staircase.spec().transitions;
  std::vector<std::string> district_keys, stage_keys;
  for (const auto& d : districts) district_keys.push_back(d.key);
  for (const auto& s : stages) stage_keys.push_back(s.key);
  transition_count_ = transitions.size();
  const std::size_t count = model.policies.size();
  std::size_t unit_count = 0;
  for (const PolicySpec& spec : model.policies) unit_count += spec.phases.size();
  // Per sex (men's tables, then women's), and per phase (during) or policy (after), and transition.
  during_.assign(2 * unit_count * transition_count_, 1.0);
  after_.assign(2 * count * transition_count_, 1.0);
  after_decay_per_month_.assign(2 * count * transition_count_, 0.0);
  const auto transition_index = [&](const TransitionEffect& effect) {
    for (std::size_t t = 0; t < transitions.size(); ++t)
      if (transitions[t].from == effect.from && transitions[t].to == effect.to) return t;
    return transitions.size();  // checked at load: not reached
  };

  for (std::size_t p = 0; p < count; ++p) {
    const PolicySpec& spec = model.policies[p];
    Compiled c;
    c.spec = &spec;
    c.draw_key = key_hash(spec.key);
    c.first_unit = units_.size();
    for (const PhaseSpec& phase : spec.phases) {
      const std::size_t unit = units_.size();
      Unit u;
      u.policy = p;
      u.phase = &phase;
      u.cost_per_month = phase.per_participant_month >= 0 ? phase.per_participant_month : spec.costs.per_participant_month;
      if (!phase.effects.moves_to.empty()) {
        u.moves = true;
        u.moves_to = staircase.id_of(phase.effects.moves_to);
      }
      for (const auto& effect : phase.effects.transitions) {
        const std::size_t t = transition_index(effect);
        if (t == transitions.size()) continue;
        for (std::size_t sex = 0; sex < 2; ++sex) {
          const double m = sex ? effect.multiplier_women : effect.multiplier_men;
          during_[(sex * unit_count + unit) * transition_count_ + t] = m;
          changes_hazards_ = changes_hazards_ || m != 1.0;
        }
      }
      u.extra_by_stage.resize(stages.size());
      for (const auto& t : phase.effects.new_transitions) {
        // index −1: not in the staircase's per-transition tables
        u.extra_by_stage[to_index(staircase.id_of(t.from))].push_back(compile_transition(t, staircase.id_of(t.to), -1));
        changes_hazards_ = changes_hazards_ || t.base > 0;
      }
      units_.push_back(std::move(u));
    }
    for (const auto& effect : spec.after_effects) {
      const std::size_t t = transition_index(effect);
      if (t == transitions.size()) continue;
      for (std::size_t sex = 0; sex < 2; ++sex) {
        const std::size_t at = (sex * count + p) * transition_count_ + t;
        after_[at] = sex ? effect.multiplier_women : effect.multiplier_men;
        after_decay_per_month_[at] = effect.after_decay_per_year / 12.0;
        changes_hazards_ = changes_hazards_ || after_[at] != 1.0;
      }
    }
    c.district_allowed.assign(districts.size(), spec.eligible.districts.empty());
    for (const auto& key : spec.eligible.districts)
      if (index_of(district_keys, key) < districts.size()) c.district_allowed[index_of(district_keys, key)] = 1;
    c.stage_allowed.assign(stages.size(), 0);
    for (std::size_t s = 0; s < stages.size(); ++s)
      c.stage_allowed[s] = spec.eligible.stages.empty() ? !stages[s].exit : 0;
    for (const auto& key : spec.eligible.stages) c.stage_allowed[index_of(stage_keys, key)] = 1;

    // Places in simulated people: the real numbers times the scale.
    const Capacity& capacity = spec.capacity;
    c.district_capacity.assign(districts.size(), 0.0);
    if (capacity.per_district) {
      for (std::size_t d = 0; d < districts.size(); ++d) c.district_capacity[d] = capacity.district_amounts.empty() ? capacity.amount : 0.0;
      for (const auto& [key, amount] : capacity.district_amounts)
        if (index_of(district_keys, key) < districts.size()) c.district_capacity[index_of(district_keys, key)] = amount;
      for (double& v : c.district_capacity) v *= scenario.scale;
    }
    c.city_capacity = capacity.amount * scenario.scale;
    c.real_places = capacity.amount;
    if (capacity.per_district) {
      c.real_places = 0;
      for (double v : c.district_capacity) c.real_places += v / scenario.scale;
    }
    c.started_this_year.assign(capacity.per_district ? districts.size() : 1, 0.0);


    if (spec.has_placements)
      for (std::size_t e = 0; e < spec.placements.employers.size(); ++e)
        for (const auto& [key, slots] : spec.placements.employers[e].slots) {
          if (index_of(district_keys, key) >= districts.size()) continue;  // a district the scenario leaves out
          c.slot_groups.push_back(slot_groups_.size());
          slot_group_policy_.push_back(static_cast<std::uint8_t>(p + 1));
          slot_groups_.push_back({e, static_cast<std::uint8_t>(index_of(district_keys, key)),
                                  static_cast<std::int64_t>(std::llround(slots * scenario.scale))});
        }
    policies_.push_back(std::move(c));
  }
  slots_in_use_.assign(slot_groups_.size(), 0);
}

bool PolicyRunner::running(const Compiled& c, int month) const {
  const Capacity& capacity = c.spec->capacity;
  if (month < capacity.start_month || month > capacity.end_month) return false;
  if (capacity.months_of_year.empty()) return true;
  int calendar_month = month % 12 + 1;
  return std::find(capacity.months_of_year.begin(), capacity.months_of_year.end(), calendar_month) != capacity.months_of_year.end();
}

double PolicyRunner::ramp(const Compiled& c, int month) const {
  int ramp_up = c.spec->capacity.ramp_up_months;
  if (ramp_up <= 0) return 1.0;
  return std::min(1.0, static_cast<double>(month - c.spec->capacity.start_month + 1) / ramp_up);
}

bool PolicyRunner::eligible(std::size_t policy, std::size_t i, const Population& population, int month) const {
  const Compiled& c = policies_[policy];
  const People& people = population.people;
  const Eligibility& e = c.spec->eligible;
  StageId stage = people.stage[i];
  if (stage == staircase_.moved || stage == staircase_.dead) return false;
  // Taking part already, every slot taken, or (by the scenario's rules) busy elsewhere.
  const PolicySlots& now = people.policies[i];
  const auto self = static_cast<std::uint8_t>(policy + 1);
  const PolicyInteractions& rules = scenario_.policy_interactions;
  if (now.has(self) || !now.has(0) || (rules.exclusive && now.any())) return false;
  // A lottery draws a person once, winner or loser; one lottery per person keeps each
  // comparison group clean. Other policies stay open to both unless the rules say otherwise.
  if (people.lottery[i] == self) return false;
  if (people.lottery[i] != 0 && (c.spec->allocation.rule == Allocation::Rule::kLottery || rules.lottery_excludes)) return false;
  if (c.spec->phases.front().supervised && people.placement[i] != 0) return false;  // one supervisor at a time
  if (c.spec->once_per_person && (people.policies_taken[i] >> policy & 1u)) return false;
  if (people.policies_declined[i] >> policy & 1u) return false;
  if (!c.stage_allowed[to_index(stage)] || !c.district_allowed[people.district[i]]) return false;
  if (e.sex != Eligibility::Sex::kAny && (people.female[i] != 0) != (e.sex == Eligibility::Sex::kWomen)) return false;
  if (!e.age.contains(people.age_months[i] / 12.0)) return false;
  const bool foreign_born = people.origin[i] == Origin::kForeignBorn;
  const int since_arrival = foreign_born ? month - people.arrival_month[i] : -1;
  switch (e.origin) {
    case Eligibility::Origin::kAny: break;
    case Eligibility::Origin::kBornInSweden: if (foreign_born) return false; break;
    case Eligibility::Origin::kForeignBorn: if (!foreign_born) return false; break;
    case Eligibility::Origin::kNewcomer:
      if (!foreign_born || since_arrival >= model_.demography.newcomer_months) return false;
      break;
  }
  if (std::isfinite(e.months_since_arrival.min) || std::isfinite(e.months_since_arrival.max))
    if (!foreign_born || !e.months_since_arrival.contains(since_arrival)) return false;
  if (!e.months_in_stage.contains(people.months_in_stage[i])) return false;
  if (!e.education[people.education[i]]) return false;
  if (!e.swedish.contains(people.swedish[i])) return false;
  const std::size_t h = to_index(people.household[i]);
  if (e.with_children >= 0 && (population.households.children[h] > 0) != (e.with_children == 1)) return false;
  if (!e.support_months_last_12.contains(support_months(population.households.support_history[h]))) return false;
  return true;
}

void PolicyRunner::enter_phase(std::size_t unit, std::size_t i, People& people, int month) const {
  const Unit& u = units_[unit];
  const double odds = u.phase->effects.school_completion_odds_ratio;
  if (odds != 1.0 && staircase_.stage(people.stage[i]).activity == Activity::kEducation &&
      people.age_months[i] < model_.benefits.ages.adult_from * 12)
    people.school_odds[i] = static_cast<float>(people.school_odds[i] * odds);
  if (u.moves && people.stage[i] != u.moves_to) {
    // Set directly: the step this month is this move (the transition kernel leaves people
    // whose stage changed this month alone).
    people.stage[i] = u.moves_to;
    people.months_in_stage[i] = 0;
    if (staircase_.stage(u.moves_to).employed() && people.first_job_month[i] < 0 && people.arrival_month[i] >= 0)
      people.first_job_month[i] = month;
  }
}

namespace {
// How a participation's month ends, counted per phase.
enum PhaseEvent : std::size_t { kEntered, kCompleted, kDroppedOut, kLeftForJob, kLeftCity, kPhaseEvents };
}  // namespace

void PolicyRunner::enrol(Population& population, int month, const RandomStream& random, std::vector<PolicyAccount>& accounts,
                         std::vector<PhaseAccount>& phase_accounts) {
  People& people = population.people;
  accounts.assign(policies_.size(), PolicyAccount{});
  phase_accounts.assign(units_.size(), PhaseAccount{});
  if (policies_.empty()) return;

  // Participations that are over end, and those done with a phase go on to the next (unless
  // it needs a supervisor they do not have yet: place_waiting); the time since each ended
  // one moves on. Events are counted per phase (exact integer sums).
  const std::size_t unit_count = units_.size();
  std::vector<std::int64_t> events = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, people.size(), kGrain), std::vector<std::int64_t>(unit_count * kPhaseEvents, 0),
      [&](const tbb::blocked_range<std::size_t>& r, std::vector<std::int64_t> tally) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          PolicySlots& ended = people.ended_policies[i];
          for (std::size_t k = 0; k < kPolicySlots; ++k)
            if (ended.policy[k] && ended.months[k] < 65535) ++ended.months[k];
          PolicySlots& now = people.policies[i];
          if (!now.any()) continue;
          const bool present = people.stage[i] != staircase_.moved && people.stage[i] != staircase_.dead;
          const bool employed = staircase_.stage(people.stage[i]).employed();
          for (std::size_t k = 0; k < kPolicySlots; ++k) {
            const std::uint8_t p = now.policy[k];
            if (!p) continue;
            const Compiled& c = policies_[p - 1u];
            const PolicySpec& spec = *c.spec;
            const std::size_t unit = unit_of(now, k);
            const PhaseSpec& phase = *units_[unit].phase;
            const bool own_placement = people.placement[i] && slot_group_policy_[people.placement[i] - 1u] == p;
            ++now.months[k];
            PhaseEvent event = kPhaseEvents;
            if (!present) event = kLeftCity;
            else if (spec.ends_on_employment && employed) event = kLeftForJob;
            else if (phase.drop_out_per_month > 0 &&
                     random.uniform(people.id[i], month, Draw::kPolicyDropOut, c.draw_key) < phase.drop_out_per_month)
              event = kDroppedOut;
            else if (now.months[k] >= phase.months) {
              const std::size_t next = now.phase[k] + 1u;
              if (next == spec.phases.size()) event = kCompleted;
              else if (spec.phases[next].supervised && !own_placement) continue;  // waits for a slot: place_waiting
              else {
                if (!spec.phases[next].supervised && own_placement) people.placement[i] = 0;
                now.phase[k] = static_cast<std::uint8_t>(next);
                now.months[k] = 0;
                ++tally[(unit + 1) * kPhaseEvents + kEntered];
                enter_phase(unit + 1, i, people, month);
                continue;
              }
            }
            if (event == kPhaseEvents) continue;
            ++tally[unit * kPhaseEvents + event];
            if (event != kDroppedOut) {
              // What lasts: into the ended slots, the same policy's again, else a free one, else the longest ended.
              std::size_t into = ended.find(p);
              if (into == kPolicySlots) into = ended.find(0);
              if (into == kPolicySlots)
                into = static_cast<std::size_t>(std::max_element(ended.months.begin(), ended.months.end()) - ended.months.begin());
              ended.policy[into] = p;
              ended.months[into] = 0;
            }
            now.policy[k] = 0;
            now.phase[k] = 0;
            now.months[k] = 0;
            if (own_placement) people.placement[i] = 0;
          }
        }
        return tally;
      },
      [](std::vector<std::int64_t> a, const std::vector<std::int64_t>& b) {
        for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
        return a;
      });

  // Who takes part now, by policy and district and by phase, and which slots are taken.
  const std::size_t districts = model_.districts.districts.size();
  const std::size_t slots_at = policies_.size() * districts, units_at = slots_at + slot_groups_.size();
  const std::size_t width = units_at + unit_count;
  std::vector<std::int64_t> counts = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, people.size(), kGrain), std::vector<std::int64_t>(width, 0),
      [&](const tbb::blocked_range<std::size_t>& r, std::vector<std::int64_t> v) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          const PolicySlots& now = people.policies[i];
          for (std::size_t k = 0; k < kPolicySlots; ++k)
            if (now.policy[k]) {
              ++v[(now.policy[k] - 1u) * districts + people.district[i]];
              ++v[units_at + unit_of(now, k)];
            }
          if (people.placement[i]) ++v[slots_at + people.placement[i] - 1u];
        }
        return v;
      },
      [](std::vector<std::int64_t> a, const std::vector<std::int64_t>& b) {
        for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
        return a;
      });
  for (std::size_t s = 0; s < slot_groups_.size(); ++s) slots_in_use_[s] = counts[slots_at + s];
  const std::span<std::int64_t> unit_participants(counts.data() + units_at, unit_count);

  const double scale_up = 1.0 / scenario_.scale;
  for (std::size_t p = 0; p < policies_.size(); ++p) {
    Compiled& c = policies_[p];
    // Those in the programme already get the supervisors before newcomers to it.
    place_waiting(p, people, month, unit_participants, std::span<std::int64_t>(counts.data() + p * districts, districts),
                  phase_accounts);
    std::vector<double> participants(districts);
    for (std::size_t d = 0; d < districts; ++d) participants[d] = static_cast<double>(counts[p * districts + d]);
    allocate(p, population, month, random, std::span<const std::int64_t>(counts.data() + p * districts, districts), accounts[p]);
    // Programme costs this month, in real money: simulated people count 1/scale each.
    const PolicyCosts& costs = c.spec->costs;
    PolicyAccount& a = accounts[p];
    a.participants = std::accumulate(participants.begin(), participants.end(), 0.0) + a.starts;
    for (std::size_t ph = 0; ph < c.spec->phases.size(); ++ph) {
      const std::size_t unit = c.first_unit + ph;
      PhaseAccount& phase = phase_accounts[unit];
      phase.participants = static_cast<double>(unit_participants[unit]) + (ph == 0 ? a.starts : 0.0);
      phase.entered += static_cast<double>(events[unit * kPhaseEvents + kEntered]) + (ph == 0 ? a.starts : 0.0);
      phase.completed = static_cast<double>(events[unit * kPhaseEvents + kCompleted]);
      phase.dropped_out = static_cast<double>(events[unit * kPhaseEvents + kDroppedOut]);
      phase.left_for_job = static_cast<double>(events[unit * kPhaseEvents + kLeftForJob]);
      phase.left_city = static_cast<double>(events[unit * kPhaseEvents + kLeftCity]);
      phase.cost_participants = phase.participants * scale_up * units_[unit].cost_per_month;
      a.cost_participants += phase.cost_participants;
    }
    a.cost_starts = a.starts * scale_up * costs.per_start;
    bool within_years = month >= c.spec->capacity.start_month && month <= c.spec->capacity.end_month;
    if (within_years) {
      a.cost_places = c.real_places * ramp(c, month) * costs.per_place_per_year / 12.0;
      a.cost_fixed = costs.fixed_per_year / 12.0;
    }
    a.cost = a.cost_participants + a.cost_starts + a.cost_places + a.cost_fixed;
  }
}

std::vector<std::uint16_t> PolicyRunner::match_slots(const Compiled& c, const People& people, std::span<const std::uint32_t> persons) {
  const PlacementSpec& placements = c.spec->placements;
  const std::size_t districts = model_.districts.districts.size();
  // Classes of interchangeable people: district × education.
  std::vector<std::vector<std::size_t>> members(districts * kEducationLevels);
  for (std::size_t k = 0; k < persons.size(); ++k)
    members[people.district[persons[k]] * kEducationLevels + people.education[persons[k]]].push_back(k);
  MatchingProblem problem;
  for (const auto& m : members) problem.candidates.push_back(static_cast<std::int64_t>(m.size()));
  for (std::size_t g : c.slot_groups) problem.slots.push_back(std::max<std::int64_t>(0, slot_groups_[g].slots - slots_in_use_[g]));
  const auto& d_spec = model_.districts.districts;
  problem.cost.assign(members.size(), std::vector<std::int64_t>(c.slot_groups.size(), kNotAllowed));
  for (std::size_t cls = 0; cls < members.size(); ++cls) {
    std::size_t d = cls / kEducationLevels, education = cls % kEducationLevels;
    for (std::size_t g = 0; g < c.slot_groups.size(); ++g) {
      const SlotGroup& group = slot_groups_[c.slot_groups[g]];
      const auto& a = d_spec[d].position_km;
      const auto& b = d_spec[group.district].position_km;
      double km = std::hypot(a[0] - b[0], a[1] - b[1]);
      if (km > placements.max_travel_km) continue;
      const std::string& sector = placements.employers[group.employer].sector;
      // The trade the programme trains for: its employers, others at a cost or not at all.
      double trade_cost = 0;
      if (!placements.trade.empty() && sector != placements.trade) {
        if (placements.trade_mismatch_cost < 0) continue;
        trade_cost = placements.trade_mismatch_cost;
      }
      bool suits = true;
      for (const auto& s : placements.sectors)
        if (s.key == sector) suits = s.suits[education];
      problem.cost[cls][g] =
          std::llround(km * placements.travel_cost_per_km + (suits ? 0.0 : placements.mismatch_cost) + trade_cost);
    }
  }
  MatchingResult result = match_placements(problem);
  std::vector<std::uint16_t> slot_of(persons.size(), 0);
  for (std::size_t cls = 0; cls < members.size(); ++cls) {
    std::size_t next = 0;  // members are in priority order: the first get the places
    for (std::size_t g = 0; g < c.slot_groups.size(); ++g)
      for (std::int64_t n = 0; n < result.placed[cls][g]; ++n, ++next) {
        slot_of[members[cls][next]] = static_cast<std::uint16_t>(c.slot_groups[g] + 1);
        ++slots_in_use_[c.slot_groups[g]];
      }
  }
  return slot_of;
}

void PolicyRunner::place_waiting(std::size_t index, People& people, int month, std::span<std::int64_t> unit_participants,
                                 std::span<std::int64_t> district_participants, std::vector<PhaseAccount>& phase_accounts) {
  const Compiled& c = policies_[index];
  const PolicySpec& spec = *c.spec;
  if (!spec.phased || !spec.has_placements) return;
  // Done with a phase whose next needs a supervisor they do not have: in person order, those
  // waiting longest first.
  const auto self = static_cast<std::uint8_t>(index + 1);
  std::vector<Waiting> waiting;
  std::vector<std::uint16_t> waited;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const PolicySlots& now = people.policies[i];
    const std::size_t k = now.find(self);
    if (k == kPolicySlots) continue;
    const std::size_t phase = now.phase[k];
    if (phase + 1 >= spec.phases.size() || !spec.phases[phase + 1].supervised || now.months[k] < spec.phases[phase].months)
      continue;
    waiting.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(k)});
    waited.push_back(static_cast<std::uint16_t>(now.months[k] - spec.phases[phase].months));
  }
  if (waiting.empty()) return;
  std::vector<std::size_t> order(waiting.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return waited[a] > waited[b]; });
  // One supervisor at a time: someone placed by another policy waits until that ends.
  std::vector<std::uint32_t> persons;
  std::vector<Waiting> free_to_place;
  for (std::size_t o : order)
    if (people.placement[waiting[o].person] == 0) {
      persons.push_back(waiting[o].person);
      free_to_place.push_back(waiting[o]);
    }
  const std::vector<std::uint16_t> slot_of = match_slots(c, people, persons);
  for (const Waiting& w : waiting) {
    const std::size_t unit = c.first_unit + people.policies[w.person].phase[w.slot];
    phase_accounts[unit].waiting += 1;
  }
  for (std::size_t k = 0; k < persons.size(); ++k) {
    const Waiting& w = free_to_place[k];
    if (!slot_of[k]) {
      // No slot this month: leave after waiting as long as the next phase allows.
      PolicySlots& now = people.policies[w.person];
      const std::size_t phase = now.phase[w.slot];
      const int limit = spec.phases[phase + 1].max_wait_months;
      if (limit < 0 || now.months[w.slot] - spec.phases[phase].months < limit) continue;
      const std::size_t unit = c.first_unit + phase;
      phase_accounts[unit].waiting -= 1;
      phase_accounts[unit].gave_up_waiting += 1;
      --unit_participants[unit];
      --district_participants[people.district[w.person]];
      now.policy[w.slot] = 0;
      now.phase[w.slot] = 0;
      now.months[w.slot] = 0;
      continue;
    }
    PolicySlots& now = people.policies[w.person];
    const std::size_t unit = c.first_unit + now.phase[w.slot];
    people.placement[w.person] = slot_of[k];
    now.phase[w.slot] = static_cast<std::uint8_t>(now.phase[w.slot] + 1u);
    now.months[w.slot] = 0;
    phase_accounts[unit].waiting -= 1;
    phase_accounts[unit + 1].entered += 1;
    --unit_participants[unit];
    ++unit_participants[unit + 1];
    enter_phase(unit + 1, w.person, people, month);
  }
}

void PolicyRunner::allocate(std::size_t index, Population& population, int month, const RandomStream& random,
                            std::span<const std::int64_t> participants, PolicyAccount& account) {
  Compiled& c = policies_[index];
  const PolicySpec& spec = *c.spec;
  People& people = population.people;
  const std::size_t districts = model_.districts.districts.size();
  const int year = month / 12;
  if (c.year_of_count != year) {
    std::fill(c.started_this_year.begin(), c.started_this_year.end(), 0.0);
    c.year_of_count = year;
  }
  if (!running(c, month)) return;

  // Free places per scope (one scope city-wide, or one per district).
  const bool per_district = spec.capacity.per_district;
  const std::size_t scopes = per_district ? districts : 1;
  std::vector<std::int64_t> current(scopes, 0);
  for (std::size_t d = 0; d < districts; ++d) current[per_district ? d : 0] += participants[d];
  std::vector<std::int64_t> free(scopes, 0);
  const double ramp_factor = ramp(c, month);
  for (std::size_t s = 0; s < scopes; ++s) {
    double amount = (per_district ? c.district_capacity[s] : c.city_capacity) * ramp_factor;
    if (spec.capacity.kind == Capacity::Kind::kSeats) {
      free[s] = std::max<std::int64_t>(0, std::llround(amount) - current[s]);
      account.capacity += std::llround(amount);
    } else {
      // A yearly number of starts, spread evenly over the months the policy runs that year.
      int active = 0, done = 0;
      for (int m = year * 12; m < year * 12 + 12; ++m)
        if (running(c, m)) {
          ++active;
          if (m <= month) ++done;
        }
      double allowed = std::round(amount * done / std::max(active, 1));
      free[s] = std::max<std::int64_t>(0, static_cast<std::int64_t>(allowed - c.started_this_year[s]));
      account.capacity += std::round(amount / std::max(active, 1));
    }
  }
  std::int64_t total_free = std::accumulate(free.begin(), free.end(), std::int64_t{0});
  if (total_free <= 0) return;
  const std::vector<std::int64_t> had_room = free;

  // Candidates, in a deterministic order: the priority keys, then a seeded random key.
  candidate_flag_.assign(people.size(), 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, people.size(), kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      candidate_flag_[i] = eligible(index, i, population, month);
      // Whether the person would apply at all is a trait, drawn once.
      const double applies = spec.allocation.applies[people.female[i] != 0];
      if (candidate_flag_[i] && applies < 1 &&
          random.uniform(people.id[i], kFixedDrawMonth, Draw::kPolicyChoice, c.draw_key) >= applies)
        candidate_flag_[i] = 0;
    }
  });
  struct Candidate {
    std::array<double, kMaxPriorityKeys + 1> key{};  // the priority keys, then a random key
    std::uint32_t person = 0;  // the slot: slots are in id order
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!candidate_flag_[i]) continue;
    Candidate candidate;
    candidate.person = static_cast<std::uint32_t>(i);
    std::size_t k = 0;
    for (const PriorityKey& key : spec.allocation.order) {
      double value = 0;
      const std::size_t h = to_index(people.household[i]);
      switch (key.field) {
        case PriorityKey::Field::kSupportMonths: value = support_months(population.households.support_history[h]); break;
        case PriorityKey::Field::kMonthsInStage: value = people.months_in_stage[i]; break;
        case PriorityKey::Field::kMonthsSinceArrival:
          value = people.origin[i] == Origin::kForeignBorn ? month - people.arrival_month[i] : 1e9;
          break;
        case PriorityKey::Field::kAge: value = people.age_months[i]; break;
        case PriorityKey::Field::kWithChildren: value = population.households.children[h] > 0; break;
      }
      candidate.key[k++] = key.descending ? -value : value;  // at most kMaxPriorityKeys (checked at load)
    }
    candidate.key[candidate.key.size() - 1] = random.uniform(people.id[i], month, Draw::kPolicy, c.draw_key);
    candidates.push_back(candidate);
  }
  account.candidates = static_cast<double>(candidates.size());
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.key != b.key ? a.key < b.key : a.person < b.person;
  });

  // Places go down the list while the candidate's scope has room: in a lottery with an offer
  // probability, to the applicants the draw offers one; to those who take the place up.
  const bool lottery = spec.allocation.rule == Allocation::Rule::kLottery;
  const double offer = spec.allocation.offer_probability;
  std::vector<std::uint32_t> chosen;
  std::vector<std::uint8_t> was_chosen(candidates.size(), 0), reached(candidates.size(), 0);
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const std::uint32_t i = candidates[k].person;
    std::size_t s = per_district ? people.district[i] : 0;
    if (free[s] <= 0) continue;
    reached[k] = 1;
    const auto choice = random.uniforms(people.id[i], month, Draw::kPolicyChoice, c.draw_key);
    if (lottery && offer >= 0 && choice[0] >= offer) continue;  // drawn, not offered: the comparison group
    was_chosen[k] = 1;  // offered a place
    if (choice[1] >= spec.allocation.take_up[people.female[i] != 0]) {
      people.policies_declined[i] |= 1u << index;  // offered and declined: not offered again; the place stays free
      continue;
    }
    --free[s];
    chosen.push_back(i);
  }

  // A first phase with a supervisor: the chosen are matched to free slots by min-cost flow.
  const bool supervised_start = spec.phases.front().supervised;
  std::vector<std::uint16_t> slot_of;
  if (supervised_start) slot_of = match_slots(c, people, chosen);

  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (supervised_start && slot_of[k] == 0) continue;  // no slot within reach this month: waits
    std::uint32_t i = chosen[k];
    PolicySlots& now = people.policies[i];
    const std::size_t slot = now.find(0);  // a free one: eligible() asked for it
    now.policy[slot] = static_cast<std::uint8_t>(index + 1);
    now.phase[slot] = 0;
    now.months[slot] = 0;
    people.policies_taken[i] |= 1u << index;
    if (supervised_start) people.placement[i] = slot_of[k];  // another policy's placement stays
    enter_phase(c.first_unit, i, people, month);
    if (lottery) {
      people.lottery[i] = static_cast<std::uint8_t>(index + 1);
      people.lottery_won[i] = 1;
      people.lottery_month[i] = month;
    }
    c.started_this_year[per_district ? people.district[i] : 0] += 1;
    account.starts += 1;
  }
  if (lottery) {
    // Offered a place and declined: still a winner (intention to treat). The others drawn where
    // there were places lost the lottery and form the comparison group; those chosen but
    // without a reachable slot wait for the next draw. With an offer probability the intake is
    // the applicants reached while places remained (half offered, half not, as trials run
    // them); the rest wait for the next intake.
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      std::uint32_t i = candidates[k].person;
      if (people.lottery[i] != 0 || had_room[per_district ? people.district[i] : 0] <= 0) continue;
      if (offer >= 0 && !reached[k]) continue;
      const bool declined = people.policies_declined[i] >> index & 1u;
      if (was_chosen[k] && !declined) continue;
      people.lottery[i] = static_cast<std::uint8_t>(index + 1);
      people.lottery_won[i] = declined ? 1 : 0;
      people.lottery_month[i] = month;
    }
  }
}

}  // namespace trappsteg
