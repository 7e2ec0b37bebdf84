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

}  // namespace trappsteg
