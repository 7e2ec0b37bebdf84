#include "engine/core/names.hpp"
#include "engine/scenario/detail/read_helpers.hpp"
#include "engine/staircase/graph.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace trappsteg {
namespace {

std::vector<std::string> keys_of(const auto& items) {
  std::vector<std::string> keys;
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

/// Reports `name` unless it is one of `known`, suggesting the nearest.
bool check_known(MapReader& reader, std::string_view key, const std::string& name, const std::vector<std::string>& known,
                 const char* what) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return true;
  std::string suggestion = nearest_spelling(name, known);
  reader.error(key, fmt::format("unknown {} '{}'{}", what, name,
                                suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
  return false;
}

Interval read_interval(MapReader& reader, std::string_view key, Bounds bounds) {
  Interval interval;
  if (!reader.has(key)) return interval;
  std::vector<double> ends = reader.numbers(key, bounds);
  if (ends.size() != 2) {
    reader.error(key, "expected [min, max]");
    return interval;
  }
  if (ends[0] > ends[1]) reader.error(key, fmt::format("min {} is above max {}", ends[0], ends[1]));
  return {ends[0], ends[1]};
}

/// "YYYY-MM" as a simulation month counted from January of the start year.
int read_month(MapReader& reader, std::string_view key, int start_year, int fallback) {
  if (!reader.has(key)) return fallback;
  std::string text = reader.string(key, "");
  int year = 0, month = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + text.size(), year);
  bool ok = e1 == std::errc() && p1 != text.data() + text.size() && *p1 == '-';
  if (ok) {
    auto [p2, e2] = std::from_chars(p1 + 1, text.data() + text.size(), month);
    ok = e2 == std::errc() && p2 == text.data() + text.size() && month >= 1 && month <= 12;
  }
  if (!ok) {
    reader.error(key, fmt::format("'{}' is not a month; write it as YYYY-MM, e.g. 2017-06", text));
    return fallback;
  }
  int index = (year - start_year) * 12 + (month - 1);
  if (index < 0) reader.error(key, fmt::format("{} is before the simulation starts ({}-01)", text, start_year));
  return std::max(index, 0);
}

std::vector<std::pair<std::string, double>> read_district_amounts(MapReader& parent, std::string_view key,
                                                                  const std::vector<std::string>& districts) {
  std::vector<std::pair<std::string, double>> amounts;
  YAML::Node node = parent.node(key);
  if (!node.IsDefined()) return amounts;
  if (!node.IsMap()) {
    parent.error(key, "expected a mapping district: number");
    return amounts;
  }
  MapReader reader = parent.map(key);
  for (const auto& entry : node) {
    std::string district = entry.first.Scalar();
    double amount = reader.required_number(district, {0, 1e9, "a count of places cannot be negative"});
    check_known(reader, district, district, districts, "district");
    amounts.emplace_back(district, amount);
  }
  reader.finish(districts);
  return amounts;
}

Eligibility read_eligibility(MapReader& reader, const Model& model) {
  Eligibility e;
  std::string origin = reader.string("origin", "any");
  if (origin == "born_in_sweden") e.origin = Eligibility::Origin::kBornInSweden;
  else if (origin == "foreign_born") e.origin = Eligibility::Origin::kForeignBorn;
  else if (origin == "newcomer") e.origin = Eligibility::Origin::kNewcomer;
  else if (origin != "any") reader.error("origin", fmt::format("'{}' is not an origin; use any, born_in_sweden, foreign_born or newcomer", origin));
  const std::string sex = reader.string("sex", "any");
  if (sex == "women") e.sex = Eligibility::Sex::kWomen;
  else if (sex == "men") e.sex = Eligibility::Sex::kMen;
  else if (sex != "any") reader.error("sex", fmt::format("'{}' is not a choice here; use any, women or men", sex));
  e.age = read_interval(reader, "age", {0, 120, "an age in years"});
  e.months_since_arrival = read_interval(reader, "months_since_arrival", kNonNegative);
  e.districts = reader.strings("districts");
  for (const auto& d : e.districts) check_known(reader, "districts", d, keys_of(model.districts.districts), "district");
  e.stages = reader.strings("stages");
  for (const auto& s : e.stages)
    if (check_known(reader, "stages", s, keys_of(model.staircase.stages), "stage"))
      for (const auto& stage : model.staircase.stages)
        if (stage.key == s && stage.exit)
          reader.error("stages", fmt::format("'{}' is an exit stage: people there have left the city and cannot take part", s));
  if (reader.has("stages") && e.stages.empty() && reader.node("stages").IsSequence())
    reader.error("stages", "an empty list admits nobody; name stages, or leave the key out for any stage");
  if (reader.has("districts") && e.districts.empty() && reader.node("districts").IsSequence())
    reader.error("districts", "an empty list admits nobody; name districts, or leave the key out for all");
  e.months_in_stage = read_interval(reader, "months_in_stage", kNonNegative);
  if (reader.has("education")) {
    e.education = {false, false, false};
    for (const auto& level : reader.strings("education")) {
      auto it = std::find(kEducationKeys.begin(), kEducationKeys.end(), level);
      if (it == kEducationKeys.end())
        check_known(reader, "education", level, {kEducationKeys.begin(), kEducationKeys.end()}, "education level");
      else
        e.education[static_cast<std::size_t>(it - kEducationKeys.begin())] = true;
    }
  }
  e.swedish = read_interval(reader, "swedish", {0, 3, "Swedish levels run from 0 to 3"});
  if (reader.has("household_with_children")) e.with_children = reader.boolean("household_with_children", false) ? 1 : 0;
  e.support_months_last_12 = read_interval(reader, "support_months_last_12", {0, 12, "months of the last twelve"});
  reader.finish();
  return e;
}

Capacity read_capacity(MapReader& reader, const Model& model, int start_year) {
  Capacity c;
  bool seats = reader.has("seats"), starts = reader.has("starts_per_year");
  if (seats == starts) reader.error("", "give exactly one of 'seats' (places at once) or 'starts_per_year'");
  c.kind = starts ? Capacity::Kind::kStartsPerYear : Capacity::Kind::kSeats;
  c.amount = reader.number(starts ? "starts_per_year" : "seats", 0, {0, 1e9, "a number of places cannot be negative"});
  std::string scope = reader.string("scope", "city");
  if (scope == "district") c.per_district = true;
  else if (scope != "city") reader.error("scope", fmt::format("'{}' is not a scope; use city or district", scope));
  c.district_amounts = read_district_amounts(reader, "districts", keys_of(model.districts.districts));
  if (!c.district_amounts.empty()) c.per_district = true;
  c.start_month = read_month(reader, "start", start_year, 0);
  c.end_month = read_month(reader, "end", start_year, std::numeric_limits<int>::max());
  if (c.end_month < c.start_month) reader.error("end", "the policy ends before it starts");
  c.ramp_up_months = static_cast<int>(reader.integer("ramp_up_months", c.ramp_up_months, 0, 600));
  if (reader.has("months_of_year")) {
    YAML::Node months = reader.node("months_of_year");
    const std::vector<double> values = reader.numbers("months_of_year", {1, 12, "a calendar month"});
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double m = values[i];
      if (!(m >= 1 && m <= 12)) continue;  // not a number or out of range: already reported
      const std::string at = fmt::format("{}[{}]", reader.path_of("months_of_year"), i);
      if (m != std::floor(m))
        reader.error_at(months[i], at, fmt::format("{} is not a calendar month: give whole months 1 (January) to 12", m));
      else if (std::find(c.months_of_year.begin(), c.months_of_year.end(), static_cast<int>(m)) != c.months_of_year.end())
        reader.error_at(months[i], at, fmt::format("month {} is listed twice", m));
      c.months_of_year.push_back(static_cast<int>(m));
    }
    if (months.IsSequence() && months.size() == 0)
      reader.error("months_of_year", "an empty list has no month with places; name months, or leave the key out for all year");
  }
  reader.finish();
  return c;
}

Allocation read_allocation(MapReader& reader) {
  Allocation a;
  std::string rule = reader.string("rule", "priority");
  if (rule == "lottery") a.rule = Allocation::Rule::kLottery;
  else if (rule != "priority") reader.error("rule", fmt::format("'{}' is not an allocation rule; use priority or lottery", rule));
  const std::vector<std::string> fields{"support_months_last_12", "months_in_stage", "months_since_arrival", "age",
                                        "household_with_children"};
  for (const std::string& item : reader.strings("order")) {
    // "field desc" or "field asc"; descending by default (most in need first).
    std::string field = item.substr(0, item.find(' '));
    std::string direction = item.find(' ') == std::string::npos ? "desc" : item.substr(item.find(' ') + 1);
    auto it = std::find(fields.begin(), fields.end(), field);
    if (it == fields.end()) {
      check_known(reader, "order", field, fields, "priority field");
      continue;
    }
    if (direction != "asc" && direction != "desc") reader.error("order", fmt::format("'{}': direction must be asc or desc", item));
    a.order.push_back({static_cast<PriorityKey::Field>(it - fields.begin()), direction != "asc"});
  }
  if (a.rule == Allocation::Rule::kLottery && !a.order.empty()) reader.error("order", "a lottery has no priority order");
  a.offer_probability = reader.number("offer_probability", a.offer_probability, {0, 1, "a probability"});
  if (reader.has("offer_probability") && a.rule != Allocation::Rule::kLottery)
    reader.error("offer_probability", "only a lottery offers places by chance; use rule: lottery");
  for (auto [key, shares] : {std::pair<const char*, std::array<double, 2>*>{"applies", &a.applies}, {"take_up", &a.take_up}}) {
    const double both = reader.number(key, 1.0, {0, 1, "a share"});
    (*shares)[0] = reader.number(std::string(key) + "_men", both, {0, 1, "a share"});
    (*shares)[1] = reader.number(std::string(key) + "_women", both, {0, 1, "a share"});
  }
  if (a.order.size() > kMaxPriorityKeys)
    reader.error("order", fmt::format("{} priority keys are given; at most {} are used, so list the {} that matter most",
                                      a.order.size(), kMaxPriorityKeys, kMaxPriorityKeys));
  reader.finish();
  return a;
}

/// Where a transition effect is written: a policy's effects (an after-effect may follow),
/// a phase's effects (after-effects are the programme's, in after_effects), or after_effects.
enum class EffectPlace { kPolicy, kPhase, kAfter };

TransitionEffect read_transition_effect(MapReader& t, const Model& model, EffectPlace place) {
  const auto& transitions = model.staircase.transitions;
  TransitionEffect effect;
  effect.where = t.location_of("");
  effect.from = t.required_string("from");
  effect.to = t.required_string("to");
  effect.multiplier = t.required_number("multiplier", {0, 100, "a hazard multiplier"});
  effect.multiplier_women = t.number("multiplier_women", effect.multiplier, {0, 100, "a hazard multiplier"});
  effect.multiplier_men = t.number("multiplier_men", effect.multiplier, {0, 100, "a hazard multiplier"});
  if (place == EffectPlace::kAfter)
    effect.after_decay_per_year = t.required_number("decay_per_year", {0, 100, "a decay rate"});
  else if (place == EffectPlace::kPolicy)
    effect.after_decay_per_year = t.number("after_effect_decay_per_year", effect.after_decay_per_year, {0, 100, "a decay rate"});
  else if (t.has("after_effect_decay_per_year"))
    t.error("after_effect_decay_per_year",
            "a phase's effects last while the phase does; what lasts after the programme goes in the policy's after_effects");
  t.finish();
  bool exists = std::any_of(transitions.begin(), transitions.end(),
                            [&](const TransitionSpec& s) { return s.from == effect.from && s.to == effect.to; });
  if (!exists && !effect.from.empty() && !effect.to.empty()) {
    std::vector<std::string> known;
    for (const auto& s : transitions) known.push_back(s.from + " -> " + s.to);
    std::string suggestion = nearest_spelling(effect.from + " -> " + effect.to, known);
    t.error("to", fmt::format("the staircase has no transition from '{}' to '{}'{}", effect.from, effect.to,
                              suggestion.empty() ? "; use new_transitions for a step that exists only under the policy"
                                                 : fmt::format("; did you mean '{}'?", suggestion)));
  }
  return effect;
}

PolicyEffects read_effects(MapReader& reader, const Model& model, EffectPlace place) {
  PolicyEffects e;
  const auto& transitions = model.staircase.transitions;
  for (MapReader& t : reader.maps("transitions", false)) e.transitions.push_back(read_transition_effect(t, model, place));
  for (MapReader& t : reader.maps("new_transitions", false)) {
    TransitionSpec spec = detail::read_transition(t);
    bool known = check_known(t, "from", spec.from, keys_of(model.staircase.stages), "stage");
    check_known(t, "to", spec.to, keys_of(model.staircase.stages), "stage");
    if (known) {
      std::size_t out = 0;
      for (const auto& s : transitions) out += s.from == spec.from;
      for (const auto& s : e.new_transitions) out += s.from == spec.from;
      if (out + 1 > kMaxOutgoingTransitions)
        t.error("from", fmt::format("with this one, {} transitions leave '{}'; at most {} can", out + 1, spec.from, kMaxOutgoingTransitions));
    }
    e.new_transitions.push_back(spec);
  }
  e.income_sek = reader.number("income_sek", e.income_sek, kNonNegative);
  e.gross_wage_sek = reader.number("gross_wage_sek", e.gross_wage_sek, kNonNegative);
  e.income_counts_for_support = reader.boolean("income_counts_for_support", true);
  e.language_multiplier = reader.number("language_multiplier", e.language_multiplier, {0, 100, "a hazard multiplier"});
  e.school_completion_odds_ratio = reader.number("school_completion_odds_ratio", e.school_completion_odds_ratio, {0.01, 100, "an odds ratio"});
  e.moves_to = reader.string("moves_to", e.moves_to);
  if (!e.moves_to.empty() && check_known(reader, "moves_to", e.moves_to, keys_of(model.staircase.stages), "stage")) {
    const auto& stages = model.staircase.stages;
    const auto stage = std::find_if(stages.begin(), stages.end(), [&](const StageSpec& st) { return st.key == e.moves_to; });
    if (stage->exit) reader.error("moves_to", fmt::format("'{}' is an exit; a participant moves to a step of the staircase", e.moves_to));
  }
  reader.finish();
  return e;
}

/// The most phases a programme can have (a participant's phase is one byte, with room to spare).
constexpr std::size_t kMaxPhases = 24;

PhaseSpec read_phase(MapReader& r, const Model& model) {
  PhaseSpec phase;
  phase.where = r.location_of("");
  phase.key = r.required_string("key");
  if (!phase.key.empty() && !is_safe_name(phase.key))
    r.error("key", fmt::format("'{}' cannot name the phase in results: {}", phase.key, kSafeNameRule));
  phase.name = r.string("name", phase.key);
  phase.months = static_cast<int>(r.required_integer("months", 1, 600));
  phase.drop_out_per_month = r.number("drop_out_per_month", 0, {0, 1, "a monthly probability"});
  phase.supervised = r.boolean("supervised", false);
  phase.max_wait_months = static_cast<int>(r.integer("max_wait_months", phase.max_wait_months, 0, 600));
  if (r.has("max_wait_months") && !phase.supervised)
    r.error("max_wait_months", "only a supervised phase is waited for; add supervised: true or leave the key out");
  MapReader effects = r.map("effects");
  phase.effects = read_effects(effects, model, EffectPlace::kPhase);
  MapReader costs = r.map("costs");
  phase.per_participant_month = costs.number("per_participant_month_sek", -1, kNonNegative);
  costs.finish();
  r.string("source", "");
  r.finish();
  return phase;
}

PolicyCosts read_costs(MapReader& reader) {
  PolicyCosts c;
  c.per_participant_month = reader.number("per_participant_month_sek", c.per_participant_month, kNonNegative);
  c.per_start = reader.number("per_start_sek", c.per_start, kNonNegative);
  c.per_place_per_year = reader.number("per_place_per_year_sek", c.per_place_per_year, kNonNegative);
  c.fixed_per_year = reader.number("fixed_per_year_sek", c.fixed_per_year, kNonNegative);
  reader.finish();
  return c;
}

PlacementSpec read_placements(MapReader& reader, const Model& model) {
  PlacementSpec p;
  YAML::Node sectors = reader.node("sectors");
  if (!sectors.IsDefined() || !sectors.IsMap()) reader.error("sectors", "expected a mapping sector: {suits: [education levels]}");
  else {
    MapReader sectors_reader = reader.map("sectors");
    for (const auto& entry : sectors) {
      SectorSpec sector;
      sector.key = entry.first.Scalar();
      MapReader s = sectors_reader.map(sector.key);
      if (s.has("suits")) {
        sector.suits = {false, false, false};
        for (const auto& level : s.strings("suits")) {
          auto it = std::find(kEducationKeys.begin(), kEducationKeys.end(), level);
          if (it == kEducationKeys.end()) check_known(s, "suits", level, {kEducationKeys.begin(), kEducationKeys.end()}, "education level");
          else sector.suits[static_cast<std::size_t>(it - kEducationKeys.begin())] = true;
        }
      }
      s.finish();
      p.sectors.push_back(sector);
    }
    sectors_reader.finish(keys_of(p.sectors));
  }
  for (MapReader& e : reader.maps("employers")) {
    EmployerSpec employer;
    employer.where = e.location_of("");
    employer.key = e.required_string("key");
    employer.name = e.string("name", employer.key);
    employer.sector = e.required_string("sector");
    if (!employer.sector.empty()) check_known(e, "sector", employer.sector, keys_of(p.sectors), "sector");
    employer.slots = read_district_amounts(e, "slots", keys_of(model.districts.districts));
    if (employer.slots.empty()) e.error("", "an employer needs slots: {district: number of supervisors}");
    e.finish();
    p.employers.push_back(employer);
  }
  p.travel_cost_per_km = reader.number("travel_cost_per_km", p.travel_cost_per_km, kNonNegative);
  p.mismatch_cost = reader.number("sector_mismatch_cost", p.mismatch_cost, kNonNegative);
  p.max_travel_km = reader.number("max_travel_km", p.max_travel_km, kNonNegative);
  p.trade = reader.string("trade", "");
  if (!p.trade.empty()) check_known(reader, "trade", p.trade, keys_of(p.sectors), "sector");
  p.trade_mismatch_cost = reader.number("trade_mismatch_cost", p.trade_mismatch_cost, kNonNegative);
  if (reader.has("trade_mismatch_cost") && p.trade.empty())
    reader.error("trade_mismatch_cost", "there is no trade to mismatch; name the sector the programme trains for with trade");
  reader.finish();
  return p;
}

}  // namespace

StaircaseAdditions load_staircase_additions(const std::filesystem::path& file, const Model& model,
                                            const std::vector<Override>& overrides) {
  DiagnosticSink sink;
  auto root_node = load_yaml_file(file, sink);
  sink.throw_if_any();
  StaircaseAdditions adds;
  if (!(*root_node)["adds_to_staircase"]) return adds;
  std::vector<AppliedOverride> applied;
  if ((*root_node)["key"] && (*root_node)["key"].IsScalar())
    applied = apply_overrides(*root_node, overrides, "policy." + (*root_node)["key"].Scalar(), file, sink);
  sink.throw_if_any();
  MapReader root(*root_node, file, "", sink);
  MapReader reader = root.map("adds_to_staircase");
  std::vector<std::string> existing = keys_of(model.staircase.stages), added;
  YAML::Node stages = reader.node("stages");
  if (!stages.IsDefined() || !stages.IsMap() || stages.size() == 0) {
    reader.error("stages", "expected a mapping stage_key: {name, activity, ...} of at least one new step");
  } else {
    MapReader stages_reader = reader.map("stages");
    for (const auto& entry : stages) {
      StageSpec stage = detail::read_stage(stages_reader, entry.first, true);
      if (!stage.benefits_as.empty()) {
        MapReader stage_reader = stages_reader.map(stage.key);
        if (check_known(stage_reader, "benefits_as", stage.benefits_as, existing, "stage of the staircase")) {
          const auto like = std::find_if(model.staircase.stages.begin(), model.staircase.stages.end(),
                                         [&](const StageSpec& s) { return s.key == stage.benefits_as; });
          if (like->exit) stage_reader.error("benefits_as", fmt::format("'{}' is an exit; name a step of the staircase", stage.benefits_as));
        }
      }
      if (std::find(existing.begin(), existing.end(), stage.key) != existing.end())
        stages_reader.error(stage.key, fmt::format("'{}' is already a stage of the staircase; an added step needs its own key", stage.key));
      if (stage.exit) stages_reader.error(stage.key, "an added step is a step of the staircase, not an exit");
      if (!stage.key.empty() && !is_safe_name(stage.key))
        stages_reader.error(stage.key, fmt::format("'{}' cannot name the stage in results: {}", stage.key, kSafeNameRule));
      added.push_back(stage.key);
      adds.stages.push_back(std::move(stage));
    }
    stages_reader.finish(added);
  }
  std::vector<std::string> all = existing;
  all.insert(all.end(), added.begin(), added.end());
  for (MapReader& t : reader.maps("transitions")) {
    TransitionSpec spec = detail::read_transition(t);
    if (!spec.from.empty() && std::find(added.begin(), added.end(), spec.from) == added.end())
      t.error("from", fmt::format("'{}' is not a step this policy adds; the way in goes in effects.new_transitions (for "
                                  "participants) or moves_to, and the staircase's own steps stay as they are", spec.from));
    if (!spec.to.empty()) check_known(t, "to", spec.to, all, "stage");
    adds.transitions.push_back(std::move(spec));
  }
  reader.finish();
  locate_at_overrides(sink, applied);
  sink.throw_if_any();
  return adds;
}

PolicySpec load_policy(const std::filesystem::path& file, const Model& scenario_model, int start_year,
                       const std::vector<Override>& overrides) {
  DiagnosticSink sink;
  auto root_node = load_yaml_file(file, sink);
  sink.throw_if_any();
  // Read on its own (not by load_model, which merges every policy's steps first), the policy
  // is checked against the staircase with its own steps added.
  const Model* against = &scenario_model;
  Model with_own_steps;
  StaircaseAdditions own_steps;
  // Subscripting a scalar throws, so the shape is checked first (a wrong shape is reported by the
  // reading below); the nodes are non-const because a const lookup of a missing key throws too.
  YAML::Node adds_node = root_node->IsMap() ? (*root_node)["adds_to_staircase"] : YAML::Node();
  YAML::Node stages = adds_node.IsMap() ? adds_node["stages"] : YAML::Node();
  if (stages.IsMap() && stages.size() > 0) {
    const auto& known = scenario_model.staircase.stages;
    const bool merged = std::all_of(stages.begin(), stages.end(), [&](const auto& entry) {
      return std::any_of(known.begin(), known.end(), [&](const StageSpec& s) { return s.key == entry.first.Scalar(); });
    });
    if (!merged) {
      own_steps = load_staircase_additions(file, scenario_model, overrides);
      with_own_steps = scenario_model;
      auto& staircase = with_own_steps.staircase;
      staircase.stages.insert(staircase.stages.end(), own_steps.stages.begin(), own_steps.stages.end());
      staircase.transitions.insert(staircase.transitions.end(), own_steps.transitions.begin(), own_steps.transitions.end());
      detail::check_added_steps(staircase, sink);
      against = &with_own_steps;
    }
  }
  const Model& model = *against;
  std::vector<AppliedOverride> applied;
  if ((*root_node)["key"] && (*root_node)["key"].IsScalar())
    applied = apply_overrides(*root_node, overrides, "policy." + (*root_node)["key"].Scalar(), file, sink);
  sink.throw_if_any();
  MapReader root(*root_node, file, "", sink);
  PolicySpec p;
  p.file = file;
  p.key = root.required_string("key");
  p.key_where = root.location_of("key");
  if (!p.key.empty() && !is_safe_name(p.key))
    root.error("key", fmt::format("'{}' cannot name the policy's files in a results folder: {}", p.key, kSafeNameRule));
  p.name = root.string("name", p.key);
  p.name_sv = root.string("name_sv", "");
  p.description = root.string("description", "");
  MapReader eligible = root.map("eligible");
  p.eligible = read_eligibility(eligible, model);
  if (!root.has("capacity")) root.error("", "missing required key 'capacity' (seats or starts_per_year)");
  MapReader capacity = root.map("capacity");
  p.capacity = read_capacity(capacity, model, start_year);
  MapReader allocation = root.map("allocation");
  p.allocation = read_allocation(allocation);
  p.phased = root.has("phases");
  MapReader participation = root.map("participation");
  if (p.phased && participation.has("months"))
    participation.error("months", "a programme with phases lasts as long as its phases' months together; leave participation.months out");
  p.once_per_person = participation.boolean("once_per_person", true);
  p.ends_on_employment = participation.boolean("ends_on_employment", true);
  if (!p.phased) p.participation_months = static_cast<int>(participation.integer("months", p.participation_months, 1, 600));
  participation.finish();
  if (p.phased && root.has("effects"))
    root.error("effects", "a programme with phases has its effects in each phase (phases[i].effects), and what lasts "
                          "after it in after_effects");
  if (!p.phased && root.has("after_effects"))
    root.error("after_effects", "a policy without phases gives an after-effect with effects.transitions[].after_effect_decay_per_year");
  if (!p.phased) {
    MapReader effects = root.map("effects");
    p.effects = read_effects(effects, model, EffectPlace::kPolicy);
  }
  MapReader costs = root.map("costs");
  p.costs = read_costs(costs);
  if (root.has("placements")) {
    p.has_placements = true;
    MapReader placements = root.map("placements");
    p.placements = read_placements(placements, model);
  }
  if (p.phased) {
    std::vector<std::string> keys;
    p.participation_months = 0;
    for (MapReader& r : root.maps("phases")) {
      PhaseSpec phase = read_phase(r, model);
      if (std::find(keys.begin(), keys.end(), phase.key) != keys.end())
        r.error("key", fmt::format("phase '{}' is listed twice; each phase needs its own key", phase.key));
      if (phase.supervised && !p.has_placements)
        r.error("supervised", "a supervised phase needs supervisors: give the policy's placements (sectors and employers)");
      keys.push_back(phase.key);
      p.participation_months += phase.months;
      p.phases.push_back(std::move(phase));
    }
    if (root.node("phases").IsSequence() && root.node("phases").size() == 0)
      root.error("phases", "a programme needs at least one phase; leave the key out for one phase of participation.months");
    if (p.phases.size() > kMaxPhases)
      root.error("phases", fmt::format("{} phases are given; at most {} can be", p.phases.size(), kMaxPhases));
    if (p.has_placements && !p.phases.empty() &&
        std::none_of(p.phases.begin(), p.phases.end(), [](const PhaseSpec& ph) { return ph.supervised; }))
      root.error("placements", "no phase uses the placements; mark the phases with a supervisor `supervised: true`");
    MapReader after = root.map("after_effects");
    for (MapReader& t : after.maps("transitions", false)) p.after_effects.push_back(read_transition_effect(t, model, EffectPlace::kAfter));
    after.finish();
  } else {
    // One phase: the whole participation, with a supervisor throughout if there are placements.
    PhaseSpec phase;
    phase.key = "participation";
    phase.name = p.name;
    phase.months = p.participation_months;
    phase.supervised = p.has_placements;
    phase.effects = p.effects;
    phase.where = p.key_where;
    p.phases.push_back(std::move(phase));
    for (const TransitionEffect& e : p.effects.transitions)
      if (e.after_decay_per_year >= 0) p.after_effects.push_back(e);
  }
  root.string("source", "");  // free text: where the numbers come from
  root.has("adds_to_staircase");  // read by load_staircase_additions, before the policy
  root.finish();
  locate_at_overrides(sink, applied);
  sink.throw_if_any();
  p.resolved_yaml = YAML::Dump(*root_node);
  p.adds = std::move(own_steps);
  return p;
}

}  // namespace trappsteg
