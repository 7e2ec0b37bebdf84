#include "engine/population/population.hpp"

namespace trappsteg {

PersonId People::add() {
  auto id = PersonId{static_cast<std::uint32_t>(size())};
  for_each_column([](auto& column, auto value) { column.push_back(value); });
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

  people.for_each_column([&](auto& column, auto) { permute(column, old_of_new); });
  for (auto& next : people.next_in_household) next = renumber(next);
  for (auto& partner : people.partner) partner = renumber(partner);
  for (auto& first : households.first_member) first = renumber(first);
}

}  // namespace trappsteg
