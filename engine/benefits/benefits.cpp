#include "engine/benefits/benefits.hpp"

#include "engine/staircase/graph.hpp"

#include <algorithm>
#include <cmath>

namespace trappsteg {
namespace {

/// The entry for `n` (1-based) of a table, continued by `each_further` beyond its end.
double by_count(const std::vector<double>& table, int n, double each_further) {
  if (n <= 0 || table.empty()) return 0;
  const auto last = static_cast<int>(table.size());
  if (n <= last) return table[static_cast<std::size_t>(n - 1)];
  return table.back() + each_further * (n - last);
}

}  // namespace

BenefitRules::BenefitRules(const BenefitsSpec& spec, const Staircase& staircase, const DistrictsSpec& districts,
                           double income_tax_rate)
    : spec_(spec), keep_(1.0 - income_tax_rate) {
  std::vector<std::string> groups;
  for (std::size_t r = 0; r < spec_.person_benefits.size(); ++r) {
    const PersonBenefitRule& rule = spec_.person_benefits[r];
    Rule compiled;
    compiled.spec = r;
    compiled.stage_allowed.assign(staircase.stage_count(), rule.stages.empty() ? 1 : 0);
    for (const auto& key : rule.stages) compiled.stage_allowed[to_index(staircase.id_of(key))] = 1;
    // A step a policy adds has the benefits of the stage it names (benefits_as), or none.
    for (std::size_t s = 0; s < staircase.stage_count(); ++s) {
      const std::string& like = staircase.spec().stages[s].benefits_as;
      if (!like.empty()) compiled.stage_allowed[s] = compiled.stage_allowed[to_index(staircase.id_of(like))];
    }
    // A rule without a group is a group of its own: it adds to the others.
    const std::string group = rule.group.empty() ? "\x01" + rule.key : rule.group;
    auto it = std::find(groups.begin(), groups.end(), group);
    compiled.group = static_cast<std::size_t>(it - groups.begin());
    if (it == groups.end()) groups.push_back(group);
    rules_.push_back(std::move(compiled));
  }
  groups_ = groups.size();
  rules_by_stage_.resize(staircase.stage_count());
  for (std::size_t s = 0; s < staircase.stage_count(); ++s)
    for (std::size_t r = 0; r < rules_.size(); ++r)
      if (rules_[r].stage_allowed[s]) rules_by_stage_[s].push_back(static_cast<std::uint16_t>(r));
  rent_index_.assign(districts.districts.size(), 1.0);
  for (const auto& [key, index] : spec_.income_support.rent_district_index)
    for (std::size_t d = 0; d < districts.districts.size(); ++d)
      if (districts.districts[d].key == key) rent_index_[d] = index;
}

PersonIncome BenefitRules::person_income(const PersonFacts& p, const RandomStream& random, std::uint32_t person_id) const {
  PersonIncome income;
  income.earnings_sek = p.earnings_sek;
  // Within a group only the largest amount is paid (one income replacement at a time).
  struct Best {
    double amount = 0;
    const PersonBenefitRule* rule = nullptr;
  };
  Best best[32];
  std::vector<Best> many;
  Best* by_group = groups_ <= 32 ? best : (many.assign(groups_, Best{}), many.data());
  for (const std::size_t r : rules_by_stage_[to_index(p.stage)]) {
    const Rule& compiled = rules_[r];
    const PersonBenefitRule& rule = spec_.person_benefits[compiled.spec];
    if (p.age_years < rule.min_age || p.age_years >= rule.max_age) continue;
    if (rule.origin >= 0 && rule.origin != static_cast<int>(p.foreign_born)) continue;
    if (rule.arrival_limited && (!p.foreign_born || p.months_since_arrival < rule.since_arrival_min ||
                                 p.months_since_arrival > rule.since_arrival_max))
      continue;
    if (rule.max_months_since_job >= 0 && !(p.months_since_job <= rule.max_months_since_job)) continue;
    if (rule.not_employed && p.employed) continue;
    if (rule.sex >= 0 && rule.sex != static_cast<int>(p.female)) continue;
    if (rule.youngest_child_below_months >= 0 && !(p.youngest_child_months < rule.youngest_child_below_months)) continue;
    if (rule.share < 1 && !(random.uniform(person_id, kFixedDrawMonth, Draw::kBenefit, static_cast<std::uint32_t>(r)) < rule.share)) continue;
    double amount = rule.amount_sek;
    if (rule.replacement_rate > 0) amount += rule.replacement_rate * std::min(p.wage_potential_sek, rule.wage_cap_sek);
    if (rule.full_after_years_in_sweden > 0) amount *= std::min(1.0, p.years_in_sweden_as_adult / rule.full_after_years_in_sweden);
    amount = std::max(amount, rule.floor_sek * (rule.full_after_years_in_sweden > 0
                                                    ? std::min(1.0, p.years_in_sweden_as_adult / rule.full_after_years_in_sweden)
                                                    : 1.0));
    if (amount > by_group[compiled.group].amount) by_group[compiled.group] = {amount, &rule};
  }
  for (std::size_t g = 0; g < groups_; ++g) {
    const Best& b = by_group[g];
    if (b.rule == nullptr) continue;
    (b.rule->taxed ? income.taxed_benefits_sek : income.untaxed_benefits_sek) += b.amount;
    income.own_means = income.own_means || b.rule->own_means;
  }
  income.net_sek = (income.earnings_sek + income.taxed_benefits_sek) * keep_ + income.untaxed_benefits_sek;
  return income;
}

double BenefitRules::child_allowance(int children) const {
  const ChildAllowanceSpec& c = spec_.child_allowance;
  if (children <= 0) return 0;
  return c.per_child_sek * children + by_count(c.large_family_supplement_sek, children, c.each_further_child_sek);
}

double BenefitRules::reasonable_rent(int adults, int children, std::size_t district) const {
  const IncomeSupportSpec& s = spec_.income_support;
  double rent = children > 0 ? by_count(s.rent_children_sek, children, s.rent_each_further_child_sek)
                             : by_count(s.rent_adults_sek, std::min(std::max(adults, 1), static_cast<int>(s.rent_adults_sek.size())), 0);
  return rent * (district < rent_index_.size() ? rent_index_[district] : 1.0);
}

double BenefitRules::norm(int adults, std::span<const double> child_ages, int household_size, int unit_size) const {
  const IncomeSupportSpec& s = spec_.income_support;
  double personal = adults >= 2 ? s.adults_couple_sek + (adults - 2) * s.adult_single_sek : adults * s.adult_single_sek;
  for (double age : child_ages) {
    std::size_t band = 0;
    while (band + 1 < s.child_age_edges.size() && age >= s.child_age_edges[band + 1]) ++band;
    if (!s.child_sek.empty()) personal += s.child_sek[std::min(band, s.child_sek.size() - 1)];
  }
  // Common costs are the household's; a unit that is part of it bears its share.
  double common = by_count(s.common_by_size_sek, household_size, s.common_each_further_sek);
  return personal + (household_size > 0 ? common * unit_size / household_size : 0.0);
}

double BenefitRules::housing_allowance(std::span<const MemberFacts> members, double rent) const {
  const HousingAllowanceSpec& h = spec_.housing_allowance;
  if (!h.enabled) return 0;
  int adults = 0, children = 0;
  double taxable = 0, youngest_adult = 200;
  for (const MemberFacts& m : members) {
    if (m.income.own_means) continue;
    const bool child = m.lives_with_parents && (m.age_years < spec_.ages.child_below || m.in_school);
    if (child) {
      ++children;
    } else if (!m.lives_with_parents) {
      ++adults;
      taxable += m.income.taxable_sek();
      youngest_adult = std::min(youngest_adult, m.age_years);
    }
  }
  if (adults == 0) return 0;
  const double yearly = taxable * 12;
  if (children > 0) {
    const double special = by_count(h.special_by_children_sek, std::min(children, static_cast<int>(h.special_by_children_sek.size())), 0);
    const double ceiling = by_count(h.family_rent_ceiling_by_children_sek,
                                    std::min(children, static_cast<int>(h.family_rent_ceiling_by_children_sek.size())), 0);
    const double housing = h.family_rent_share * std::clamp(rent, h.family_rent_floor_sek, std::max(ceiling, h.family_rent_floor_sek)) -
                           h.family_rent_share * h.family_rent_floor_sek;
    const double threshold = adults >= 2 ? 2 * h.family_income_threshold_couple_each_year_sek : h.family_income_threshold_single_year_sek;
    const double reduction = h.family_reduction_rate * std::max(0.0, yearly - threshold) / 12;
    return std::max(0.0, special + housing - reduction);
  }
  if (youngest_adult < h.young_min_age || youngest_adult >= h.young_max_age) return 0;
  double amount = 0;
  for (const auto& [from, to, share] : h.young_bands) amount += share * std::clamp(rent - from, 0.0, to - from);
  const double reduction = h.young_reduction_rate * std::max(0.0, yearly - h.young_income_threshold_year_sek) / 12;
  return std::max(0.0, amount - reduction);
}

double BenefitRules::take_up(double amount) const {
  const IncomeSupportSpec& s = spec_.income_support;
  if (s.take_up_half_at_sek <= 0) return s.take_up_max;
  return s.take_up_max * (1.0 - std::exp2(-amount / s.take_up_half_at_sek));
}

HouseholdAssessment BenefitRules::assess(std::span<const MemberFacts> members, const HouseholdFacts& h,
                                         const RandomStream& random) const {
  HouseholdAssessment a;
  const AgeLimits& ages = spec_.ages;
  const IncomeSupportSpec& s = spec_.income_support;
  int size = 0, adults = 0, children = 0, allowance_children = 0;
  double net = 0;
  for (const MemberFacts& m : members) {
    ++size;
    net += m.income.net_sek;
    const bool child = m.lives_with_parents && (m.age_years < ages.child_below || (m.in_school && m.age_years < ages.school_youth_below));
    if (child) ++children;
    if (!m.lives_with_parents) ++adults;
    if (m.age_years < spec_.child_allowance.below_age) ++allowance_children;
  }
  a.child_allowance_sek = child_allowance(allowance_children);
  const double rent = reasonable_rent(adults, children, h.district);
  // Whether the household claims what it is entitled to is its own fixed draw, drawn only when it is entitled.
  double claim_draws[2] = {-1, -1};
  auto claim_draw = [&](int which) {
    if (claim_draws[which] < 0) {
      auto u = random.uniforms(h.id, kFixedDrawMonth, Draw::kTakeUp);
      claim_draws[0] = u[0], claim_draws[1] = u[1];
    }
    return claim_draws[which];
  };
  const double housing = housing_allowance(members, rent);
  a.housing_allowance_sek = housing > 0 && claim_draw(1) < spec_.housing_allowance.take_up ? housing : 0.0;

  // The assessment units: the family (adults and their children) and each adult child living
  // at home, who is a case of their own. Members who live on their own means are left out.
  const bool on_support_long_enough =
      s.job_incentive_after_months > 0 &&
      (h.support_history & ((1u << s.job_incentive_after_months) - 1u)) == ((1u << s.job_incentive_after_months) - 1u);
  double family_income = a.child_allowance_sek + a.housing_allowance_sek, family_exempt = 0, family_earnings = 0;
  int family_adults = 0, family_size = 0;
  // Reused: a household is assessed every month, and allocating here showed in profiles.
  thread_local std::vector<double> child_ages;
  child_ages.clear();
  double entitled = 0, paid = 0;
  std::uint64_t family_members = 0;
  auto bit = [](std::size_t k) { return k < 64 ? std::uint64_t{1} << k : std::uint64_t{0}; };
  for (std::size_t k = 0; k < members.size(); ++k) {
    const MemberFacts& m = members[k];
    if (m.income.own_means) continue;
    const bool child = m.lives_with_parents && (m.age_years < ages.child_below || (m.in_school && m.age_years < ages.school_youth_below));
    if (m.lives_with_parents && !child) {
      // An adult child at home: personal costs of a single adult, a share of the common costs and of the home.
      double need = norm(1, {}, size, 1) + s.adult_child_rent_sek;
      double income = m.income.net_sek - m.exempt_sek;
      if (on_support_long_enough) income -= s.job_incentive_share * m.income.earnings_sek * keep_;
      double support = std::max(0.0, need - income);
      a.norm_sek += need;
      entitled += support;
      if (support > 0 && claim_draw(0) < take_up(support)) {
        paid += support;
        a.paid_members |= bit(k);
      }
      continue;
    }
    family_members |= bit(k);
    ++family_size;
    if (child) child_ages.push_back(m.age_years);
    else ++family_adults;
    family_income += m.income.net_sek;
    family_exempt += m.exempt_sek;
    if (!child) family_earnings += m.income.earnings_sek * keep_;
  }
  if (family_size > 0) {
    const double need = norm(family_adults, child_ages, size, family_size) + rent * family_size / size;
    double income = family_income - family_exempt;
    if (on_support_long_enough) income -= s.job_incentive_share * family_earnings;
    double support = std::max(0.0, need - income);
    a.norm_sek += need;
    entitled += support;
    if (support > 0 && claim_draw(0) < take_up(support)) {
      paid += support;
      a.paid_members |= family_members;
    }
  }
  a.entitled_support_sek = entitled;
  a.income_support_sek = paid;
  a.disposable_sek = net + a.child_allowance_sek + a.housing_allowance_sek + paid;
  return a;
}

}  // namespace trappsteg
