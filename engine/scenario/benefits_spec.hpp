#pragma once
// The benefit rules of a model (models/<city>/benefits.yaml), as validated data: what each
// person receives from the state or the region by their situation, the household benefits
// (child allowance, housing allowance), and the city's income support — the last resort,
// assessed against the national norm and a reasonable rent after every other income.
// engine/benefits/ applies them; nothing here reads files.

#include "engine/core/error.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace trappsteg {

/// Age boundaries used by every rule, stated once (benefits.yaml: ages).
struct AgeLimits {
  double child_below = 18;          ///< yaml: ages.child_below — a child of the household
  double school_youth_below = 21;   ///< yaml: ages.school_youth_below — pupils living with their parents count with them until this age
  double adult_from = 20;           ///< yaml: ages.adult_from — someone living with their parents counts as an adult of the household (households.adults, a working adult) from this age
};

/// Who pays a benefit: only the city's own payments count in its budget.
enum class Payer : std::uint8_t { kState, kRegion, kCity };

/// A benefit a person receives by their own situation (benefits.yaml: person_benefits[i]).
struct PersonBenefitRule {
  std::string key, name, source;
  Payer payer = Payer::kState;          ///< yaml: paid_by: state | region | city
  std::string group;                    ///< yaml: group — within a group only the largest amount is paid
  std::vector<std::string> stages;      ///< yaml: stages (empty: any stage of a person present)
  double min_age = 0, max_age = 200;    ///< yaml: age: [min, max) in years
  int origin = -1;                      ///< yaml: origin: any | born_in_sweden | foreign_born (−1 any, 0, 1)
  double since_arrival_min = 0;         ///< yaml: months_since_arrival: [min, max] (foreign-born only when given)
  double since_arrival_max = std::numeric_limits<double>::infinity();
  bool arrival_limited = false;         ///< months_since_arrival was given
  double max_months_since_job = -1;     ///< yaml: months_since_job_at_most (−1: no condition)
  bool not_employed = false;            ///< yaml: not_employed: true — only people without a job
  int sex = -1;                         ///< yaml: sex: female | male (−1 any, 1 female, 0 male)
  double youngest_child_below_months = -1;  ///< yaml: youngest_child_below_months — lives with a child this young (−1: no condition)
  double share = 1;                     ///< yaml: share — of those who qualify, the share who have it (a fixed draw per person)
  double amount_sek = 0;                ///< yaml: amount_sek, SEK/month before tax
  double replacement_rate = 0;          ///< yaml: replacement_rate — of the person's full-time wage
  double wage_cap_sek = std::numeric_limits<double>::infinity();  ///< yaml: wage_cap_sek — the wage the rate applies up to
  double floor_sek = 0;                 ///< yaml: floor_sek — at least this (with a replacement rate)
  double full_after_years_in_sweden = 0;  ///< yaml: full_after_years_in_sweden — scaled by years lived in Sweden as an adult (0: no scaling)
  bool taxed = true;                    ///< yaml: taxed
  bool own_means = false;               ///< yaml: own_means — the person lives on this and is outside the income-support assessment
  SourceLocation where;
};

/// Child allowance (benefits.yaml: child_allowance), paid by the state per child.
struct ChildAllowanceSpec {
  double per_child_sek = 0;             ///< yaml: per_child_sek
  double below_age = 16;                ///< yaml: below_age
  std::vector<double> large_family_supplement_sek;  ///< yaml: large_family_supplement_sek, by number of children (1, 2, …)
  double each_further_child_sek = 0;    ///< yaml: each_further_child_sek, beyond the list
};

/// Housing allowance (benefits.yaml: housing_allowance), paid by the state: families with
/// children, and young people without children.
struct HousingAllowanceSpec {
  bool enabled = false;
  // Families with children.
  std::vector<double> special_by_children_sek;  ///< yaml: families.special_by_children_sek (1, 2, 3+ children)
  double family_rent_floor_sek = 0;             ///< yaml: families.rent_floor_sek
  std::vector<double> family_rent_ceiling_by_children_sek;  ///< yaml: families.rent_ceiling_by_children_sek
  double family_rent_share = 0;                 ///< yaml: families.rent_share, of the rent between floor and ceiling
  double family_income_threshold_single_year_sek = 0;  ///< yaml: families.income_threshold_single_year_sek
  double family_income_threshold_couple_each_year_sek = 0;  ///< yaml: families.income_threshold_couple_each_year_sek
  double family_reduction_rate = 0;             ///< yaml: families.reduction_rate, of the income above the threshold
  // Young people without children.
  double young_min_age = 18, young_max_age = 29;  ///< yaml: young.age: [min, max)
  std::vector<std::array<double, 3>> young_bands;  ///< yaml: young.bands: [{from, to, share}] of the rent
  double young_income_threshold_year_sek = 0;   ///< yaml: young.income_threshold_year_sek
  double young_reduction_rate = 0;              ///< yaml: young.reduction_rate
  double take_up = 1;                           ///< yaml: take_up — share of the entitled who claim it (a fixed draw per household)
};

/// The city's income support (benefits.yaml: income_support).
struct IncomeSupportSpec {
  double adult_single_sek = 0;                  ///< yaml: norm.adults.single
  double adults_couple_sek = 0;                 ///< yaml: norm.adults.couple, for two
  std::vector<double> child_age_edges;          ///< yaml: norm.children.age_bands, lower edges in years
  std::vector<double> child_sek;                ///< yaml: norm.children.amounts, one per band
  std::vector<double> common_by_size_sek;       ///< yaml: norm.household_common.by_size (1, 2, … people)
  double common_each_further_sek = 0;           ///< yaml: norm.household_common.each_further
  std::vector<double> rent_adults_sek;          ///< yaml: housing.adults_only_sek: reasonable rent, 1, 2 adults
  std::vector<double> rent_children_sek;        ///< yaml: housing.with_children_sek: reasonable rent by children (1, 2, …)
  double rent_each_further_child_sek = 0;       ///< yaml: housing.each_further_child_sek
  std::vector<std::pair<std::string, double>> rent_district_index;  ///< yaml: housing.district_index: {district: index}
  double adult_child_rent_sek = 0;              ///< yaml: housing.adult_child_at_home_sek — an adult child's own share of the home
  int job_incentive_after_months = 0;           ///< yaml: job_incentive.after_months on support in a row (0: none)
  double job_incentive_share = 0;               ///< yaml: job_incentive.disregarded_share of net earnings
  double take_up_max = 1;                       ///< yaml: take_up.max — the share of the entitled who claim a large amount
  double take_up_half_at_sek = 0;               ///< yaml: take_up.half_at_sek — the amount claimed by half as many (0: every amount alike)
};

/// Everything in benefits.yaml.
struct BenefitsSpec {
  std::filesystem::path file;
  AgeLimits ages;
  std::vector<PersonBenefitRule> person_benefits;
  ChildAllowanceSpec child_allowance;
  HousingAllowanceSpec housing_allowance;
  IncomeSupportSpec income_support;
};

}  // namespace trappsteg
