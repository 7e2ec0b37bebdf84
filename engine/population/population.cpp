#include "engine/population/population.hpp"

namespace trappsteg {

PersonId People::add() {
  auto id = PersonId{static_cast<std::uint32_t>(size())};
  age_months.push_back(0);
  female.push_back(0);
  district.push_back(0);
  household.push_back(kNoHousehold);
  next_in_household.push_back(kNoPerson);
  origin.push_back(Origin::kBornInSweden);
  arrival_month.push_back(kNeverArrived);
  education.push_back(0);
  swedish.push_back(3);
  stage.push_back(StageId{0});
  previous_stage.push_back(StageId{0});
  months_in_stage.push_back(0);
  wage_potential.push_back(0);
  first_job_month.push_back(-1);
  net_income.push_back(0);
  lives_with_parents.push_back(0);
  left_month.push_back(-1);
  gross_income.push_back(0);
  months_since_job.push_back(65535);
  policy.push_back(0);
  policy_months.push_back(0);
  last_policy.push_back(0);
  months_since_policy.push_back(0);
  policies_taken.push_back(0);
  placement.push_back(0);
  lottery.push_back(0);
  lottery_won.push_back(0);
  lottery_month.push_back(-1);
  child_months.push_back(0);
  child_months_adult_working.push_back(0);
  school_odds.push_back(1.0f);
  return id;
}

HouseholdId Households::add(std::uint8_t district_index) {
  auto id = HouseholdId{static_cast<std::uint32_t>(size())};
  district.push_back(district_index);
  first_member.push_back(kNoPerson);
  members.push_back(0);
  adults.push_back(0);
  children.push_back(0);
  working_adults.push_back(0);
  disposable_income.push_back(0);
  equivalised_income.push_back(0);
  income_support.push_back(0);
  support_history.push_back(0);
  return id;
}

void Households::link(People& people, HouseholdId household, PersonId person) {
  auto p = to_index(person);
  people.household[p] = household;
  people.next_in_household[p] = first_member[to_index(household)];
  first_member[to_index(household)] = person;
}

void Households::unlink(People& people, HouseholdId household, PersonId person) {
  PersonId* link = &first_member[to_index(household)];
  while (*link != kNoPerson && *link != person) link = &people.next_in_household[to_index(*link)];
  if (*link == person) *link = people.next_in_household[to_index(person)];
  people.next_in_household[to_index(person)] = kNoPerson;
  people.household[to_index(person)] = kNoHousehold;
}

namespace {
template <class T>
void permute(std::vector<T>& column, const std::vector<std::uint32_t>& old_of_new) {
  std::vector<T> reordered(column.size());
  for (std::size_t i = 0; i < old_of_new.size(); ++i) reordered[i] = column[old_of_new[i]];
  column.swap(reordered);
}
}  // namespace

void Population::order_by_household() {
  const std::size_t n = people.size();
  std::vector<std::uint32_t> old_of_new;
  old_of_new.reserve(n);
  std::vector<std::uint8_t> placed(n, 0);
  for (std::size_t h = 0; h < households.size(); ++h)
    for (PersonId p = households.first_member[h]; p != kNoPerson; p = people.next_in_household[to_index(p)]) {
      old_of_new.push_back(static_cast<std::uint32_t>(to_index(p)));
      placed[to_index(p)] = 1;
    }
  for (std::size_t i = 0; i < n; ++i)
    if (!placed[i]) old_of_new.push_back(static_cast<std::uint32_t>(i));
  std::vector<std::uint32_t> new_of_old(n);
  for (std::size_t i = 0; i < n; ++i) new_of_old[old_of_new[i]] = static_cast<std::uint32_t>(i);
  auto renumber = [&](PersonId p) { return p == kNoPerson ? p : PersonId{new_of_old[to_index(p)]}; };

  permute(people.age_months, old_of_new);
  permute(people.female, old_of_new);
  permute(people.district, old_of_new);
  permute(people.household, old_of_new);
  permute(people.next_in_household, old_of_new);
  permute(people.origin, old_of_new);
  permute(people.arrival_month, old_of_new);
  permute(people.education, old_of_new);
  permute(people.swedish, old_of_new);
  permute(people.stage, old_of_new);
  permute(people.previous_stage, old_of_new);
  permute(people.months_in_stage, old_of_new);
  permute(people.wage_potential, old_of_new);
  permute(people.first_job_month, old_of_new);
  permute(people.net_income, old_of_new);
  permute(people.lives_with_parents, old_of_new);
  permute(people.left_month, old_of_new);
  permute(people.gross_income, old_of_new);
  permute(people.months_since_job, old_of_new);
  permute(people.policy, old_of_new);
  permute(people.policy_months, old_of_new);
  permute(people.last_policy, old_of_new);
  permute(people.months_since_policy, old_of_new);
  permute(people.policies_taken, old_of_new);
  permute(people.placement, old_of_new);
  permute(people.lottery, old_of_new);
  permute(people.lottery_won, old_of_new);
  permute(people.lottery_month, old_of_new);
  permute(people.child_months, old_of_new);
  permute(people.child_months_adult_working, old_of_new);
  permute(people.school_odds, old_of_new);
  for (auto& next : people.next_in_household) next = renumber(next);
  for (auto& first : households.first_member) first = renumber(first);
}

}  // namespace trappsteg
