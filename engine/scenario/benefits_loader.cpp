// benefits.yaml → BenefitsSpec: every rule read and checked, with file, line, column and key.

#include "engine/scenario/benefits_spec.hpp"
#include "engine/scenario/detail/read_helpers.hpp"
#include "engine/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace trappsteg::detail {
namespace {

constexpr Bounds kSek{0, 1e9, "an amount in SEK cannot be negative"};

/// A list of amounts that must not fall as the count grows (rents, allowances by children).
std::vector<double> amounts(MapReader& reader, std::string_view key, bool required) {
  std::vector<double> values = reader.numbers(key, kSek, required);
  if (reader.has(key) && values.empty() && reader.node(key).IsSequence()) reader.error(key, "give at least one amount");
  return values;
}

PersonBenefitRule read_rule(MapReader& r) {
  PersonBenefitRule rule;
  rule.where = r.location_of("");
  rule.key = r.required_string("key");
  rule.name = r.string("name", rule.key);
  rule.source = r.required_string("source");
  const std::string payer = r.string("paid_by", "state");
  if (payer == "region") rule.payer = Payer::kRegion;
  else if (payer == "city") rule.payer = Payer::kCity;
  else if (payer != "state") r.error("paid_by", fmt::format("'{}': use state, region or city", payer));
  rule.group = r.string("group", "");
  rule.stages = r.strings("stages");
  if (r.has("age")) {
    auto age = r.numbers("age", {0, 200, "an age in years"});
    if (age.size() != 2 || !(age[0] < age[1])) r.error("age", "expected [min, max) in years, min < max");
    else rule.min_age = age[0], rule.max_age = age[1];
  }
  const std::string origin = r.string("origin", "any");
  if (origin == "born_in_sweden") rule.origin = 0;
  else if (origin == "foreign_born") rule.origin = 1;
  else if (origin != "any") r.error("origin", fmt::format("'{}': use any, born_in_sweden or foreign_born", origin));
  if (r.has("months_since_arrival")) {
    auto months = r.numbers("months_since_arrival", kNonNegative);
    if (months.size() != 2 || months[1] < months[0]) r.error("months_since_arrival", "expected [min, max] in months, min <= max");
    else rule.since_arrival_min = months[0], rule.since_arrival_max = months[1], rule.arrival_limited = true;
  }
  rule.max_months_since_job = r.number("months_since_job_at_most", rule.max_months_since_job, {0, 1200, "months"});
  rule.not_employed = r.boolean("not_employed", false);
  const std::string sex = r.string("sex", "any");
  if (sex == "female") rule.sex = 1;
  else if (sex == "male") rule.sex = 0;
  else if (sex != "any") r.error("sex", fmt::format("'{}': use any, female or male", sex));
  rule.youngest_child_below_months = r.number("youngest_child_below_months", rule.youngest_child_below_months, {0, 240, "months"});
  rule.share = r.number("share", rule.share, kShare);
  rule.amount_sek = r.number("amount_sek", rule.amount_sek, kSek);
  rule.replacement_rate = r.number("replacement_rate", rule.replacement_rate, {0, 1.5, "a share of the full-time wage"});
  rule.wage_cap_sek = r.number("wage_cap_sek", std::numeric_limits<double>::infinity(), kSek);
  rule.floor_sek = r.number("floor_sek", rule.floor_sek, kSek);
  rule.full_after_years_in_sweden = r.number("full_after_years_in_sweden", rule.full_after_years_in_sweden, {0, 100, "years"});
  rule.taxed = r.boolean("taxed", true);
  rule.own_means = r.boolean("own_means", false);
  r.finish();
  return rule;
}

}  // namespace

BenefitsSpec read_benefits(MapReader& root) {
  BenefitsSpec spec;
  spec.file = root.file();
  MapReader ages = root.map("ages");
  spec.ages.child_below = ages.number("child_below", spec.ages.child_below, {1, 30, "an age in years"});
  spec.ages.school_youth_below = ages.number("school_youth_below", spec.ages.school_youth_below, {1, 30, "an age in years"});
  spec.ages.adult_from = ages.number("adult_from", spec.ages.adult_from, {1, 30, "an age in years"});
  ages.finish();
  for (MapReader& r : root.maps("person_benefits", false)) {
    PersonBenefitRule rule = read_rule(r);
    for (const auto& other : spec.person_benefits)
      if (other.key == rule.key && !rule.key.empty()) r.error("key", fmt::format("rule '{}' is defined twice", rule.key));
    spec.person_benefits.push_back(std::move(rule));
  }

  MapReader child = root.map("child_allowance");
  spec.child_allowance.per_child_sek = child.number("per_child_sek", spec.child_allowance.per_child_sek, kSek);
  spec.child_allowance.below_age = child.number("below_age", spec.child_allowance.below_age, {0, 30, "an age in years"});
  spec.child_allowance.large_family_supplement_sek = amounts(child, "large_family_supplement_sek", false);
  spec.child_allowance.each_further_child_sek = child.number("each_further_child_sek", spec.child_allowance.each_further_child_sek, kSek);
  child.finish();

  if (root.has("housing_allowance")) {
    MapReader housing = root.map("housing_allowance");
    HousingAllowanceSpec& h = spec.housing_allowance;
    h.enabled = true;
    MapReader families = housing.map("families");
    h.special_by_children_sek = amounts(families, "special_by_children_sek", true);
    h.family_rent_floor_sek = families.required_number("rent_floor_sek", kSek);
    h.family_rent_ceiling_by_children_sek = amounts(families, "rent_ceiling_by_children_sek", true);
    h.family_rent_share = families.required_number("rent_share", kShare);
    h.family_income_threshold_single_year_sek = families.required_number("income_threshold_single_year_sek", kSek);
    h.family_income_threshold_couple_each_year_sek = families.required_number("income_threshold_couple_each_year_sek", kSek);
    h.family_reduction_rate = families.required_number("reduction_rate", kShare);
    families.finish();
    MapReader young = housing.map("young");
    auto age = young.numbers("age", {0, 200, "an age in years"});
    if (age.size() != 2 || !(age[0] < age[1])) young.error("age", "expected [min, max) in years, min < max");
    else h.young_min_age = age[0], h.young_max_age = age[1];
    for (MapReader& band : young.maps("bands")) {
      double from = band.required_number("from", kSek), to = band.required_number("to", kSek), share = band.required_number("share", kShare);
      if (!(from < to)) band.error("to", "a band's 'to' must be above its 'from'");
      band.finish();
      h.young_bands.push_back({from, to, share});
    }
    h.young_income_threshold_year_sek = young.required_number("income_threshold_year_sek", kSek);
    h.young_reduction_rate = young.required_number("reduction_rate", kShare);
    young.finish();
    h.take_up = housing.number("take_up", h.take_up, kShare);
    housing.finish();
  }

  MapReader support = root.map("income_support");
  if (!support.yaml().IsDefined()) root.error("", "missing required key 'income_support'");
  IncomeSupportSpec& s = spec.income_support;
  MapReader norm = support.map("norm");
  MapReader adults = norm.map("adults");
  s.adult_single_sek = adults.required_number("single", kSek);
  s.adults_couple_sek = adults.required_number("couple", kSek);
  adults.finish();
  MapReader children = norm.map("children");
  s.child_age_edges = children.numbers("age_bands", {0, 30, "an age in years"});
  s.child_sek = children.numbers("amounts", kSek);
  if (s.child_age_edges.size() != s.child_sek.size()) children.error("amounts", "give one amount per age band");
  for (std::size_t i = 1; i < s.child_age_edges.size(); ++i)
    if (!(s.child_age_edges[i] > s.child_age_edges[i - 1])) children.error("age_bands", "age bands must increase");
  if (!s.child_age_edges.empty() && s.child_age_edges.front() != 0) children.error("age_bands", "the first age band must start at 0");
  children.finish();
  MapReader common = norm.map("household_common");
  s.common_by_size_sek = amounts(common, "by_size", true);
  s.common_each_further_sek = common.number("each_further", s.common_each_further_sek, kSek);
  common.finish();
  norm.finish();
  MapReader housing = support.map("housing");
  s.rent_adults_sek = amounts(housing, "adults_only_sek", true);
  s.rent_children_sek = amounts(housing, "with_children_sek", true);
  s.rent_each_further_child_sek = housing.number("each_further_child_sek", s.rent_each_further_child_sek, kSek);
  s.adult_child_rent_sek = housing.number("adult_child_at_home_sek", s.adult_child_rent_sek, kSek);
  if (housing.has("district_index")) {
    YAML::Node index = housing.node("district_index");
    MapReader districts = housing.map("district_index");
    if (index.IsMap())
      for (const auto& entry : index) {
        const std::string key = entry.first.Scalar();
        s.rent_district_index.emplace_back(key, districts.required_number(key, {0.1, 10, "an index (city = 1)"}));
      }
    std::vector<std::string> keys;
    for (const auto& [key, value] : s.rent_district_index) keys.push_back(key);
    districts.finish(keys);
  }
  housing.finish();
  if (support.has("job_incentive")) {
    MapReader incentive = support.map("job_incentive");
    s.job_incentive_after_months = static_cast<int>(incentive.required_integer("after_months", 1, 12));
    s.job_incentive_share = incentive.required_number("disregarded_share", kShare);
    incentive.finish();
  }
  if (support.has("take_up")) {
    MapReader take_up = support.map("take_up");
    s.take_up_max = take_up.required_number("max", kShare);
    s.take_up_half_at_sek = take_up.number("half_at_sek", s.take_up_half_at_sek, kSek);
    take_up.finish();
  }
  support.finish();
  root.finish();
  return spec;
}

void check_benefits(const BenefitsSpec& spec, const StaircaseSpec& staircase, const DistrictsSpec& districts, DiagnosticSink& sink) {
  std::vector<std::string> stages, district_keys;
  for (const auto& s : staircase.stages) stages.push_back(s.key);
  for (const auto& d : districts.districts) district_keys.push_back(d.key);
  for (std::size_t r = 0; r < spec.person_benefits.size(); ++r) {
    const PersonBenefitRule& rule = spec.person_benefits[r];
    for (const auto& stage : rule.stages)
      if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
        std::string suggestion = nearest_spelling(stage, stages);
        sink.add({rule.where, fmt::format("person_benefits[{}].stages", r),
                  fmt::format("the staircase has no stage '{}'{}", stage, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
      }
  }
  for (const auto& [key, index] : spec.income_support.rent_district_index)
    if (std::find(district_keys.begin(), district_keys.end(), key) == district_keys.end()) {
      std::string suggestion = nearest_spelling(key, district_keys);
      sink.add({{spec.file, 0, 0}, "income_support.housing.district_index." + key,
                fmt::format("unknown district '{}'{}", key, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion))});
    }
}

}  // namespace trappsteg::detail
