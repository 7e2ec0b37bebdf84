#include "engine/population/population.hpp"

namespace trappsteg {

namespace {
/// Room for an eighth more, not double, when a column is full: the population grows slowly,
/// and doubling some 35 columns at once would set the run's peak memory.
template <class T>
void make_room(std::vector<T>& column) {
  if (column.size() == column.capacity()) column.reserve(column.size() + column.size() / 8 + 64);
}
}  // namespace

PersonId People::add() {
  auto slot = PersonId{static_cast<std::uint32_t>(size())};
  for_each_column([](auto& column, auto value) {
    make_room(column);
    column.push_back(value);
  });
  id.back() = issued++;
  return slot;
}

HouseholdId Households::add(std::uint8_t district_index) {
  auto slot = HouseholdId{static_cast<std::uint32_t>(size())};
  for_each_column([](auto& column) { make_room(column); });
  id.push_back(issued++);
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
  return slot;
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
/// Entry i of the new column is entry old_of_new[i] of the old one. Room for an eighth more is
/// kept, so the people added before the next compaction do not double every column.
template <class T>
void permute(std::vector<T>& column, const std::vector<std::uint32_t>& old_of_new) {
  std::vector<T> reordered;
  reordered.reserve(old_of_new.size() + old_of_new.size() / 8);
  for (const std::uint32_t old : old_of_new) reordered.push_back(column[old]);
  column.swap(reordered);
}

/// Moves every column to the order `old_of_new` and renumbers the links between people.
void renumber(Population& population, const std::vector<std::uint32_t>& old_of_new) {
  constexpr std::uint32_t kGone = 0xFFFFFFFFu;
  People& people = population.people;
  std::vector<std::uint32_t> new_of_old(people.size(), kGone);
  for (std::size_t i = 0; i < old_of_new.size(); ++i) new_of_old[old_of_new[i]] = static_cast<std::uint32_t>(i);
  auto renumbered = [&](PersonId p) { return p == kNoPerson ? p : PersonId{new_of_old[to_index(p)]}; };
  people.for_each_column([&](auto& column, auto) { permute(column, old_of_new); });
  for (auto& next : people.next_in_household) next = renumbered(next);
  for (auto& partner : people.partner) partner = renumbered(partner);
  for (auto& first : population.households.first_member) first = renumbered(first);
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
  renumber(*this, old_of_new);
  for (std::size_t i = 0; i < n; ++i) people.id[i] = static_cast<std::uint32_t>(i);
  people.issued = static_cast<std::uint32_t>(n);
}

void Population::remove_people(const std::vector<std::uint8_t>& keep) {
  const std::size_t n = people.size();
  std::vector<std::uint32_t> old_of_new;
  old_of_new.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) {
      old_of_new.push_back(static_cast<std::uint32_t>(i));
    } else if (people.origin[i] == Origin::kForeignBorn && people.arrival_month[i] >= 0) {
      departed_arrivals.push_back(
          {people.district[i], people.age_months[i], people.arrival_month[i], people.first_job_month[i], people.left_month[i]});
    }
  }
  if (old_of_new.size() != n) {
    // Out of the member lists, the others' order unchanged.
    for (auto& first : households.first_member)
      for (PersonId* link = &first; *link != kNoPerson;) {
        const std::size_t i = to_index(*link);
        if (keep[i]) link = &people.next_in_household[i];
        else *link = people.next_in_household[i];
      }
    renumber(*this, old_of_new);
  }

  // Households no one lives in any more (all gone, or moved in with a partner): no one joins them again.
  std::vector<std::uint32_t> old_household_of_new;
  old_household_of_new.reserve(households.size());
  for (std::size_t h = 0; h < households.size(); ++h)
    if (households.first_member[h] != kNoPerson) old_household_of_new.push_back(static_cast<std::uint32_t>(h));
  if (old_household_of_new.size() == households.size()) return;
  std::vector<std::uint32_t> new_household_of_old(households.size(), 0xFFFFFFFFu);
  for (std::size_t h = 0; h < old_household_of_new.size(); ++h) new_household_of_old[old_household_of_new[h]] = static_cast<std::uint32_t>(h);
  households.for_each_column([&](auto& column) { permute(column, old_household_of_new); });
  for (auto& h : people.household)
    if (h != kNoHousehold) h = HouseholdId{new_household_of_old[to_index(h)]};
}

}  // namespace trappsteg
