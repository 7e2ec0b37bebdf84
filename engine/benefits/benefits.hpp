#pragma once
// Incomes by the rules of benefits.yaml: what each person earns and receives from the state,
// and what a household then receives — child allowance, housing allowance and, as the last
// resort, the city's income support. Pure functions of plain facts, so each rule can be
// checked against a household computed by hand; the monthly step gathers the facts.

#include "engine/core/ids.hpp"
#include "engine/core/random.hpp"
#include "engine/scenario/benefits_spec.hpp"
#include "engine/scenario/model.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace trappsteg {

class Staircase;

/// A person as the rules see them this month.
struct PersonFacts {
  StageId stage{};
  bool employed = false;
  double earnings_sek = 0;          ///< gross earnings this month
  double wage_potential_sek = 0;    ///< full-time monthly wage the person could earn
  double age_years = 0;
  bool female = false;
  bool foreign_born = false;
  double months_since_arrival = 0;  ///< foreign-born only
  double months_since_job = std::numeric_limits<double>::infinity();
  double years_in_sweden_as_adult = 0;
  double youngest_child_months = std::numeric_limits<double>::infinity();  ///< in the household; infinite: none
};

/// What a person has this month, before the household's benefits.
struct PersonIncome {
  double earnings_sek = 0;          ///< gross
  double taxed_benefits_sek = 0;    ///< gross benefits that are taxed (unemployment insurance, pensions, …)
  double untaxed_benefits_sek = 0;  ///< establishment benefit, student finance, …
  double net_sek = 0;               ///< after the effective income tax
  bool own_means = false;           ///< lives on a benefit that keeps them outside income support (a student, a pensioner)
  /// Gross income the housing allowance is means-tested on.
  double taxable_sek() const { return earnings_sek + taxed_benefits_sek; }
};

/// One member of a household, for its assessment.
struct MemberFacts {
  double age_years = 0;
  bool lives_with_parents = false;  ///< a child of the household
  bool in_school = false;           ///< in upper-secondary school
  PersonIncome income;
  double exempt_sek = 0;            ///< net income the income-support means test ignores (a policy's summer wage)
};

/// The household's situation apart from its members.
struct HouseholdFacts {
  std::size_t district = 0;
  std::uint16_t support_history = 0;  ///< bit k: received support k + 1 months ago
  std::uint32_t id = 0;               ///< keys the household's fixed draws: whether it claims what it is entitled to
};

/// What a household receives this month.
struct HouseholdAssessment {
  double child_allowance_sek = 0;
  double housing_allowance_sek = 0;
  double income_support_sek = 0;      ///< paid by the city (after take-up)
  double entitled_support_sek = 0;    ///< before take-up
  double norm_sek = 0;                ///< norm and reasonable rent of the assessed units
  double disposable_sek = 0;          ///< every member's net income, the allowances and the support
  /// Bit k: member k belongs to an assessment unit that was paid support (members 64 and up are
  /// not marked). Socialstyrelsen counts the people of the receiving units, not of the dwelling.
  std::uint64_t paid_members = 0;
};

/// The rules of a model, compiled against its staircase and districts.
class BenefitRules {
 public:
  /// `income_tax_rate` is the effective rate on earnings and taxed benefits (economy.yaml).
  BenefitRules(const BenefitsSpec& spec, const Staircase& staircase, const DistrictsSpec& districts, double income_tax_rate);

  /// A person's income this month. Who of those qualifying has a benefit with a `share` is a
  /// fixed draw of the person's (keyed by `person` and the rule), drawn only when needed.
  PersonIncome person_income(const PersonFacts& person, const RandomStream& random, std::uint32_t person_id) const;
  /// A household's benefits and income support this month; whether it claims them is a fixed
  /// draw of the household's (take-up).
  HouseholdAssessment assess(std::span<const MemberFacts> members, const HouseholdFacts& household, const RandomStream& random) const;
  /// The reasonable rent of a household (the norm's housing cost; also the rent the housing allowance sees).
  double reasonable_rent(int adults, int children, std::size_t district) const;
  /// The national norm (personal and common costs) of one assessment unit.
  double norm(int adults, std::span<const double> child_ages, int household_size, int unit_size) const;
  const AgeLimits& ages() const { return spec_.ages; }

 private:
  double child_allowance(int children_below_age) const;
  double housing_allowance(std::span<const MemberFacts> members, double rent) const;
  double take_up(double amount) const;

  BenefitsSpec spec_;
  double keep_ = 0.7;  // 1 − the effective tax rate
  struct Rule {
    std::size_t spec = 0;                     // index into spec_.person_benefits
    std::vector<std::uint8_t> stage_allowed;  // by stage index
    std::size_t group = 0;                    // index of its group
  };
  std::vector<Rule> rules_;
  std::vector<std::vector<std::uint16_t>> rules_by_stage_;  // [stage]: the rules the stage allows, in rule order
  std::size_t groups_ = 0;
  std::vector<double> rent_index_;  // by district
};

}  // namespace trappsteg
