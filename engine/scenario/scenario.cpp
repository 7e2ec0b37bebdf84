#include "engine/scenario/scenario.hpp"

#include "engine/core/names.hpp"
#include "engine/scenario/detail/read_helpers.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/calibration_spec.hpp"
#include "engine/scenario/sensitivity_spec.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "engine/scenario/yaml_reader.hpp"
#include "engine/staircase/graph.hpp"

#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace trappsteg {
namespace {

constexpr double kSumTolerance = 0.005;

void check_sum(MapReader& reader, std::string_view key, double sum) {
  if (std::isfinite(sum) && std::abs(sum - 1.0) > kSumTolerance)
    reader.error(key, fmt::format("shares sum to {:.4f}; they must sum to 1", sum));
}

BandTable read_bands(MapReader& parent, std::string_view key, const char* values_key, Bounds bounds,
                     bool required = true) {
  BandTable table;
  if (!parent.has(key)) {
    if (required) parent.error("", fmt::format("missing required key '{}'", key));
    return table;
  }
  MapReader reader = parent.map(key);
  table.edges = reader.numbers("bands", kAnyNumber);
  table.values = reader.numbers(values_key, bounds);
  reader.finish();
  if (table.edges.size() != table.values.size())
    reader.error(values_key, fmt::format("has {} values but 'bands' has {} edges; give one value per band",
                                         table.values.size(), table.edges.size()));
  for (std::size_t i = 1; i < table.edges.size(); ++i)
    if (!(table.edges[i] > table.edges[i - 1])) {
      reader.error("bands", "band edges must increase");
      break;
    }
  return table;
}

template <std::size_t N>
std::array<double, N> read_keyed_shares(MapReader& parent, std::string_view key,
                                        const std::array<const char*, N>& names, Bounds bounds, bool must_sum_to_one) {
  std::array<double, N> values{};
  MapReader reader = parent.map(key);
  if (!reader.yaml().IsDefined()) {
    parent.error("", fmt::format("missing required key '{}'", key));
    return values;
  }
  for (std::size_t i = 0; i < N; ++i) values[i] = reader.required_number(names[i], bounds);
  reader.finish();
  if (must_sum_to_one) check_sum(parent, key, std::accumulate(values.begin(), values.end(), 0.0));
  return values;
}

std::vector<std::pair<std::string, double>> read_stage_shares(MapReader& parent, std::string_view key,
                                                              std::vector<StageReference>& references, bool employed) {
  std::vector<std::pair<std::string, double>> shares;
  YAML::Node node = parent.node(key);
  if (!node.IsDefined()) {
    parent.error("", fmt::format("missing required key '{}'", key));
    return shares;
  }
  if (!node.IsMap()) {
    parent.error(key, "expected a mapping stage: share");
    return shares;
  }
  MapReader reader = parent.map(key);
  double sum = 0;
  for (const auto& entry : node) {
    std::string stage = entry.first.Scalar();
    double share = reader.required_number(stage, kShare);
    shares.emplace_back(stage, share);
    references.push_back({stage, reader.path_of(stage), reader.location_of(stage), employed, false});
    sum += share;
  }
  reader.finish();
  check_sum(parent, key, sum);
  return shares;
}

std::filesystem::path resolve(const std::filesystem::path& base_file, const std::string& relative) {
  std::filesystem::path p(relative);
  if (p.is_absolute()) return p;
  return (base_file.parent_path() / p).lexically_normal();
}

DistrictsSpec read_districts(MapReader& root) {
  DistrictsSpec spec;
  spec.file = root.file();
  spec.year = static_cast<int>(root.integer("year", spec.year, 1900, 2200));
  spec.age_band_edges = root.numbers("age_bands", kNonNegative);
  for (std::size_t i = 1; i < spec.age_band_edges.size(); ++i)
    if (!(spec.age_band_edges[i] > spec.age_band_edges[i - 1])) root.error("age_bands", "age band edges must increase");
  if (!spec.age_band_edges.empty() && spec.age_band_edges.front() != 0)
    root.error("age_bands", "the first age band must start at 0");
  std::vector<MapReader> readers = root.maps("districts");
  for (MapReader& reader : readers) {
    DistrictSpec d;
    d.where = reader.location_of("");
    d.key = reader.required_string("key");
    d.name = reader.string("name", d.key);
    d.population = reader.required_number("population", kPositive);
    d.age_shares = reader.numbers("age_shares", kShare);
    if (d.age_shares.size() != spec.age_band_edges.size() && reader.has("age_shares"))
      reader.error("age_shares", fmt::format("has {} shares but there are {} age bands", d.age_shares.size(),
                                             spec.age_band_edges.size()));
    check_sum(reader, "age_shares", std::accumulate(d.age_shares.begin(), d.age_shares.end(), 0.0));
    d.foreign_born_share = reader.required_number("foreign_born_share", kShare);
    d.newcomers_per_year = reader.number("newcomers_per_year", d.newcomers_per_year, kNonNegative);
    d.household_shares = read_keyed_shares(reader, "household_shares", kHouseholdTypeKeys, kShare, true);
    d.education = read_keyed_shares(reader, "education_25_64", kEducationKeys, kShare, true);
    d.employment_rate = reader.required_number("employment_rate_20_64", kShare);
    d.mean_income_sek = reader.required_number("mean_income_sek", kPositive);
    d.labour_demand = reader.number("labour_demand", d.labour_demand, kPositive);
    if (reader.has("position_km")) {
      auto xy = reader.numbers("position_km", kAnyNumber);
      if (xy.size() != 2) reader.error("position_km", "expected [x, y] in km");
      else d.position_km = {xy[0], xy[1]};
    }
    d.family_move_weight = reader.number("family_move_weight", d.family_move_weight, kPositive);
    d.newcomer_moves_share = reader.number("newcomer_moves_share", d.newcomer_moves_share, kShare);
    d.in_movers_per_year = reader.number("in_movers_per_year", d.in_movers_per_year, kNonNegative);
    reader.has("moves_to");  // read below, once every district key is known
    reader.finish();
    for (const auto& other : spec.districts)
      if (other.key == d.key) reader.error("key", fmt::format("district '{}' is listed twice", d.key));
    spec.districts.push_back(std::move(d));
  }
  if (spec.districts.empty() && root.has("districts")) root.error("districts", "at least one district is needed");
  // Each row of the moves matrix names districts of this file; a district left out gets none.
  std::vector<std::string> keys;
  for (const auto& d : spec.districts) keys.push_back(d.key);
  bool any_moves = false, all_moves = true;
  for (std::size_t i = 0; i < spec.districts.size() && i < readers.size(); ++i) {
    MapReader& reader = readers[i];
    if (!reader.has("moves_to")) {
      all_moves = false;
      continue;
    }
    any_moves = true;
    MapReader row = reader.map("moves_to");
    if (!row.valid()) {
      reader.error("moves_to", "expected a mapping district key: share");
      continue;
    }
    double sum = 0;
    for (const std::string& key : keys) {
      if (!row.has(key)) continue;
      double share = row.number(key, 0, kShare);
      spec.districts[i].moves_to.emplace_back(key, share);
      sum += share;
    }
    row.finish(keys);
    check_sum(reader, "moves_to", sum);
  }
  if (any_moves && !all_moves) root.error("districts", "give moves_to for every district or for none");
  double newcomer_moves = 0;
  for (const auto& d : spec.districts) newcomer_moves += d.newcomer_moves_share;
  if (newcomer_moves > 0) check_sum(root, "districts", newcomer_moves);
  double income = 0, people = 0;
  for (const auto& d : spec.districts) income += d.mean_income_sek * d.population, people += d.population;
  spec.city_mean_income_sek = people > 0 ? income / people : 0;
  if (spec.districts.size() > 250) root.error("districts", "at most 250 districts are supported");
  root.finish();
  return spec;
}

Activity parse_activity(MapReader& reader) {
  std::string text = reader.string("activity", "none");
  if (text == "none") return Activity::kNone;
  if (text == "employment") return Activity::kEmployment;
  if (text == "education") return Activity::kEducation;
  if (text == "training") return Activity::kTraining;
  reader.error("activity", fmt::format("'{}' is not an activity; use none, employment, education or training", text));
  return Activity::kNone;
}

}  // namespace

bool detail::check_added_steps(const StaircaseSpec& merged, DiagnosticSink& sink) {
  DiagnosticSink found;
  Staircase::check(merged, found);
  bool ok = true;
  for (Diagnostic d : found.diagnostics()) {
    if (d.where.file == merged.file) continue;  // the staircase's own: reported when it was read
    // transitions[N] counts the merged list: name the transition's place in its own file.
    if (d.key_path.starts_with("transitions[")) {
      const std::size_t n = std::stoul(d.key_path.substr(12));
      std::size_t own = 0;
      for (std::size_t t = 0; t < n && t < merged.transitions.size(); ++t) own += merged.transitions[t].where.file == d.where.file;
      d.key_path = fmt::format("transitions[{}]{}", own, d.key_path.substr(d.key_path.find(']') + 1));
    }
    d.key_path = "adds_to_staircase." + d.key_path;
    sink.add(d);
    ok = false;
  }
  return ok;
}

StageSpec detail::read_stage(MapReader& stages, const YAML::Node& key, bool added) {
  StageSpec stage;
  stage.key = key.Scalar();
  MapReader reader = stages.map(stage.key);
  stage.where = location_of(key, stages.file());
  stage.name = reader.string("name", stage.key);
  stage.name_sv = reader.string("name_sv", "");
  stage.activity = parse_activity(reader);
  stage.exit = reader.boolean("exit", false);
  stage.wage_factor = reader.number("wage_factor", stage.wage_factor, {0, 1.5, "a share of a full-time wage"});
  stage.language_hazard = reader.number("language_hazard", stage.language_hazard, {0, 1, "a monthly hazard"});
  stage.initial_months_max = static_cast<int>(reader.integer("initial_months_max", stage.initial_months_max, 0, 600));
  if (reader.has("at_age")) {
    MapReader move = reader.map("at_age");
    AgeMove age_move;
    age_move.age_years = move.required_number("age", {0, 120, "an age in years"});
    age_move.to = move.required_string("to");
    move.finish();
    stage.at_age = age_move;
  }
  if (added) stage.benefits_as = reader.string("benefits_as", "");
  reader.finish();
  return stage;
}

namespace {

StaircaseSpec read_staircase(MapReader& root) {
  StaircaseSpec spec;
  spec.file = root.file();
  YAML::Node stages = root.node("stages");
  if (!stages.IsDefined()) root.error("", "missing required key 'stages'");
  else if (!stages.IsMap()) root.error("stages", "expected a mapping stage_key: {name, activity, ...}");
  else {
    MapReader stages_reader = root.map("stages");
    for (const auto& entry : stages) spec.stages.push_back(detail::read_stage(stages_reader, entry.first));
    stages_reader.finish([&] {
      std::vector<std::string> keys;
      for (const auto& s : spec.stages) keys.push_back(s.key);
      return keys;
    }());
  }

  for (MapReader& reader : root.maps("transitions")) spec.transitions.push_back(detail::read_transition(reader));

  MapReader modifiers = root.map("modifiers");
  spec.modifiers.age = read_bands(modifiers, "age", "multipliers", kNonNegative, false);
  if (modifiers.has("education"))
    spec.modifiers.education = read_keyed_shares(modifiers, "education", kEducationKeys, kNonNegative, false);
  if (modifiers.has("swedish")) {
    auto levels = modifiers.numbers("swedish", kNonNegative);
    if (levels.size() != 4) modifiers.error("swedish", "give four multipliers, for Swedish levels 0 (none) to 3 (fluent)");
    else std::copy(levels.begin(), levels.end(), spec.modifiers.swedish.begin());
  }
  spec.modifiers.months_since_arrival = read_bands(modifiers, "arrival", "multipliers", kNonNegative, false);
  modifiers.finish();

  auto stage_named = [&](MapReader& reader, const char* key, bool exit) {
    std::string stage = reader.required_string(key);
    if (!stage.empty()) spec.references.push_back({stage, reader.path_of(key), reader.location_of(key), false, exit});
    return stage;
  };
  MapReader entry = root.map("entry");
  spec.child_stage = stage_named(entry, "child", false);
  spec.school_stage = stage_named(entry, "school", false);
  spec.newcomer_stage = stage_named(entry, "newcomer_adult", false);
  spec.job_seeker_stage = stage_named(entry, "job_seeker", false);
  entry.finish();
  MapReader exits = root.map("exits");
  spec.retired_stage = stage_named(exits, "retired", true);
  spec.moved_stage = stage_named(exits, "moved_away", true);
  spec.dead_stage = stage_named(exits, "deceased", true);
  exits.finish();

  MapReader initial = root.map("initial");
  spec.initial_employed = read_stage_shares(initial, "employed", spec.references, true);
  MapReader not_employed = initial.map("not_employed");
  const std::array<const char*, 3> origins{"born_in_sweden", "foreign_born", "newcomer"};
  for (std::size_t i = 0; i < origins.size(); ++i)
    spec.initial_not_employed[i] = read_stage_shares(not_employed, origins[i], spec.references, false);
  not_employed.finish();
  if (initial.has("employment_log_odds")) {
    MapReader odds = initial.map("employment_log_odds");
    for (int e = 0; e < kEducationLevels; ++e)
      spec.initial_log_odds_education[e] = odds.number(kEducationKeys[e], spec.initial_log_odds_education[e], {-10, 10, ""});
    spec.initial_log_odds_foreign_born = odds.number("foreign_born", spec.initial_log_odds_foreign_born, {-10, 10, ""});
    spec.initial_log_odds_newcomer = odds.number("newcomer", spec.initial_log_odds_newcomer, {-10, 10, ""});
    if (odds.has("by_age")) spec.initial_log_odds_by_age = read_bands(odds, "by_age", "log_odds", {-10, 10, "log-odds"}, false);
    odds.finish();
  }
  initial.finish();
  root.finish();
  return spec;
}

EconomySpec read_economy(MapReader& root) {
  EconomySpec spec;
  spec.file = root.file();
  spec.income_tax_rate = root.required_number("income_tax_rate", kShare);
  spec.municipal_tax_rate = root.required_number("municipal_tax_rate", kShare);
  MapReader wage = root.map("wage");
  spec.median_wage = read_keyed_shares(wage, "median_full_time_sek", kEducationKeys, kPositive, false);
  spec.wage_log_sd = wage.number("log_sd", spec.wage_log_sd, {0, 3, ""});
  spec.district_income_elasticity = wage.number("district_income_elasticity", spec.district_income_elasticity, {0, 3, ""});
  wage.finish();
  if (root.has("equivalence_scale")) {
    MapReader scale = root.map("equivalence_scale");
    spec.equivalence = {scale.number("first_adult", 1.0, kPositive), scale.number("other_14_plus", 0.5, kNonNegative),
                        scale.number("child_under_14", 0.3, kNonNegative)};
    scale.finish();
  }
  spec.business_cycle = read_bands(root, "business_cycle", "index", kPositive, false);
  root.finish();
  return spec;
}

DemographySpec read_demography(MapReader& root) {
  DemographySpec spec;
  spec.file = root.file();
  spec.mortality = read_bands(root, "mortality_per_year", "rates", kShare);
  MapReader moving = root.map("moving_away_per_year");
  spec.emigration_born_in_sweden = read_bands(moving, "born_in_sweden", "rates", kShare);
  spec.emigration_foreign_born = read_bands(moving, "foreign_born", "rates", kShare);
  moving.finish();
  spec.retirement = read_bands(root, "retirement_per_year", "rates", kShare);
  spec.fertility = read_bands(root, "fertility_per_year", "rates", {0, 1, "births per woman and year"});
  if (root.has("births")) {
    MapReader births = root.map("births");
    spec.female_share_at_birth = births.number("female_share", spec.female_share_at_birth, kShare);
    births.finish();
  }
  spec.retired_from_age = root.number("retired_from_age", spec.retired_from_age, {30, 120, "an age in years"});
  {
    MapReader ages = root.map("outcome_ages");
    auto range = [&](std::string_view key, std::array<int, 2>& out) {
      if (!ages.has(key)) return;
      auto values = ages.numbers(key, {0, 120, "an age in years"});
      if (values.size() != 2 || values[0] > values[1] || values[0] != std::floor(values[0]) || values[1] != std::floor(values[1]))
        ages.error(key, "expected [first, last] in whole years, first <= last");
      else out = {static_cast<int>(values[0]), static_cast<int>(values[1])};
    };
    range("working_age", spec.working_ages);
    range("youth", spec.youth_ages);
    ages.finish();
  }
  MapReader leaving = root.map("leaving_home");
  spec.leave_home_age = leaving.number("from_age", spec.leave_home_age, {0, 120, "an age in years"});
  // One number holds at every age; a table lets the young leave faster than those who stay on.
  if (leaving.has("per_year") && leaving.node("per_year").IsMap())
    spec.leave_home_per_year = read_bands(leaving, "per_year", "rates", kShare);
  else
    spec.leave_home_per_year = {{0}, {leaving.number("per_year", spec.leave_home_per_year.values[0], kShare)}};
  spec.at_home_at_start = read_bands(leaving, "at_home_at_start", "shares", kShare, false);
  leaving.finish();
  MapReader school = root.map("school");
  spec.school_completion = school.number("completion", spec.school_completion, kShare);
  spec.school_completion_foreign_born = school.number("completion_foreign_born", spec.school_completion_foreign_born, kShare);
  spec.school_working_adult_odds_ratio = school.number("working_adult_odds_ratio", spec.school_working_adult_odds_ratio, {0.01, 100, "an odds ratio"});
  spec.school_reference_working_share = school.number("reference_working_share", spec.school_reference_working_share, kShare);
  school.finish();
  MapReader synthesis = root.map("synthesis");
  {
    SynthesisSpec& s = spec.synthesis;
    s.female_share = synthesis.number("female_share", s.female_share, kShare);
    s.oldest_age = synthesis.number("oldest_age", s.oldest_age, {1, 130, "an age in years"});
    s.open_band_years = synthesis.number("open_age_band_years", s.open_band_years, {1, 60, "years"});
    if (synthesis.has("parent_age_at_eldest_child")) {
      const auto ages = synthesis.numbers("parent_age_at_eldest_child", {12, 70, "an age in years"});
      if (ages.size() != 2 || ages[0] > ages[1]) synthesis.error("parent_age_at_eldest_child", "expected [min, max], min <= max");
      else s.parent_age_at_eldest = {ages[0], ages[1]};
    }
    s.parent_gap_at_least = synthesis.number("parent_older_than_children_by_at_least", s.parent_gap_at_least, {0, 60, "years"});
    if (s.parent_gap_at_least > s.parent_age_at_eldest[0])
      synthesis.error("parent_older_than_children_by_at_least", "parents would be younger than the least gap allows; lower it or raise parent_age_at_eldest_child");
    s.years_in_sweden_skew = synthesis.number("years_in_sweden_skew", s.years_in_sweden_skew, {0.1, 10, "an exponent"});
    MapReader pace = synthesis.map("swedish_years_per_level");
    s.swedish_years_per_level_adults = pace.number("adults", s.swedish_years_per_level_adults, {0.1, 20, "years"});
    s.swedish_years_per_level_children = pace.number("children", s.swedish_years_per_level_children, {0.1, 20, "years"});
    pace.finish();
    s.education_shares_from_age = synthesis.number("education_shares_from_age", s.education_shares_from_age, {0, 120, "an age in years"});
    s.tertiary_from_age = synthesis.number("tertiary_from_age", s.tertiary_from_age, {0, 120, "an age in years"});
    s.upper_secondary_from_age = synthesis.number("upper_secondary_from_age", s.upper_secondary_from_age, {0, 120, "an age in years"});
    synthesis.finish();
  }
  MapReader newcomers = root.map("newcomers");
  spec.newcomer_months = static_cast<int>(newcomers.integer("group_months", spec.newcomer_months, 1, 600));
  spec.arrival_age_edges = newcomers.numbers("age_bands", kNonNegative);
  spec.arrival_age_shares = newcomers.numbers("age_shares", kShare);
  if (spec.arrival_age_edges.size() != spec.arrival_age_shares.size())
    newcomers.error("age_shares", "give one share per age band");
  check_sum(newcomers, "age_shares", std::accumulate(spec.arrival_age_shares.begin(), spec.arrival_age_shares.end(), 0.0));
  spec.arrival_family_share = newcomers.number("in_families", spec.arrival_family_share, kShare);
  spec.arrival_education = read_keyed_shares(newcomers, "education", kEducationKeys, kShare, true);
  spec.arrival_years_spread = newcomers.number("initial_years_in_sweden_max", spec.arrival_years_spread, {1, 80, "years"});
  if (newcomers.has("families")) {
    MapReader families = newcomers.map("families");
    // An optional [min, max]; the struct's value when absent.
    auto pair = [&](std::string_view key, std::array<double, 2> fallback, double low, double high, const char* what) {
      if (!families.has(key)) return fallback;
      auto values = families.numbers(key, {low, high, what});
      if (values.size() != 2 || values[0] > values[1]) families.error(key, "expected [min, max], min <= max");
      return values.size() == 2 ? std::array<double, 2>{values[0], values[1]} : fallback;
    };
    spec.arrival_parent_age = pair("first_parent_age", spec.arrival_parent_age, 20, 80, "an age in years");
    spec.arrival_partner_age_difference =
        families.number("partner_age_difference", spec.arrival_partner_age_difference, {0, 30, "years"});
    auto children = pair("children", {static_cast<double>(spec.arrival_children[0]), static_cast<double>(spec.arrival_children[1])},
                         1, 10, "children");
    // A value that is not a number is NaN here (reported already), which no int can hold.
    if (children[0] != std::floor(children[0]) || children[1] != std::floor(children[1]))
      families.error("children", "give whole numbers of children");
    else spec.arrival_children = {static_cast<int>(children[0]), static_cast<int>(children[1])};
    families.finish();
  }
  newcomers.finish();
  if (root.has("partnership")) {
    MapReader partnership = root.map("partnership");
    PartnershipSpec& p = spec.partnership;
    p.enabled = true;
    p.formation = read_bands(partnership, "formation_per_year", "rates", kShare);
    p.formation_scale = partnership.number("formation_scale", p.formation_scale, {1e-3, 100, "a multiplier"});
    p.dissolution = read_bands(partnership, "dissolution_per_year", "rates", kShare);
    p.max_age_gap_years = partnership.number("max_age_gap_years", p.max_age_gap_years, {0, 100, "years"});
    p.give_up_months = static_cast<int>(partnership.integer("give_up_months", p.give_up_months, 1, 600));
    p.same_sex_share = partnership.number("same_sex_share", p.same_sex_share, kShare);
    p.children_stay_with_mother = partnership.number("children_stay_with_mother", p.children_stay_with_mother, kShare);
    p.initial_union_years_max = partnership.number("initial_union_years_max", p.initial_union_years_max, {0, 100, "years"});
    partnership.finish();
  }
  if (root.has("moves_within_city")) {
    MapReader moves = root.map("moves_within_city");
    spec.moves.enabled = true;
    spec.moves.per_year = read_keyed_shares(moves, "per_year", kHouseholdTypeKeys, kShare, false);
    if (moves.has("newcomers")) {
      MapReader newcomers_moves = moves.map("newcomers");
      spec.moves.newcomer_months = static_cast<int>(newcomers_moves.integer("months", spec.moves.newcomer_months, 0, 600));
      spec.moves.newcomer_per_year = newcomers_moves.number("per_year", spec.moves.newcomer_per_year, kShare);
      newcomers_moves.finish();
    }
    moves.finish();
  }
  if (root.has("moving_in")) {
    MapReader in = root.map("moving_in");
    MovingInSpec& m = spec.moving_in;
    m.enabled = true;
    m.age_edges = in.numbers("age_bands", {0, 120, "an age in years"});
    m.age_shares = in.numbers("age_shares", kShare);
    if (m.age_edges.size() != m.age_shares.size()) in.error("age_shares", "give one share per age band");
    for (std::size_t i = 1; i < m.age_edges.size(); ++i)
      if (!(m.age_edges[i] > m.age_edges[i - 1])) in.error("age_bands", "age band edges must increase");
    if (!m.age_edges.empty() && m.age_edges.front() < 18) in.error("age_bands", "the first adult of a household moving in is at least 18");
    check_sum(in, "age_shares", std::accumulate(m.age_shares.begin(), m.age_shares.end(), 0.0));
    m.couple_share = in.number("couples", m.couple_share, kShare);
    m.children_share = in.number("with_children", m.children_share, kShare);
    m.max_children = static_cast<int>(in.integer("max_children", m.max_children, 1, 10));
    m.foreign_born_share = in.number("foreign_born", m.foreign_born_share, kShare);
    if (in.has("years_in_sweden")) {
      auto range = in.numbers("years_in_sweden", {0, 80, "years"});
      if (range.size() != 2 || range[0] > range[1]) in.error("years_in_sweden", "expected [min, max] in years, min <= max");
      else m.years_in_sweden_min = range[0], m.years_in_sweden_max = range[1];
    }
    m.education = read_keyed_shares(in, "education", kEducationKeys, kShare, true);
    MapReader stages = in.map("stages");
    if (!stages.valid()) in.error("", "missing required key 'stages'");
    else {
      m.stages_under_25 = read_stage_shares(stages, "under_25", m.stage_references, false);
      m.stages_from_25 = read_stage_shares(stages, "from_25", m.stage_references, false);
      stages.finish();
    }
    in.finish();
  }
  root.finish();
  return spec;
}

/// Reads a model file after applying the overrides aimed at it (`target`); keeps the text
/// that was read, so a run's inputs can be written out exactly.
template <class Spec, class Read>
Spec load_file(const std::filesystem::path& file, Read read, const std::vector<Override>& overrides = {},
               const std::string& target = {}, std::string* resolved = nullptr) {
  DiagnosticSink sink;
  auto root = load_yaml_file(file, sink);
  sink.throw_if_any();
  std::vector<AppliedOverride> applied;
  if (!target.empty()) applied = apply_overrides(*root, overrides, target, file, sink);
  sink.throw_if_any();
  MapReader reader(*root, file, "", sink);
  Spec spec = read(reader);
  locate_at_overrides(sink, applied);
  sink.throw_if_any();
  if (resolved) *resolved = YAML::Dump(*root);
  return spec;
}

/// Makes the file paths a scenario names absolute, so they survive merging with another file.
void absolutise_paths(YAML::Node& root, const std::filesystem::path& file) {
  auto fix = [&](YAML::Node node) {
    if (node && node.IsScalar()) node = std::filesystem::absolute(resolve(file, node.Scalar())).lexically_normal().string();
  };
  if (root["model"] && root["model"].IsMap())
    for (const char* key : kModelFileKeys) fix(root["model"][key]);
  for (const char* key : {"policies", "policies+"})
    if (root[key] && root[key].IsSequence())
      for (std::size_t i = 0; i < root[key].size(); ++i) fix(root[key][i]);
  fix(root["baseline"]);
  fix(root["targets"]);
}

/// A scenario's YAML with `extends:` resolved (parents first, each validated on its own).
YAML::Node resolved_scenario_node(const std::filesystem::path& file, DiagnosticSink& sink) {
  // The files being resolved on this thread, outermost first: a file met twice is a cycle.
  thread_local std::vector<std::filesystem::path> chain;
  auto root = load_yaml_file(file, sink);
  if (!root) return {};
  absolutise_paths(*root, file);
  if (!(*root)["extends"]) return *root;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(file);
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    sink.add({location_of((*root)["extends"], file), "extends", "'extends' goes round in a cycle back to this file"});
    return {};
  }
  if (chain.size() >= kMaxExtendsDepth) {
    sink.add({location_of((*root)["extends"], file), "extends",
              fmt::format("'extends' goes more than {} scenarios deep", kMaxExtendsDepth)});
    return {};
  }
  chain.push_back(canonical);
  struct Pop {
    ~Pop() { chain.pop_back(); }
  } pop;
  if (!(*root)["extends"].IsScalar()) {
    sink.add({location_of((*root)["extends"], file), "extends", "expected the path of the scenario this one extends"});
    return {};
  }
  std::filesystem::path parent = resolve(file, (*root)["extends"].Scalar());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(parent, ec)) {
    sink.add({location_of((*root)["extends"], file), "extends", fmt::format("file not found: {}", parent.string())});
    return {};
  }
  // The parent must be a valid scenario by itself: its problems are reported in its own file.
  try {
    load_scenario(parent);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) sink.add(d);
    return {};
  }
  YAML::Node parent_node = resolved_scenario_node(parent, sink);
  YAML::Node child = *root;  // not a copy: copies lose the positions errors are reported at
  child.remove("extends");
  return merge_yaml(parent_node, child);
}

}  // namespace

namespace detail {

TransitionSpec read_transition(MapReader& reader) {
  TransitionSpec t;
  t.where = reader.location_of("");
  t.from = reader.required_string("from");
  t.to = reader.required_string("to");
  t.from_where = reader.location_of("from");
  t.to_where = reader.location_of("to");
  t.base = reader.required_number("base", {0, 5, "a monthly hazard cannot be negative"});
  t.uses = reader.strings("uses");
  for (const auto& use : t.uses)
    if (use != "age" && use != "education" && use != "swedish" && use != "arrival") {
      std::string suggestion = nearest_spelling(use, {"age", "education", "swedish", "arrival"});
      reader.error("uses", fmt::format("unknown modifier '{}'{}", use,
                                       suggestion.empty() ? "; use age, education, swedish or arrival"
                                                          : fmt::format("; did you mean '{}'?", suggestion)));
    }
  t.demand_elasticity = reader.number("demand_elasticity", t.demand_elasticity, {-10, 10, ""});
  t.cycle_elasticity = reader.number("cycle_elasticity", t.cycle_elasticity, {-10, 10, ""});
  if (reader.has("duration")) {
    MapReader duration = reader.map("duration");
    t.duration_decay_per_year = duration.number("decay_per_year", t.duration_decay_per_year, kNonNegative);
    t.duration_floor = duration.number("floor", t.duration_floor, kShare);
    duration.finish();
  }
  if (reader.has("requires")) {
    MapReader req = reader.map("requires");
    std::string origin = req.string("origin", "any");
    if (origin == "born_in_sweden") t.condition.origin = 0;
    else if (origin == "foreign_born") t.condition.origin = 1;
    else if (origin != "any") req.error("origin", fmt::format("'{}' is not an origin; use born_in_sweden, foreign_born or any", origin));
    t.condition.swedish_below = static_cast<int>(req.integer("swedish_below", t.condition.swedish_below, 1, 4));
    t.condition.swedish_at_least = static_cast<int>(req.integer("swedish_at_least", t.condition.swedish_at_least, 0, 3));
    t.condition.min_age = req.number("min_age", t.condition.min_age, {0, 120, "an age in years"});
    t.condition.max_age = req.number("max_age", t.condition.max_age, {0, 200, "an age in years"});
    req.finish();
  }
  t.source = reader.string("source", "");
  reader.finish();
  return t;
}


}  // namespace detail

DistrictsSpec load_districts(const std::filesystem::path& file, const std::vector<Override>& overrides, std::string* resolved) {
  return load_file<DistrictsSpec>(file, read_districts, overrides, "districts", resolved);
}

StaircaseSpec load_staircase(const std::filesystem::path& file, const std::vector<Override>& overrides, std::string* resolved) {
  return load_file<StaircaseSpec>(file, [](MapReader& reader) {
    StaircaseSpec spec = read_staircase(reader);
    Staircase::check(spec, reader.sink());
    return spec;
  }, overrides, "staircase", resolved);
}

EconomySpec load_economy(const std::filesystem::path& file, const std::vector<Override>& overrides, std::string* resolved) {
  return load_file<EconomySpec>(file, read_economy, overrides, "economy", resolved);
}

DemographySpec load_demography(const std::filesystem::path& file, const std::vector<Override>& overrides, std::string* resolved) {
  return load_file<DemographySpec>(file, read_demography, overrides, "demography", resolved);
}

BenefitsSpec load_benefits(const std::filesystem::path& file, const std::vector<Override>& overrides, std::string* resolved) {
  return load_file<BenefitsSpec>(file, detail::read_benefits, overrides, "benefits", resolved);
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides) {
  DiagnosticSink sink;
  YAML::Node node = resolved_scenario_node(file, sink);
  sink.throw_if_any();
  const std::vector<AppliedOverride> applied = apply_overrides(node, overrides, "scenario", file, sink);
  sink.throw_if_any();
  MapReader root(node, file, "", sink);
  Scenario s = [&] {
    Scenario s;
    s.file = file;
    s.overrides = overrides;
    if (root.has("name")) {
      s.name = root.string("name", "");
      if (!is_safe_name(s.name))
        root.error("name", fmt::format("'{}' cannot name a results folder: {}", s.name, kSafeNameRule));
    } else {
      // Named after its file; characters a folder name should not hold become '_'.
      s.name = file.stem().string().substr(0, 64);
      for (char& c : s.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
      if (!is_safe_name(s.name)) s.name = "scenario";
    }
    s.title = root.string("title", "");
    s.title_sv = root.string("title_sv", "");
    s.description = root.string("description", "");
    MapReader model = root.map("model");
    if (!model.yaml().IsDefined()) root.error("", "missing required key 'model' (paths of the districts, staircase, economy and demography files)");
    for (std::size_t i = 0; i < kModelFileCount; ++i) {
      s.model_files.path(i) = resolve(file, model.required_string(kModelFileKeys[i]));
      s.model_files.where[i] = model.location_of(kModelFileKeys[i]);
    }
    model.finish();
    s.start_year = static_cast<int>(root.integer("start_year", s.start_year, 1900, 2200));
    bool has_years = root.has("years"), has_months = root.has("months");
    if (has_years && has_months) root.error("months", "give either 'years' or 'months', not both");
    if (has_months) s.months = static_cast<int>(root.integer("months", s.months, 1, 600));
    else s.months = static_cast<int>(root.integer("years", s.months / 12, 1, 50)) * 12;
    s.warm_up_months = static_cast<int>(root.integer("warm_up_months", s.warm_up_months, 0, 600));
    s.scale = root.number("scale", s.scale, {1e-6, 1.0, "the share of the real population to simulate"});
    s.seed = static_cast<std::uint64_t>(root.integer("seed", s.seed, 0, std::numeric_limits<long long>::max()));
    s.replicates = static_cast<int>(root.integer("replicates", s.replicates, 1, 100000));
    MapReader demography = root.map("demography");
    auto& d = s.demography;
    d.ageing = demography.boolean("ageing", true);
    d.births = demography.boolean("births", true);
    d.mortality = demography.boolean("mortality", true);
    d.retirement = demography.boolean("retirement", true);
    d.age_moves = demography.boolean("age_moves", true);
    d.arrivals = demography.boolean("arrivals", true);
    d.moving_away = demography.boolean("moving_away", true);
    d.language = demography.boolean("language", true);
    d.partnerships = demography.boolean("partnerships", true);
    d.moves_within_city = demography.boolean("moves_within_city", true);
    d.moving_in = demography.boolean("moving_in", true);
    demography.finish();
    for (const std::string& policy : root.strings("policies")) s.policy_files.push_back(resolve(file, policy));
    YAML::Node policies = root.node("policies");
    for (std::size_t i = 0; policies.IsSequence() && i < policies.size(); ++i) s.policy_where.push_back(location_of(policies[i], file));
    MapReader interactions = root.map("policy_interactions");
    s.policy_interactions.exclusive = interactions.boolean("exclusive", s.policy_interactions.exclusive);
    s.policy_interactions.lottery_excludes = interactions.boolean("lottery_excludes", s.policy_interactions.lottery_excludes);
    interactions.finish();
    if (root.has("baseline")) s.baseline_file = resolve(file, root.string("baseline", ""));
    if (root.has("targets")) s.targets_file = resolve(file, root.string("targets", ""));
    MapReader budget = root.map("budget");
    s.discount_rate = budget.number("discount_rate", s.discount_rate, {0, 1, "a yearly rate"});
    budget.finish();
    s.districts_only = root.strings("districts_only");
    if (root.has("districts_only") && s.districts_only.empty() && root.yaml()["districts_only"].IsSequence())
      root.error("districts_only", "an empty list runs no district; name at least one, or leave the key out for all");
    YAML::Node only = root.node("districts_only");
    for (std::size_t i = 0; only.IsSequence() && i < only.size(); ++i) s.districts_only_where.push_back(location_of(only[i], file));
    s.gap_between = root.strings("gap_between");
    s.gap_between_where = root.location_of("gap_between");
    if (root.has("gap_between") && (s.gap_between.size() != 2 || s.gap_between[0] == s.gap_between[1]))
      root.error("gap_between", "name two different districts, e.g. [angered, vastra_goteborg]");
    if (root.has("microdata")) {
      MapReader microdata = root.map("microdata");
      const std::string frequency = microdata.string("frequency", "yearly");
      if (frequency == "yearly") s.microdata.frequency = MicrodataSpec::Frequency::kYearly;
      else if (frequency == "monthly") s.microdata.frequency = MicrodataSpec::Frequency::kMonthly;
      else if (frequency != "off") microdata.error("frequency", fmt::format("'{}' is not a frequency; use yearly, monthly or off", frequency));
      s.microdata.sample = microdata.number("sample", s.microdata.sample, {1e-9, 1, "a share of the people, above 0"});
      microdata.finish();
    }
    if (root.has("outputs")) {
      MapReader outputs = root.map("outputs");
      const std::string frequency = outputs.string("frequency", "auto");
      if (frequency == "auto") s.outputs.frequency = OutputsSpec::Frequency::kAuto;
      else if (frequency == "monthly") s.outputs.frequency = OutputsSpec::Frequency::kMonthly;
      else if (frequency == "yearly") s.outputs.frequency = OutputsSpec::Frequency::kYearly;
      else outputs.error("frequency", fmt::format("'{}' is not a frequency; use auto, monthly or yearly", frequency));
      s.outputs.auto_monthly_up_to_months =
          12 * static_cast<int>(outputs.integer("monthly_up_to_years", s.outputs.auto_monthly_up_to_months / 12, 0, 50));
      outputs.finish();
    }
    root.finish();
    return s;
  }();
  locate_at_overrides(sink, applied);
  sink.throw_if_any();
  s.resolved_yaml = YAML::Dump(node);
  return s;
}

std::vector<Diagnostic> overrides_of_policies_not_run(const std::vector<Override>& overrides, const std::vector<std::string>& policy_keys,
                                                      std::string_view runs_no_policy) {
  std::vector<Diagnostic> problems;
  for (const auto& o : overrides) {
    const std::string target = override_target(o.path).first;
    if (target.rfind("policy.", 0) != 0) continue;
    const std::string key = target.substr(7);
    if (std::find(policy_keys.begin(), policy_keys.end(), key) != policy_keys.end()) continue;
    const std::string suggestion = nearest_spelling(key, policy_keys);
    problems.push_back({{"--set " + o.path + "=" + o.value, 0, 0}, o.path,
                        fmt::format("{} '{}'{}", runs_no_policy, key, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
  }
  return problems;
}

Model load_model(const Scenario& scenario) {
  // Collect problems from every file before failing, so one run shows them all.
  std::vector<Diagnostic> all;
  Model model;
  std::array<bool, kModelFileCount> loaded{};
  auto attempt = [&](std::size_t index, auto&& load) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(scenario.model_files.path(index), ec)) {
      // Point at the scenario line that names the missing file: that is where to fix it.
      all.push_back({scenario.model_files.where[index], fmt::format("model.{}", kModelFileKeys[index]),
                     fmt::format("file not found: {}", scenario.model_files.path(index).string())});
      return;
    }
    try {
      load();
      loaded[index] = true;
    } catch (const InputError& e) {
      all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  };
  const auto& o = scenario.overrides;
  attempt(0, [&] { model.districts = load_districts(scenario.model_files.districts, o, &model.resolved_yaml[0]); });
  attempt(1, [&] { model.staircase = load_staircase(scenario.model_files.staircase, o, &model.resolved_yaml[1]); });
  attempt(2, [&] { model.economy = load_economy(scenario.model_files.economy, o, &model.resolved_yaml[2]); });
  attempt(3, [&] { model.demography = load_demography(scenario.model_files.demography, o, &model.resolved_yaml[3]); });
  attempt(4, [&] { model.benefits = load_benefits(scenario.model_files.benefits, o, &model.resolved_yaml[4]); });
  if (loaded[1] && loaded[3]) {
    // Stages the demography names (people moving in) must be stages of the staircase, and not exits.
    std::vector<std::string> stage_keys;
    for (const auto& stage : model.staircase.stages) stage_keys.push_back(stage.key);
    for (const StageReference& ref : model.demography.moving_in.stage_references) {
      auto it = std::find_if(model.staircase.stages.begin(), model.staircase.stages.end(),
                             [&](const StageSpec& stage) { return stage.key == ref.stage; });
      if (it == model.staircase.stages.end()) {
        std::string suggestion = nearest_spelling(ref.stage, stage_keys);
        all.push_back({ref.where, ref.key_path,
                       suggestion.empty() ? fmt::format("'{}' is not a stage of the staircase", ref.stage)
                                          : fmt::format("'{}' is not a stage of the staircase; did you mean '{}'?", ref.stage, suggestion)});
      } else if (it->exit) {
        all.push_back({ref.where, ref.key_path, fmt::format("'{}' is an exit stage; people moving in stand on a step", ref.stage)});
      }
    }
  }
  if (loaded[0] && loaded[1] && loaded[4]) {
    DiagnosticSink cross;
    detail::check_benefits(model.benefits, model.staircase, model.districts, cross);
    all.insert(all.end(), cross.diagnostics().begin(), cross.diagnostics().end());
  }
  if (!all.empty()) throw InputError(std::move(all));

  DiagnosticSink sink;
  std::vector<std::string> district_keys;
  for (const auto& d : model.districts.districts) district_keys.push_back(d.key);
  auto check_district = [&](const std::string& key, const SourceLocation& where, const std::string& what) {
    if (std::find(district_keys.begin(), district_keys.end(), key) != district_keys.end()) return true;
    std::string suggestion = nearest_spelling(key, district_keys);
    sink.add({where, what, fmt::format("unknown district '{}'{}", key, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
    return false;
  };
  for (std::size_t k = 0; k < scenario.districts_only.size(); ++k)
    check_district(scenario.districts_only[k],
                   k < scenario.districts_only_where.size() ? scenario.districts_only_where[k] : SourceLocation{scenario.file, 0, 0},
                   "districts_only");
  for (const std::string& key : scenario.gap_between) check_district(key, scenario.gap_between_where, "gap_between");
  // A file listed twice is one policy twice: refused before anything is loaded, as is a list
  // longer than the engine can run (each would cost a load and a diagnostic per pair).
  auto policy_where = [&](std::size_t i) {
    return i < scenario.policy_where.size() ? scenario.policy_where[i] : SourceLocation{scenario.file, 0, 0};
  };
  std::vector<std::filesystem::path> seen;
  bool policies_ok = scenario.policy_files.size() <= kMaxPolicies;
  if (!policies_ok)
    sink.add({policy_where(kMaxPolicies), "policies",
              fmt::format("{} policies are listed; at most {} can run together", scenario.policy_files.size(), kMaxPolicies)});
  for (std::size_t i = 0; policies_ok && i < scenario.policy_files.size(); ++i) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(scenario.policy_files[i], ec);
    auto first = std::find(seen.begin(), seen.end(), canonical);
    if (first != seen.end()) {
      sink.add({policy_where(i), fmt::format("policies[{}]", i),
                fmt::format("this policy file is already listed as policies[{}]; list each policy once", first - seen.begin())});
      policies_ok = false;
    }
    seen.push_back(canonical);
  }
  bool all_loaded = policies_ok;
  // Steps the policies add to the staircase first: a policy's effects may lead to them.
  std::vector<StaircaseAdditions> additions(scenario.policy_files.size());
  const std::size_t own_stages = model.staircase.stages.size();
  for (std::size_t i = 0; policies_ok && i < scenario.policy_files.size(); ++i) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(scenario.policy_files[i], ec)) continue;  // reported below
    try {
      additions[i] = load_staircase_additions(scenario.policy_files[i], model, scenario.overrides);
      for (const StageSpec& stage : additions[i].stages) {
        for (const StageSpec& other : model.staircase.stages)
          if (other.key == stage.key)
            sink.add({stage.where, "adds_to_staircase.stages." + stage.key,
                      fmt::format("another policy adds a step '{}' too; each added step needs its own key", stage.key)});
        model.staircase.stages.push_back(stage);
      }
      model.staircase.transitions.insert(model.staircase.transitions.end(), additions[i].transitions.begin(),
                                         additions[i].transitions.end());
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) sink.add(d);
      all_loaded = policies_ok = false;
    }
  }
  if (policies_ok && model.staircase.stages.size() > own_stages) {
    if (!detail::check_added_steps(model.staircase, sink)) policies_ok = all_loaded = false;
  }
  for (std::size_t i = 0; policies_ok && i < scenario.policy_files.size(); ++i) {
    const auto& file = scenario.policy_files[i];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      sink.add({policy_where(i), fmt::format("policies[{}]", i), fmt::format("file not found: {}", file.string())});
      all_loaded = false;
      continue;
    }
    try {
      model.policies.push_back(load_policy(file, model, scenario.start_year, scenario.overrides));
      model.policies.back().adds = additions[i];
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) sink.add(d);
      all_loaded = false;
    }
  }
  // An added step nobody can reach would be a silent no-op.
  for (const PolicySpec& policy : model.policies)
    for (const StageSpec& stage : policy.adds.stages) {
      bool reached = false;
      for (const PolicySpec& other : model.policies) {
        for (const PhaseSpec& phase : other.phases) {
          reached = reached || phase.effects.moves_to == stage.key;
          for (const auto& t : phase.effects.new_transitions) reached = reached || t.to == stage.key;
        }
        for (const auto& t : other.adds.transitions) reached = reached || (t.to == stage.key && t.from != stage.key);
      }
      if (!reached)
        sink.add({stage.where, "adds_to_staircase.stages." + stage.key,
                  fmt::format("nobody can reach '{}': lead to it with effects.new_transitions or moves_to", stage.key)});
    }
  // An override aimed at a policy the scenario does not run would silently do nothing; a
  // failed file has its key unread.
  if (all_loaded && scenario.refuse_overrides_of_other_policies) {
    std::vector<std::string> policy_keys;
    for (const auto& policy : model.policies) policy_keys.push_back(policy.key);
    for (auto& d : overrides_of_policies_not_run(scenario.overrides, policy_keys, "the scenario runs no policy"))
      sink.add({{scenario.file, 0, 0}, d.key_path, d.message});
  }
  for (std::size_t i = 0; i < model.policies.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (model.policies[i].key == model.policies[j].key) {
        sink.add({model.policies[i].key_where, "key",
                  fmt::format("policy key '{}' is also the key of {}; each policy in a scenario needs its own key",
                              model.policies[i].key, model.policies[j].file.string())});
        break;
      }
  // A person in several policies at once has every one's new transitions (of the phase they
  // are in): all of them, with the staircase's, must fit the kernel's table.
  for (const auto& stage : model.staircase.stages) {
    std::size_t out = 0, added = 0;
    for (const auto& t : model.staircase.transitions) out += t.from == stage.key;
    for (const auto& policy : model.policies) {
      std::size_t most = 0;
      for (const auto& phase : policy.phases)
        most = std::max<std::size_t>(most, std::count_if(phase.effects.new_transitions.begin(), phase.effects.new_transitions.end(),
                                                         [&](const TransitionSpec& t) { return t.from == stage.key; }));
      added += most;
    }
    if (added > 0 && out + added > kMaxOutgoingTransitions && !model.policies.empty())
      sink.add({scenario.policy_where.empty() ? SourceLocation{scenario.file, 0, 0} : scenario.policy_where.front(), "policies",
                fmt::format("the scenario's policies add {} transitions out of '{}' to the staircase's {}; together at most {} can leave a stage",
                            added, stage.key, out, kMaxOutgoingTransitions)});
  }
  if (!scenario.baseline_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(scenario.baseline_file, ec))
      sink.add({{scenario.file, 0, 0}, "baseline", fmt::format("file not found: {}", scenario.baseline_file.string())});
  }
  if (!scenario.targets_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(scenario.targets_file, ec)) {
      sink.add({{scenario.file, 0, 0}, "targets", fmt::format("file not found: {}", scenario.targets_file.string())});
    } else {
      try {
        model.targets = load_targets(scenario.targets_file, model, scenario.start_year);
        model.targets_yaml = YAML::Dump(YAML::LoadFile(scenario.targets_file.string()));
      } catch (const InputError& e) {
        for (const auto& d : e.diagnostics()) sink.add(d);
      }
    }
  }
  sink.throw_if_any();
  if (!scenario.districts_only.empty()) {
    // Published figures describe the whole city: a run of some districts is not compared with them.
    model.targets.reset();
    std::erase_if(model.districts.districts, [&](const DistrictSpec& d) {
      return std::find(scenario.districts_only.begin(), scenario.districts_only.end(), d.key) == scenario.districts_only.end();
    });
  }
  return model;
}

FileKind validate_file(const std::filesystem::path& file, const std::filesystem::path& policy_context) {
  DiagnosticSink sink;
  auto root = load_yaml_file(file, sink);
  sink.throw_if_any();
  if ((*root)["model"] || (*root)["extends"]) {
    // As `run` loads it: the scenario, its model and policies, and its baseline with its own.
    Scenario scenario = load_scenario(file);
    std::vector<Diagnostic> problems;
    try {
      load_model(scenario);
    } catch (const InputError& e) {
      problems = e.diagnostics();
    }
    if (!scenario.baseline_file.empty() && std::filesystem::is_regular_file(scenario.baseline_file)) {
      try {
        load_model(load_scenario(scenario.baseline_file));
      } catch (const InputError& e) {
        problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      }
    }
    if (!problems.empty()) throw InputError(in_file_order(std::move(problems)));
    return FileKind::kScenario;
  }
  if ((*root)["scenario"] && (*root)["inputs"]) {
    load_sensitivity(file);  // also loads its scenario, model and (for budget outputs) baseline
    return FileKind::kSensitivity;
  }
  if ((*root)["inputs"]) {
    validate_uncertain_inputs(file, policy_context);
    return FileKind::kUncertainty;
  }
  if ((*root)["scenario"] && (*root)["parameters"]) {
    load_calibration(file);  // also loads its scenario, model and targets
    return FileKind::kCalibration;
  }
  if ((*root)["base"] && (*root)["parameters"]) {
    // As `sweep` loads it: the base scenario with every point's values.
    SweepSpec sweep = load_sweep(file);
    std::vector<Diagnostic> problems;
    std::vector<std::vector<double>> points = sweep_points(sweep);
    for (std::size_t p = 0; p < points.size(); ++p) {
      try {
        load_model(load_scenario(sweep.base, point_overrides(sweep, points[p])));
      } catch (const InputError& e) {
        for (auto d : e.diagnostics()) {
          d.message = fmt::format("{} (sweep point {})", d.message, p);
          problems.push_back(std::move(d));
        }
      }
    }
    if (!problems.empty()) throw InputError(in_file_order(std::move(problems)));
    return FileKind::kSweep;
  }
  if ((*root)["targets"]) {
    Scenario context = load_scenario(policy_context);
    load_targets(file, load_model(context), context.start_year);
    return FileKind::kTargets;
  }
  if ((*root)["districts"]) return load_districts(file), FileKind::kDistricts;
  if ((*root)["stages"]) return load_staircase(file), FileKind::kStaircase;
  if ((*root)["income_tax_rate"]) return load_economy(file), FileKind::kEconomy;
  if ((*root)["mortality_per_year"]) return load_demography(file), FileKind::kDemography;
  if ((*root)["income_support"]) return load_benefits(file), FileKind::kBenefits;
  if ((*root)["capacity"]) {
    // A policy is checked against the model of the scenario it is meant for.
    Scenario context = load_scenario(policy_context);
    Model model = load_model(context);
    load_policy(file, model, context.start_year);
    return FileKind::kPolicy;
  }
  throw InputError({{{file, 1, 1}, "", "not a Trappsteg file: expected a scenario (with 'model' or 'extends'), a sweep "
                                        "(with 'base' and 'parameters'), a calibration or sensitivity file (with 'scenario'), an "
                                        "uncertainty file (with 'inputs'), targets, or a districts, staircase, economy, demography, "
                                        "benefits or policy file"}});
}

}  // namespace trappsteg
