// The benefit rules (engine/benefits) against households computed by hand. Each test builds
// its rules in code, with round numbers, so the expected amounts can be checked with a pencil;
// one test reads the shipped benefits.yaml and recomputes its riksnorm 2016 by hand.

#include "engine/benefits/benefits.hpp"
#include "engine/staircase/graph.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <vector>

namespace trappsteg {
namespace {

const LoadedScenario& shipped() {
  static const LoadedScenario loaded = testing::load("scenarios/baseline.yaml");
  return loaded;
}

/// Rules with round numbers: norm single 3 000, couple 5 000, children 2 000 (0–10) and
/// 3 000 (11–20), common costs 1 000 / 1 200 / 1 400 / 1 600 (+200 each further), rent 5 000 /
/// 6 000 for one / two adults and 7 000 / 8 000 (+1 000 each further) with children.
BenefitsSpec round_rules() {
  BenefitsSpec spec;
  IncomeSupportSpec& s = spec.income_support;
  s.adult_single_sek = 3000;
  s.adults_couple_sek = 5000;
  s.child_age_edges = {0, 11};
  s.child_sek = {2000, 3000};
  s.common_by_size_sek = {1000, 1200, 1400, 1600};
  s.common_each_further_sek = 200;
  s.rent_adults_sek = {5000, 6000};
  s.rent_children_sek = {7000, 8000};
  s.rent_each_further_child_sek = 1000;
  spec.child_allowance.per_child_sek = 1000;
  spec.child_allowance.below_age = 16;
  spec.child_allowance.large_family_supplement_sek = {0, 100, 500};
  spec.child_allowance.each_further_child_sek = 1000;
  return spec;
}

PersonBenefitRule rule(const std::string& key, std::vector<std::string> stages, double amount) {
  PersonBenefitRule r;
  r.key = key;
  r.source = "test";
  r.stages = std::move(stages);
  r.amount_sek = amount;
  return r;
}

BenefitRules compile(const BenefitsSpec& spec, double tax = 0.3) {
  return BenefitRules(spec, *shipped().staircase, shipped().model.districts, tax);
}

PersonFacts person(const std::string& stage, double age, double earnings = 0) {
  PersonFacts p;
  p.stage = shipped().staircase->id_of(stage);
  p.employed = shipped().staircase->stage(p.stage).employed();
  p.age_years = age;
  p.earnings_sek = earnings;
  p.wage_potential_sek = 30000;
  return p;
}

MemberFacts member(double age, double net, bool child = false) {
  MemberFacts m;
  m.age_years = age;
  m.lives_with_parents = child;
  m.income.net_sek = net;
  return m;
}

const RandomStream kRandom(RandomKey{7, 0});

/// Everyone claims: take-up at 100 %, whatever the draw.
HouseholdAssessment assess(const BenefitRules& rules, std::vector<MemberFacts> members, std::uint16_t history = 0) {
  return rules.assess(members, HouseholdFacts{0, history, 1}, kRandom);
}

}  // namespace

TEST_CASE("benefits.a_single_adult_without_income_gets_the_norm_and_the_rent") {
  BenefitRules rules = compile(round_rules());
  HouseholdAssessment a = assess(rules, {member(35, 0)});
  // 3 000 personal + 1 000 common + 5 000 rent.
  CHECK(a.norm_sek == doctest::Approx(9000));
  CHECK(a.income_support_sek == doctest::Approx(9000));
  CHECK(a.disposable_sek == doctest::Approx(9000));
}

TEST_CASE("benefits.income_support_is_the_last_resort_after_every_income") {
  BenefitRules rules = compile(round_rules());
  // 6 500 net of her own: 9 000 − 6 500 = 2 500.
  CHECK(assess(rules, {member(35, 6500)}).income_support_sek == doctest::Approx(2500));
  // Above the norm: nothing.
  CHECK(assess(rules, {member(35, 9500)}).income_support_sek == 0);
}

TEST_CASE("benefits.a_couple_with_two_children_counts_the_child_allowance") {
  BenefitsSpec spec = round_rules();
  BenefitRules rules = compile(spec);
  // Norm: 5 000 couple + 2 000 (age 4) + 3 000 (age 12) + 1 600 common (4 people) + 8 000 rent = 19 600.
  // Income: 6 000 net + child allowance 2 × 1 000 + 100 supplement = 8 100 → support 11 500.
  HouseholdAssessment a = assess(rules, {member(38, 6000), member(36, 0), member(4, 0, true), member(12, 0, true)});
  CHECK(a.child_allowance_sek == doctest::Approx(2100));
  CHECK(a.norm_sek == doctest::Approx(19600));
  CHECK(a.income_support_sek == doctest::Approx(11500));
  CHECK(a.disposable_sek == doctest::Approx(6000 + 2100 + 11500));
}

TEST_CASE("benefits.an_adult_child_at_home_is_a_case_of_their_own") {
  BenefitsSpec spec = round_rules();
  spec.income_support.adult_child_rent_sek = 500;
  BenefitRules rules = compile(spec);
  // Parents earn 20 000 net; their son (23, no income) is assessed alone: 3 000 personal + his
  // share of the common costs for 3 people (1 400 / 3) + 500 for his part of the home.
  HouseholdAssessment a = assess(rules, {member(50, 10000), member(48, 10000), member(23, 0, true)});
  CHECK(a.income_support_sek == doctest::Approx(3000 + 1400.0 / 3 + 500));
  // A pupil of 19 in upper-secondary school is still the parents' child: no case of her own.
  MemberFacts pupil = member(19, 0, true);
  pupil.in_school = true;
  CHECK(assess(rules, {member(50, 10000), member(48, 10000), pupil}).income_support_sek == 0);
}

TEST_CASE("benefits.the_paid_members_are_those_of_the_units_paid") {
  BenefitRules rules = compile(round_rules());
  // The son's own case is paid (he has nothing); his parents earn above their norm, so theirs is not.
  HouseholdAssessment son_only = assess(rules, {member(50, 10000), member(48, 10000), member(23, 0, true)});
  REQUIRE(son_only.income_support_sek > 0);
  CHECK(son_only.paid_members == 0b100u);
  // Parents without income and a son who earns enough: the family (parents and the child of 10) is paid, not him.
  HouseholdAssessment family = assess(rules, {member(50, 0), member(48, 0), member(23, 20000, true), member(10, 0, true)});
  REQUIRE(family.income_support_sek > 0);
  CHECK(family.paid_members == 0b1011u);
  // Nobody in need: nobody marked.
  CHECK(assess(rules, {member(35, 9500)}).paid_members == 0);
}

TEST_CASE("benefits.people_on_their_own_means_are_outside_the_assessment") {
  BenefitRules rules = compile(round_rules());
  MemberFacts student = member(24, 10000);
  student.income.own_means = true;
  // A student alone lives on student finance: no support, whatever the norm.
  CHECK(assess(rules, {student}).income_support_sek == 0);
  MemberFacts poor_student = member(24, 2000);
  poor_student.income.own_means = true;
  CHECK(assess(rules, {poor_student}).income_support_sek == 0);
  // Living with a partner without income: the partner alone is assessed, with half the common
  // costs and half the rent: 3 000 + 1 200 / 2 + 6 000 / 2 = 6 600.
  CHECK(assess(rules, {poor_student, member(26, 0)}).income_support_sek == doctest::Approx(6600));
}

TEST_CASE("benefits.long_term_recipients_keep_part_of_their_earnings") {
  BenefitsSpec spec = round_rules();
  spec.income_support.job_incentive_after_months = 6;
  spec.income_support.job_incentive_share = 0.25;
  BenefitRules rules = compile(spec, 0.3);
  MemberFacts worker = member(35, 0);
  worker.income.earnings_sek = 6000;
  worker.income.net_sek = 4200;  // 6 000 × (1 − 0.3)
  // Five months on support: no disregard, 9 000 − 4 200 = 4 800.
  CHECK(assess(rules, {worker}, 0b011111).income_support_sek == doctest::Approx(4800));
  // Six months in a row: a quarter of the net earnings (1 050) is not counted.
  CHECK(assess(rules, {worker}, 0b111111).income_support_sek == doctest::Approx(4800 + 1050));
}

TEST_CASE("benefits.take_up_falls_with_the_amount_and_uses_a_fixed_draw") {
  BenefitsSpec spec = round_rules();
  spec.income_support.take_up_max = 1;
  spec.income_support.take_up_half_at_sek = 1000;
  BenefitRules rules = compile(spec);
  // A household entitled to 9 000 claims with probability 1 − 2^−9; one entitled to 500 with 1 − 2^−0.5 ≈ 0.29.
  std::size_t claims_large = 0, claims_small = 0;
  const int households = 4000;
  for (int h = 0; h < households; ++h) {
    std::vector<MemberFacts> none{member(35, 0)}, some{member(35, 8500)};
    HouseholdAssessment large = rules.assess(none, HouseholdFacts{0, 0, static_cast<std::uint32_t>(h)}, kRandom);
    HouseholdAssessment small = rules.assess(some, HouseholdFacts{0, 0, static_cast<std::uint32_t>(h)}, kRandom);
    CHECK(large.entitled_support_sek == doctest::Approx(9000));
    CHECK(small.entitled_support_sek == doctest::Approx(500));
    claims_large += large.income_support_sek > 0;
    claims_small += small.income_support_sek > 0;
    // The same household claims the same way every month (common random numbers).
    CHECK(rules.assess(some, HouseholdFacts{0, 0, static_cast<std::uint32_t>(h)}, kRandom).income_support_sek == small.income_support_sek);
  }
  // Relative tolerances of about four standard errors of a share among 4 000.
  CHECK(claims_large / double(households) == doctest::Approx(1 - std::exp2(-9.0)).epsilon(0.005).scale(0));
  CHECK(claims_small / double(households) == doctest::Approx(1 - std::exp2(-0.5)).epsilon(0.1).scale(0));
}

TEST_CASE("benefits.housing_allowance_for_a_family_follows_rent_and_income") {
  BenefitsSpec spec = round_rules();
  HousingAllowanceSpec& h = spec.housing_allowance;
  h.enabled = true;
  h.special_by_children_sek = {1500, 2000, 2650};
  h.family_rent_floor_sek = 1400;
  h.family_rent_ceiling_by_children_sek = {5300, 5900, 6600};
  h.family_rent_share = 0.5;
  h.family_income_threshold_single_year_sek = 117000;
  h.family_income_threshold_couple_each_year_sek = 58500;
  h.family_reduction_rate = 0.2;
  BenefitRules rules = compile(spec);
  // A single mother of one (rent 7 000, above the 5 300 ceiling): 1 500 + (5 300 − 1 400) / 2 = 3 450.
  MemberFacts mother = member(30, 0);
  CHECK(assess(rules, {mother, member(3, 0, true)}).housing_allowance_sek == doctest::Approx(3450));
  // Earning 12 750 a month (153 000 a year): reduced by 20 % of (153 000 − 117 000) / 12 = 600.
  mother.income.earnings_sek = 12750;
  mother.income.net_sek = 12750 * 0.7;
  CHECK(assess(rules, {mother, member(3, 0, true)}).housing_allowance_sek == doctest::Approx(2850));
  // It counts as income for the support: 5 000 personal… the need is 3 000 + 2 000 + 1 200 + 7 000 = 13 200.
  HouseholdAssessment a = assess(rules, {member(30, 0), member(3, 0, true)});
  CHECK(a.income_support_sek == doctest::Approx(13200 - 3450 - 1000));
}

TEST_CASE("benefits.housing_allowance_for_young_people_without_children") {
  BenefitsSpec spec = round_rules();
  HousingAllowanceSpec& h = spec.housing_allowance;
  h.enabled = true;
  h.special_by_children_sek = {0};
  h.family_rent_ceiling_by_children_sek = {0};
  h.young_min_age = 18;
  h.young_max_age = 29;
  h.young_bands = {{1800, 2600, 0.9}, {2600, 3600, 0.65}};
  h.young_income_threshold_year_sek = 41000;
  h.young_reduction_rate = 1.0 / 3;
  BenefitRules rules = compile(spec);
  // Rent 5 000: 0.9 × 800 + 0.65 × 1 000 = 1 370.
  CHECK(assess(rules, {member(22, 0)}).housing_allowance_sek == doctest::Approx(1370));
  // Too old at 29.
  CHECK(assess(rules, {member(29, 0)}).housing_allowance_sek == 0);
  // 5 000 taxable a month = 60 000 a year: less a third of 19 000 / 12.
  MemberFacts earner = member(22, 3500);
  earner.income.earnings_sek = 5000;
  CHECK(assess(rules, {earner}).housing_allowance_sek == doctest::Approx(1370 - 19000.0 / 3 / 12));
}

TEST_CASE("benefits.person_rules_pay_by_stage_and_the_largest_in_a_group") {
  BenefitsSpec spec = round_rules();
  PersonBenefitRule insurance = rule("insurance", {"job_seeker"}, 0);
  insurance.group = "replacement";
  insurance.replacement_rate = 0.8;
  insurance.wage_cap_sek = 25000;
  insurance.max_months_since_job = 14;
  PersonBenefitRule basic = rule("basic", {"job_seeker"}, 7000);
  basic.group = "replacement";
  basic.max_months_since_job = 14;
  PersonBenefitRule allowance = rule("allowance", {"school"}, 1000);
  allowance.taxed = false;
  spec.person_benefits = {insurance, basic, allowance};
  BenefitRules rules = compile(spec, 0.3);
  PersonFacts seeker = person("job_seeker", 40);
  seeker.months_since_job = 3;
  // 0.8 × min(30 000, 25 000) = 20 000 beats the basic 7 000; taxed at 30 %.
  PersonIncome income = rules.person_income(seeker, kRandom, 1);
  CHECK(income.taxed_benefits_sek == doctest::Approx(20000));
  CHECK(income.net_sek == doctest::Approx(14000));
  // After 14 months: nothing; on another stage: nothing.
  seeker.months_since_job = 15;
  CHECK(rules.person_income(seeker, kRandom, 1).net_sek == 0);
  CHECK(rules.person_income(person("outside", 40), kRandom, 1).net_sek == 0);
  // An untaxed benefit on its own adds to earnings.
  PersonIncome pupil = rules.person_income(person("school", 17), kRandom, 2);
  CHECK(pupil.untaxed_benefits_sek == doctest::Approx(1000));
  CHECK(pupil.net_sek == doctest::Approx(1000));
  // Earnings are taxed.
  CHECK(rules.person_income(person("stable_job", 40, 30000), kRandom, 3).net_sek == doctest::Approx(21000));
}

TEST_CASE("benefits.conditions_on_origin_arrival_sex_children_and_share") {
  BenefitsSpec spec = round_rules();
  PersonBenefitRule establishment = rule("establishment", {"language"}, 6700);
  establishment.origin = 1;
  establishment.arrival_limited = true;
  establishment.since_arrival_min = 0;
  establishment.since_arrival_max = 23;
  PersonBenefitRule parental = rule("parental", {}, 7500);
  parental.sex = 1;
  parental.not_employed = true;
  parental.youngest_child_below_months = 12;
  PersonBenefitRule half = rule("half", {"outside"}, 1000);
  half.share = 0.5;
  spec.person_benefits = {establishment, parental, half};
  BenefitRules rules = compile(spec, 0.3);
  PersonFacts newcomer = person("language", 30);
  newcomer.foreign_born = true;
  newcomer.months_since_arrival = 10;
  CHECK(rules.person_income(newcomer, kRandom, 1).taxed_benefits_sek == doctest::Approx(6700));
  newcomer.months_since_arrival = 24;
  CHECK(rules.person_income(newcomer, kRandom, 1).taxed_benefits_sek == 0);
  PersonFacts mother = person("outside", 30);
  mother.female = true;
  mother.youngest_child_months = 5;
  PersonFacts father = mother;
  father.female = false;
  CHECK(rules.person_income(mother, kRandom, 100).taxed_benefits_sek >= 7500);
  CHECK(rules.person_income(father, kRandom, 100).taxed_benefits_sek < 7500);
  // About half of those on 'outside' have the shared benefit, the same people every time.
  int with = 0;
  for (std::uint32_t id = 0; id < 4000; ++id) {
    bool has = rules.person_income(person("outside", 40), kRandom, id).taxed_benefits_sek > 0;
    CHECK(has == (rules.person_income(person("outside", 40), kRandom, id).taxed_benefits_sek > 0));
    with += has;
  }
  CHECK(with / 4000.0 == doctest::Approx(0.5).epsilon(0.06).scale(0));
}

TEST_CASE("benefits.pensions_scale_with_years_in_sweden") {
  BenefitsSpec spec = round_rules();
  PersonBenefitRule pension = rule("pension", {"retired"}, 0);
  pension.replacement_rate = 0.5;
  pension.floor_sek = 8000;
  pension.full_after_years_in_sweden = 40;
  pension.own_means = true;
  spec.person_benefits = {pension};
  BenefitRules rules = compile(spec, 0.3);
  PersonFacts retired = person("retired", 70);
  retired.years_in_sweden_as_adult = 52;
  // A full career: 0.5 × 30 000 = 15 000.
  PersonIncome full = rules.person_income(retired, kRandom, 1);
  CHECK(full.taxed_benefits_sek == doctest::Approx(15000));
  CHECK(full.own_means);
  // Ten years in Sweden: a quarter of both, 3 750 against a floor of 2 000.
  retired.years_in_sweden_as_adult = 10;
  CHECK(rules.person_income(retired, kRandom, 1).taxed_benefits_sek == doctest::Approx(3750));
}

TEST_CASE("benefits.shipped_rules_hold_the_riksnorm_2016") {
  // benefits.yaml: the 2015 riksnorm plus the 2016 changes (children 0–6 +100, 7–20 +250,
  // common costs +10). A couple with children of 2 and 8 in a four-person household:
  // 5 320 + 2 080 + 2 660 + 1 500 = 11 560.
  const LoadedScenario& loaded = shipped();
  BenefitRules rules(loaded.model.benefits, *loaded.staircase, loaded.model.districts, loaded.model.economy.income_tax_rate);
  const double ages[] = {2, 8};
  CHECK(rules.norm(2, ages, 4, 4) == doctest::Approx(11560));
  // A single adult: 2 950 + 940.
  CHECK(rules.norm(1, {}, 1, 1) == doctest::Approx(3890));
  // Eight people: 2 130 + 170 common costs.
  CHECK(rules.norm(0, {}, 8, 8) == doctest::Approx(2300));
}

}  // namespace trappsteg
