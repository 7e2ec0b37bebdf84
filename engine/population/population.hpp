#pragma once
// People and households as struct-of-arrays. A person has a stable id, which keys their
// random draws and names them in the microdata, and a storage slot, which is where their
// entries are now. Ids are never reused: a person who dies or moves away keeps the id, so
// the same person has the same id — and the same random draws — in every scenario. Slots are
// compacted now and then to leave out those who have gone, always in id order, so a loop over
// slots visits people in id order and order-dependent rules see the same order either way.
// The PersonId links between people (household lists, partners) name slots.

#include "engine/core/ids.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace trappsteg {

/// Where a person was born.
enum class Origin : std::uint8_t { kBornInSweden = 0, kForeignBorn = 1 };

/// Arrival month for people born in Sweden (never arrived).
inline constexpr std::int32_t kNeverArrived = std::numeric_limits<std::int32_t>::min();

/// One column per attribute; entry i belongs to person i.
/// How many policies a person can take part in at once (and how many ended ones keep their
/// after-effects): each is a slot.
inline constexpr std::size_t kPolicySlots = 4;

/// A person's policies: 1 + the policy's index in each slot (0: free), its phase and the
/// months in that phase (for ended policies: the months since it ended).
struct PolicySlots {
  std::array<std::uint8_t, kPolicySlots> policy{};
  std::array<std::uint8_t, kPolicySlots> phase{};
  std::array<std::uint16_t, kPolicySlots> months{};
  bool any() const {
    return std::any_of(policy.begin(), policy.end(), [](std::uint8_t p) { return p != 0; });
  }
  /// The slot holding policy `p` (1-based), or kPolicySlots.
  std::size_t find(std::uint8_t p) const {
    return static_cast<std::size_t>(std::find(policy.begin(), policy.end(), p) - policy.begin());
  }
  bool has(std::uint8_t p) const { return find(p) < kPolicySlots; }
};

struct People {
  std::vector<std::uint32_t> id;            ///< stable id (see the top of this file); increasing with the slot
  std::vector<std::int16_t> age_months;
  std::vector<std::uint8_t> female;
  std::vector<std::uint8_t> district;
  std::vector<HouseholdId> household;
  std::vector<PersonId> next_in_household;  ///< intrusive list of a household's members
  std::vector<Origin> origin;
  std::vector<std::int32_t> arrival_month;  ///< simulation month of arrival in Sweden; kNeverArrived if born here
  std::vector<std::uint8_t> education;      ///< Education
  std::vector<std::uint8_t> swedish;        ///< 0 none … 3 fluent
  std::vector<StageId> stage;
  std::vector<StageId> previous_stage;      ///< stage a month ago, for flows
  std::vector<std::uint16_t> months_in_stage;
  std::vector<float> wage_potential;        ///< full-time monthly wage if employed, SEK
  std::vector<std::int32_t> first_job_month;  ///< month of first job in Sweden since arrival; −1 none yet
  std::vector<float> net_income;            ///< this month's own net income, SEK
  std::vector<std::uint16_t> support_history;  ///< bit k: in an assessment unit paid income support k months ago
  std::vector<std::uint8_t> lives_with_parents;  ///< still a child of the household
  std::vector<std::int32_t> left_month;     ///< month the person died or moved away; −1 while present
  std::vector<float> gross_income;          ///< this month's earnings before tax, SEK (for the city's tax revenue)
  std::vector<std::uint16_t> months_since_job;  ///< 0 while employed; 65535: no job in memory

  // Policies (engine/policy): up to kPolicySlots at once, each with its own months.
  std::vector<PolicySlots> policies;        ///< taken part in now; months into each participation
  std::vector<PolicySlots> ended_policies;  ///< ended (for their after-effects); months since each ended
  std::vector<std::uint32_t> policies_taken;  ///< bit p: has taken part in policy p
  std::vector<std::uint32_t> policies_declined;  ///< bit p: was offered a place in policy p and did not start
  std::vector<std::uint16_t> placement;     ///< 1 + slot group of the current placement; 0 none
  std::vector<std::uint8_t> lottery;        ///< 1 + index of the policy whose lottery the person entered; 0 none
  std::vector<std::uint8_t> lottery_won;
  std::vector<std::int32_t> lottery_month;

  // Growing up: what shapes the chance to finish upper-secondary school.
  std::vector<std::uint16_t> child_months;              ///< months observed aged 0–17
  std::vector<std::uint16_t> child_months_adult_working; ///< of those, months with a working adult at home
  std::vector<float> school_odds;           ///< multiplier on the odds of completing school (policies)

  // Partnerships (demography.yaml: partnership): who lives as a couple, and since when.
  std::vector<PersonId> partner;            ///< the partner in the same household; kNoPerson if single
  std::vector<std::int32_t> union_month;    ///< month the union began (negative: before the run)
  std::vector<std::int32_t> looking_since;  ///< month a single began looking for a partner; −1 not looking

  /// Ids handed out so far: the id the next person added gets.
  std::uint32_t issued = 0;

  std::size_t size() const { return age_months.size(); }
  /// Appends a person with every column defaulted and the next id; returns the new slot.
  PersonId add();

  /// Visits every column with the value a new person gets: the one list of the columns, from
  /// which adding people and renumbering them follow.
  template <class Visit>
  void for_each_column(Visit&& visit) {
    visit(id, std::uint32_t{0});
    visit(age_months, std::int16_t{0});
    visit(female, std::uint8_t{0});
    visit(district, std::uint8_t{0});
    visit(household, kNoHousehold);
    visit(next_in_household, kNoPerson);
    visit(origin, Origin::kBornInSweden);
    visit(arrival_month, kNeverArrived);
    visit(education, std::uint8_t{0});
    visit(swedish, std::uint8_t{3});
    visit(stage, StageId{0});
    visit(previous_stage, StageId{0});
    visit(months_in_stage, std::uint16_t{0});
    visit(wage_potential, 0.0f);
    visit(first_job_month, std::int32_t{-1});
    visit(net_income, 0.0f);
    visit(support_history, std::uint16_t{0});
    visit(lives_with_parents, std::uint8_t{0});
    visit(left_month, std::int32_t{-1});
    visit(gross_income, 0.0f);
    visit(months_since_job, std::uint16_t{65535});
    visit(policies, PolicySlots{});
    visit(ended_policies, PolicySlots{});
    visit(policies_taken, std::uint32_t{0});
    visit(policies_declined, std::uint32_t{0});
    visit(placement, std::uint16_t{0});
    visit(lottery, std::uint8_t{0});
    visit(lottery_won, std::uint8_t{0});
    visit(lottery_month, std::int32_t{-1});
    visit(child_months, std::uint16_t{0});
    visit(child_months_adult_working, std::uint16_t{0});
    visit(school_odds, 1.0f);
    visit(partner, kNoPerson);
    visit(union_month, std::int32_t{0});
    visit(looking_since, std::int32_t{-1});
  }
};

/// One column per household attribute; entry h belongs to the household in slot h. Like
/// people, a household has a stable id (keying its draws) apart from its slot, and households
/// no one lives in any more are compacted out with the people who have left.
struct Households {
  std::vector<std::uint32_t> id;              ///< stable id; increasing with the slot
  std::vector<std::uint8_t> district;
  std::vector<PersonId> first_member;
  std::vector<std::uint8_t> members;          ///< living members this month
  std::vector<std::uint8_t> adults;           ///< members aged 20+ (or not living with parents)
  std::vector<std::uint8_t> children;         ///< members aged 0–17
  std::vector<std::uint8_t> working_adults;
  std::vector<float> disposable_income;       ///< SEK/month, including income support
  std::vector<float> equivalised_income;      ///< SEK/month per consumption unit
  std::vector<float> income_support;          ///< SEK/month paid this month
  std::vector<std::uint16_t> support_history; ///< bit k set: on support k months ago (bit 0: this month)

  /// Ids handed out so far: the id the next household added gets.
  std::uint32_t issued = 0;

  std::size_t size() const { return district.size(); }
  /// Appends an empty household in `district` with the next id; returns its slot.
  HouseholdId add(std::uint8_t district_index);
  /// Visits every column (the one list of them, as People::for_each_column).
  template <class Visit>
  void for_each_column(Visit&& visit) {
    visit(id);
    visit(district);
    visit(first_member);
    visit(members);
    visit(adults);
    visit(children);
    visit(working_adults);
    visit(disposable_income);
    visit(equivalised_income);
    visit(income_support);
    visit(support_history);
  }
  /// Links a person into a household's member list.
  void link(People& people, HouseholdId household, PersonId person);
  /// Removes a person from a household's member list.
  void unlink(People& people, HouseholdId household, PersonId person);
};

/// What the outputs still need of a person from abroad once they have left and their slot is
/// gone: their spell from arrival to a first job (engine/metrics: newcomer_spells).
struct DepartedArrival {
  std::uint8_t district = 0;
  std::int16_t age_months = 0;  ///< when they were compacted out (ageing stops when one leaves)
  std::int32_t arrival_month = 0, first_job_month = -1, left_month = -1;
};

/// The simulated population.
struct Population {
  People people;
  Households households;
  /// Foreign-born people who arrived during the run, left, and were compacted out.
  std::vector<DepartedArrival> departed_arrivals;

  /// Renumbers people so that each household's members have consecutive slots, in household
  /// order, and gives them ids in that order. The monthly phases walk households and look
  /// people up by household, so this keeps their memory accesses close together. Only before
  /// the run: it hands out the ids again.
  void order_by_household();

  /// Removes the people whose `keep` entry is 0, and then the households left with no one,
  /// keeping the others' order (and so id order): they leave their households' member lists,
  /// every link is renumbered, and those who arrived during the run leave their spell in
  /// departed_arrivals. No kept person may name a removed one as partner.
  void remove_people(const std::vector<std::uint8_t>& keep);
};

}  // namespace trappsteg
