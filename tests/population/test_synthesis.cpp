// The synthetic population matches the district marginals it was built from.

#include "engine/population/synthesis.hpp"
#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <map>

namespace trappsteg {

namespace {
constexpr double kScale = 0.25;  // about 140,000 people: every district has ≥ 11,000
}

TEST_CASE("population.synthesis_matches_district_marginals") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  const auto& districts = loaded.model.districts;
  Population population = synthesise_population(loaded.model, *loaded.staircase, kScale, RandomKey{11, 0});
  const auto& people = population.people;
  const auto& households = population.households;
  const std::size_t district_count = districts.districts.size();
  const std::size_t bands = districts.age_band_edges.size();

  struct Tally {
    double people = 0, foreign_born = 0, core = 0, working_age = 0, employed = 0;
    std::vector<double> band;
    std::array<double, kEducationLevels> education{};
  };
  std::vector<Tally> tally(district_count);
  for (auto& t : tally) t.band.assign(bands, 0);
  for (std::size_t i = 0; i < people.size(); ++i) {
    Tally& t = tally[people.district[i]];
    double age = people.age_months[i] / 12.0;
    ++t.people;
    std::size_t band = 0;
    while (band + 1 < bands && age >= districts.age_band_edges[band + 1]) ++band;
    ++t.band[band];
    t.foreign_born += people.origin[i] == Origin::kForeignBorn;
    if (age >= 25 && age < 65) {
      ++t.core;
      ++t.education[people.education[i]];
    }
    if (age >= 20 && age < 65) {
      ++t.working_age;
      t.employed += loaded.staircase->stage(people.stage[i]).employed();
    }
  }
  for (std::size_t d = 0; d < district_count; ++d) {
    const DistrictSpec& spec = districts.districts[d];
    const Tally& t = tally[d];
    CAPTURE(spec.key);
    // Population and age bands: exact up to rounding (largest remainder), ±1 person per band.
    CHECK(t.people == std::round(spec.population * kScale));
    for (std::size_t b = 0; b < bands; ++b) CHECK(std::abs(t.band[b] - spec.age_shares[b] * t.people) <= 1.0);
    // Whole households are made foreign-born until the share is reached: within 0.2 percentage points.
    CHECK(std::abs(t.foreign_born / t.people - spec.foreign_born_share) < 0.002);
    // Education 25–64 is assigned by exact counts: within 0.1 points.
    for (int e = 0; e < kEducationLevels; ++e) CHECK(std::abs(t.education[e] / t.core - spec.education[e]) < 0.001);
    // Employment 20–64: the top of a propensity ranking, exact up to rounding.
    CHECK(std::abs(t.employed / t.working_age - spec.employment_rate) < 0.001);
  }

  // Household types: counts by type against the district's shares, within half a percentage
  // point (rounding, and the odd adult left without a partner).
  std::vector<std::array<double, 4>> types(district_count);
  for (std::size_t h = 0; h < households.size(); ++h) {
    int adults = 0, children = 0;
    for (PersonId p = households.first_member[h]; p != kNoPerson; p = people.next_in_household[to_index(p)])
      (people.lives_with_parents[to_index(p)] ? children : adults)++;
    int type = (children > 0 ? 2 : 0) + (adults >= 2 ? 1 : 0);
    ++types[households.district[h]][type];
  }
  for (std::size_t d = 0; d < district_count; ++d) {
    const DistrictSpec& spec = districts.districts[d];
    double total = types[d][0] + types[d][1] + types[d][2] + types[d][3];
    CAPTURE(spec.key);
    for (int type = 0; type < 4; ++type) {
      CAPTURE(kHouseholdTypeKeys[type]);
      CHECK(std::abs(types[d][type] / total - spec.household_shares[type]) < 0.005);
    }
  }
}

TEST_CASE("population.every_person_lives_in_exactly_one_household") {
  auto loaded = testing::load("scenarios/baseline.yaml");
  Population population = synthesise_population(loaded.model, *loaded.staircase, 0.05, RandomKey{3, 0});
  std::vector<int> seen(population.people.size(), 0);
  for (std::size_t h = 0; h < population.households.size(); ++h)
    for (PersonId p = population.households.first_member[h]; p != kNoPerson;
         p = population.people.next_in_household[to_index(p)]) {
      ++seen[to_index(p)];
      CHECK(to_index(population.people.household[to_index(p)]) == h);
      CHECK(population.people.district[to_index(p)] == population.households.district[h]);
    }
  CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(seen.size()));
}

TEST_CASE("population.young_adults_live_with_their_parents_at_the_file_s_shares") {
  // leaving_home.at_home_at_start: 0.55 of 20–21-year-olds, 0.20 of 22–24, 0.04 of 25–29, none
  // older; each in a household with an adult at least 18 years older.
  auto loaded = testing::load("scenarios/baseline.yaml");
  BandTable& at_home = loaded.model.demography.at_home_at_start;
  at_home.edges = {0, 20, 22, 25, 30};
  at_home.values = {0.0, 0.55, 0.20, 0.04, 0.0};
  Population population = synthesise_population(loaded.model, *loaded.staircase, kScale, RandomKey{5, 0});
  const auto& people = population.people;
  std::array<double, 4> in_band{}, home_in_band{};
  for (std::size_t i = 0; i < people.size(); ++i) {
    const double age = people.age_months[i] / 12.0;
    if (age < 20) continue;
    const std::size_t band = age < 22 ? 0 : age < 25 ? 1 : age < 30 ? 2 : 3;
    in_band[band] += 1;
    if (!people.lives_with_parents[i]) continue;
    home_in_band[band] += 1;
    bool older_adult = false;
    for (PersonId m = population.households.first_member[to_index(people.household[i])]; m != kNoPerson;
         m = people.next_in_household[to_index(m)])
      older_adult = older_adult || (!people.lives_with_parents[to_index(m)] && people.age_months[to_index(m)] >= people.age_months[i] + 18 * 12);
    REQUIRE(older_adult);
  }
  const std::array<double, 4> expected{0.55, 0.20, 0.04, 0.0};
  for (std::size_t b = 0; b < 4; ++b) {
    CAPTURE(b);
    REQUIRE(in_band[b] > 2000);
    const double se = std::sqrt(expected[b] * (1 - expected[b]) / in_band[b]);
    CHECK(std::abs(home_in_band[b] / in_band[b] - expected[b]) < 5 * se + 1e-9);
  }
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("population.synthesis_follows_its_own_keys") {
  // demography.yaml synthesis.*: the share of women, the oldest age, parents' ages, and
  // education by age, each set away from the shipped value.
  auto loaded = testing::load("scenarios/baseline.yaml");
  SynthesisSpec& s = loaded.model.demography.synthesis;
  s.female_share = 0.3;
  s.oldest_age = 80;
  s.open_band_years = 40;  // capped by oldest_age
  s.parent_age_at_eldest = {30, 32};
  s.parent_gap_at_least = 30;
  s.tertiary_from_age = 30;
  s.upper_secondary_from_age = 17;
  Population population = synthesise_population(loaded.model, *loaded.staircase, 0.05, RandomKey{9, 0});
  const People& people = population.people;
  double girls = 0, children = 0;
  std::size_t young_with_school = 0, young_17_19 = 0;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (people.lives_with_parents[i]) ++children, girls += people.female[i];
    const double age = people.age_months[i] / 12.0;
    REQUIRE(age <= 80);
    if (age < 30) REQUIRE(people.education[i] != 2);
    if (age >= 17 && age < 19 && people.lives_with_parents[i]) ++young_17_19, young_with_school += people.education[i] == 1;
  }
  // Parents' sex follows the families' rules (a couple is a woman and a man); children's is the share's.
  REQUIRE(children > 5000);
  CHECK(std::abs(girls / children - 0.3) < 4 * std::sqrt(0.3 * 0.7 / children));
  CHECK(young_17_19 > 100);
  CHECK(young_with_school == young_17_19);
  // Every child at home has an adult in the household at least 30 years older than the eldest.
  std::size_t families = 0;
  for (std::size_t h = 0; h < population.households.size(); ++h) {
    int eldest = -1, oldest_adult = -1;
    for (PersonId p = population.households.first_member[h]; p != kNoPerson; p = people.next_in_household[to_index(p)]) {
      const std::size_t i = to_index(p);
      if (people.lives_with_parents[i]) eldest = std::max<int>(eldest, people.age_months[i]);
      else oldest_adult = std::max<int>(oldest_adult, people.age_months[i]);
    }
    if (eldest < 0 || oldest_adult < 0) continue;
    ++families;
    CHECK(oldest_adult - eldest >= 30 * 12);
  }
  CHECK(families > 1000);
}

}  // namespace trappsteg
