#include "engine/population/synthesis.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace trappsteg {
namespace {

/// Integer counts proportional to shares that sum exactly to `total` (largest remainder).
std::vector<std::size_t> apportion(const std::vector<double>& shares, std::size_t total) {
  double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<std::size_t> counts(shares.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t assigned = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    double exact = sum > 0 ? shares[i] / sum * static_cast<double>(total) : 0.0;
    counts[i] = static_cast<std::size_t>(std::floor(exact));
    assigned += counts[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](auto a, auto b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total && k < remainders.size(); ++k, ++assigned) ++counts[remainders[k].second];
  return counts;
}

/// Builds one district: its people, their households and attributes.
class DistrictSynthesis {
 public:
  DistrictSynthesis(const Model& model, const Staircase& staircase, std::size_t district, double scale,
                    RandomStream random, Population& population)
      : model_(model), synthesis_(model.demography.synthesis), staircase_(staircase), spec_(model.districts.districts[district]),
        district_(district),
        scale_(scale), random_(random), population_(population), wages_(model.economy, model.districts) {
    // Initial stage shares as ids and numbers, looked up once.
    auto compile = [&](const std::vector<std::pair<std::string, double>>& shares, StageShares& out) {
      for (const auto& [key, share] : shares) {
        out.stages.push_back(staircase.id_of(key));
        out.shares.push_back(share);
      }
    };
    compile(staircase.spec().initial_employed, employed_shares_);
    for (std::size_t origin = 0; origin < 3; ++origin) compile(staircase.spec().initial_not_employed[origin], not_employed_shares_[origin]);
  }

  void run() {
    create_people();
    form_households();
    assign_origin();
    assign_education();
    assign_stages();
  }

 private:
  double u(PersonId p, std::uint32_t block) const {
    return random_.uniform(static_cast<std::uint32_t>(to_index(p)), kFixedDrawMonth, Draw::kSynthesis, block);
  }
  People& people() { return population_.people; }

  void create_people() {
    auto total = static_cast<std::size_t>(std::llround(spec_.population * scale_));
    const auto& edges = model_.districts.age_band_edges;
    auto counts = apportion(spec_.age_shares, total);
    for (std::size_t band = 0; band < counts.size(); ++band) {
      double low = edges[band], high = band + 1 < edges.size() ? edges[band + 1] : synthesis_.oldest_age;
      if (band + 1 == edges.size()) high = std::min(high, low + synthesis_.open_band_years);  // the open band is thin at the top
      for (std::size_t i = 0; i < counts[band]; ++i) {
        PersonId p = people().add();
        auto idx = to_index(p);
        people().district[idx] = static_cast<std::uint8_t>(district_);
        double age_years = low + (high - low) * u(p, 0);
        people().age_months[idx] = static_cast<std::int16_t>(std::floor(age_years * 12.0));
        people().female[idx] = u(p, 1) < synthesis_.female_share;
        (age_years < model_.benefits.ages.adult_from ? young_ : adults_).push_back(p);
      }
    }
  }

  double age_of(PersonId p) { return people().age_months[to_index(p)] / 12.0; }

  /// Two adults of one household as a couple, together for a drawn number of years (at least
  /// `at_least`, e.g. the eldest child's age; at most since the younger turned 20).
  void make_couple(PersonId a, PersonId b, double at_least) {
    const PartnershipSpec& spec = model_.demography.partnership;
    people().partner[to_index(a)] = b;
    people().partner[to_index(b)] = a;
    const double longest = std::max(0.0, std::min({age_of(a), age_of(b)}) - 20.0);
    const double most = std::min(longest, spec.initial_union_years_max);
    const double years = std::min(longest, at_least + (std::max(most, at_least) - at_least) * u(a, 14));
    people().union_month[to_index(a)] = people().union_month[to_index(b)] = -static_cast<std::int32_t>(std::floor(years * 12.0));
  }

  void form_households() {
    // Household counts by type follow the district's shares exactly: the number of households
    // is what seats every adult (20+) in the given mix; children (0–19) are then spread over
    // the families, so the mean family size follows from the age structure.
    const auto& shares = spec_.household_shares;
    // Some young adults still live with their parents: they join the children dealt to the
    // families and do not head a household of their own.
    const DemographySpec& demography = model_.demography;
    std::vector<PersonId> at_home, on_own;
    for (PersonId p : adults_) {
      const double age = age_of(p);
      const bool home = !demography.at_home_at_start.edges.empty() && age >= demography.leave_home_age &&
                        u(p, 15) < demography.at_home_at_start.at(age);
      (home ? at_home : on_own).push_back(p);
    }
    std::size_t children = young_.size() + at_home.size(), adults = on_own.size();
    double adults_per_household = shares[0] + 2 * shares[1] + shares[2] + 2 * shares[3];
    auto total = static_cast<std::size_t>(std::llround(static_cast<double>(adults) / adults_per_household));
    auto type_counts = apportion({shares.begin(), shares.end()}, total);
    std::size_t families = std::min(type_counts[2] + type_counts[3], children);
    std::size_t single_families = std::min(type_counts[2], families);
    std::size_t wanted_couples = type_counts[1];
    if (children > 0 && families == 0) families = single_families = 1;

    // Adults by age, so parents can be found at a plausible age above their eldest child.
    std::multimap<int, PersonId> free_adults;
    for (PersonId p : on_own) free_adults.emplace(people().age_months[to_index(p)], p);

    // Order children randomly, deal one to each family, then the rest to random families.
    std::vector<PersonId> order = young_;
    order.insert(order.end(), at_home.begin(), at_home.end());
    std::sort(order.begin(), order.end(), [&](PersonId a, PersonId b) { return u(a, 2) < u(b, 2); });
    std::vector<std::vector<PersonId>> family_children(families);
    for (std::size_t i = 0; i < order.size(); ++i) {
      std::size_t f = i < families ? i : static_cast<std::size_t>(u(order[i], 3) * static_cast<double>(families));
      if (families > 0) family_children[std::min(f, families - 1)].push_back(order[i]);
    }
    auto take_adult = [&](int target_months, int min_months) -> PersonId {
      if (free_adults.empty()) return kNoPerson;
      auto it = free_adults.lower_bound(target_months);
      if (it == free_adults.end()) --it;
      if (it->first < min_months) {
        auto above = free_adults.lower_bound(min_months);
        if (above != free_adults.end()) it = above;
      }
      PersonId p = it->second;
      free_adults.erase(it);
      return p;
    };

    for (std::size_t f = 0; f < families; ++f) {
      auto& kids = family_children[f];
      if (kids.empty()) continue;
      HouseholdId h = population_.households.add(static_cast<std::uint8_t>(district_));
      int eldest = 0;
      for (PersonId c : kids) {
        eldest = std::max<int>(eldest, people().age_months[to_index(c)]);
        population_.households.link(people(), h, c);
        people().lives_with_parents[to_index(c)] = 1;
      }
      const auto& parent_age = synthesis_.parent_age_at_eldest;
      int target = eldest + static_cast<int>((parent_age[0] + (parent_age[1] - parent_age[0]) * u(kids.front(), 4)) * 12.0);
      PersonId parent = take_adult(target, eldest + static_cast<int>(std::lround(synthesis_.parent_gap_at_least * 12)));
      if (parent == kNoPerson) continue;
      population_.households.link(people(), h, parent);
      if (f >= single_families) {
        PersonId partner = take_adult(people().age_months[to_index(parent)], static_cast<int>(model_.benefits.ages.adult_from * 12));
        if (partner != kNoPerson) {
          population_.households.link(people(), h, partner);
          people().female[to_index(parent)] = 1;
          people().female[to_index(partner)] = 0;
          make_couple(parent, partner, eldest / 12.0);
        }
      }
      households_.push_back(h);
    }

    // Remaining adults: the couples without children, then singles.
    std::vector<PersonId> rest;
    for (auto& [age, p] : free_adults) rest.push_back(p);  // sorted by age
    std::size_t couples = std::min(wanted_couples, rest.size() / 2);
    // Choose couple members at random; neighbours by age become partners.
    std::vector<PersonId> in_couple, single;
    std::vector<std::pair<double, PersonId>> ranked;
    for (PersonId p : rest) ranked.emplace_back(u(p, 5), p);
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t i = 0; i < ranked.size(); ++i) (i < 2 * couples ? in_couple : single).push_back(ranked[i].second);
    std::sort(in_couple.begin(), in_couple.end(), [&](PersonId a, PersonId b) {
      return people().age_months[to_index(a)] < people().age_months[to_index(b)];
    });
    for (std::size_t i = 0; i + 1 < in_couple.size(); i += 2) {
      HouseholdId h = population_.households.add(static_cast<std::uint8_t>(district_));
      population_.households.link(people(), h, in_couple[i]);
      population_.households.link(people(), h, in_couple[i + 1]);
      people().female[to_index(in_couple[i])] = 1;
      people().female[to_index(in_couple[i + 1])] = 0;
      make_couple(in_couple[i], in_couple[i + 1], 0.0);
      households_.push_back(h);
    }
    if (in_couple.size() % 2) single.push_back(in_couple.back());
    for (PersonId p : single) {
      HouseholdId h = population_.households.add(static_cast<std::uint8_t>(district_));
      population_.households.link(people(), h, p);
      households_.push_back(h);
    }
  }

  /// Marks whole households foreign-born, in random order, until the district's share is reached.
  void assign_origin() {
    const auto& demography = model_.demography;
    auto target = static_cast<std::int64_t>(std::llround(spec_.foreign_born_share * static_cast<double>(young_.size() + adults_.size())));
    std::vector<std::pair<double, HouseholdId>> order;
    for (HouseholdId h : households_) {
      PersonId first = population_.households.first_member[to_index(h)];
      order.emplace_back(first == kNoPerson ? 1.0 : u(first, 6), h);
    }
    std::sort(order.begin(), order.end());
    std::int64_t foreign_born = 0;
    for (auto [key, h] : order) {
      PersonId first = population_.households.first_member[to_index(h)];
      if (first == kNoPerson) continue;
      // Years in Sweden, skewed towards recent arrivals (arrivals grew before 2016).
      double years = demography.arrival_years_spread * std::pow(u(first, 7), synthesis_.years_in_sweden_skew);
      std::int64_t count = 0;
      for (PersonId p = first; p != kNoPerson; p = people().next_in_household[to_index(p)])
        if (!people().lives_with_parents[to_index(p)] || age_of(p) > years) ++count;
      if (foreign_born + count > target + count / 2) continue;
      foreign_born += count;
      for (PersonId p = first; p != kNoPerson; p = people().next_in_household[to_index(p)]) {
        auto idx = to_index(p);
        bool born_abroad = !people().lives_with_parents[idx] || age_of(p) > years;
        if (!born_abroad) continue;
        people().origin[idx] = Origin::kForeignBorn;
        people().arrival_month[idx] = -static_cast<std::int32_t>(std::floor(years * 12.0));
        // Swedish comes with years here, faster for children.
        double pace = people().lives_with_parents[idx] ? synthesis_.swedish_years_per_level_children
                                                       : synthesis_.swedish_years_per_level_adults;
        people().swedish[idx] = static_cast<std::uint8_t>(std::min(3.0, std::floor(years / pace + u(p, 8))));
      }
    }
  }

  void assign_education() {
    // Exact shares among 25–64 by random rank; the same shares for older people; the young
    // have at most upper-secondary school.
    std::vector<std::pair<double, PersonId>> core, other;
    for (PersonId p : adults_) {
      double age = age_of(p);
      (age >= synthesis_.education_shares_from_age && age < model_.demography.retired_from_age ? core : other)
          .emplace_back(u(p, 9), p);
    }
    auto assign = [&](std::vector<std::pair<double, PersonId>>& group) {
      std::sort(group.begin(), group.end());
      auto counts = apportion({spec_.education.begin(), spec_.education.end()}, group.size());
      std::size_t i = 0;
      for (int level = 0; level < kEducationLevels; ++level)
        for (std::size_t k = 0; k < counts[level]; ++k, ++i) {
          auto idx = to_index(group[i].second);
          int education = level;
          if (age_of(group[i].second) < synthesis_.tertiary_from_age && education == 2) education = 1;
          people().education[idx] = static_cast<std::uint8_t>(education);
        }
    };
    assign(core);
    assign(other);
    for (PersonId p : young_) {
      auto idx = to_index(p);
      people().education[idx] = static_cast<std::uint8_t>(age_of(p) >= synthesis_.upper_secondary_from_age ? 1 : 0);
    }
  }

  void assign_stages() {
    const auto& spec = staircase_.spec();
    auto newcomer_months = model_.demography.newcomer_months;
    auto is_newcomer = [&](std::size_t idx) {
      return people().origin[idx] == Origin::kForeignBorn && -people().arrival_month[idx] < newcomer_months;
    };
    // Employment 20–64: the top of a random propensity ranking, exactly the district's rate.
    std::vector<std::pair<double, PersonId>> working_age;
    for (PersonId p : adults_) {
      double age = age_of(p);
      if (age >= model_.demography.retired_from_age) continue;
      auto idx = to_index(p);
      double draw = u(p, 10);
      double score = std::log(draw / (1 - draw)) + spec.initial_log_odds_education[people().education[idx]];
      if (people().origin[idx] == Origin::kForeignBorn) score += spec.initial_log_odds_foreign_born;
      if (is_newcomer(idx)) score += spec.initial_log_odds_newcomer;
      const BandTable& by_age = spec.initial_log_odds_by_age;
      if (!by_age.values.empty() && age >= by_age.edges.front()) score += by_age.at(age);
      working_age.emplace_back(-score, p);
    }
    std::sort(working_age.begin(), working_age.end());
    auto employed = static_cast<std::size_t>(std::llround(spec_.employment_rate * static_cast<double>(working_age.size())));
    auto set_stage = [&](PersonId p, StageId stage) {
      auto idx = to_index(p);
      people().stage[idx] = stage;
      people().previous_stage[idx] = stage;
      int spread = staircase_.stage(stage).initial_months_max;
      people().months_in_stage[idx] = static_cast<std::uint16_t>(std::floor(u(p, 11) * (spread + 1)));
    };
    for (std::size_t i = 0; i < working_age.size(); ++i) {
      PersonId p = working_age[i].second;
      auto idx = to_index(p);
      const StageShares& shares = i < employed                                   ? employed_shares_
                                  : is_newcomer(idx)                              ? not_employed_shares_[2]
                                  : people().origin[idx] == Origin::kForeignBorn ? not_employed_shares_[1]
                                                                                  : not_employed_shares_[0];
      set_stage(p, shares.stages[pick_index(shares.shares, u(p, 12))]);
      if (i < employed) people().first_job_month[idx] = -1 - people().months_in_stage[idx];
    }
    // Children, school and retirement follow the ages at which the staircase moves people on;
    // the young have stood on their stage since they reached its age.
    const double school_start = staircase_.school_start_years(), school_end = staircase_.school_leaving_years();
    for (PersonId p : young_) {
      double age = age_of(p);
      double since = age < school_start ? 0.0 : age < school_end ? school_start : school_end;
      set_stage(p, age < school_start ? staircase_.child : age < school_end ? staircase_.school : staircase_.job_seeker);
      people().months_in_stage[to_index(p)] = static_cast<std::uint16_t>(std::max(0.0, std::floor((age - since) * 12.0)));
    }
    for (PersonId p : adults_)
      if (age_of(p) >= model_.demography.retired_from_age) set_stage(p, staircase_.retired);
    for (PersonId p : adults_) {
      auto idx = to_index(p);
      people().wage_potential[idx] = static_cast<float>(wages_.draw(district_, people().education[idx], u(p, 13)));
    }
    for (PersonId p : young_)
      people().wage_potential[to_index(p)] = static_cast<float>(wages_.draw(district_, 1, u(p, 13)));
  }

  struct StageShares {
    std::vector<StageId> stages;
    std::vector<double> shares;
  };

  const Model& model_;
  const SynthesisSpec& synthesis_;
  const Staircase& staircase_;
  const DistrictSpec& spec_;
  std::size_t district_;
  double scale_;
  RandomStream random_;
  Population& population_;
  WageModel wages_;
  StageShares employed_shares_;
  std::array<StageShares, 3> not_employed_shares_;  // born in Sweden, foreign-born, newcomer
  std::vector<PersonId> young_, adults_;
  std::vector<HouseholdId> households_;
};

}  // namespace

std::size_t pick_index(std::span<const double> shares, double uniform) {
  double cumulative = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    cumulative += shares[i];
    if (uniform < cumulative) return i;
  }
  return shares.size() - 1;
}

WageModel::WageModel(const EconomySpec& economy, const DistrictsSpec& districts)
    : median_(economy.median_wage), log_sd_(economy.wage_log_sd) {
  double city_mean = districts.city_mean_income_sek;
  if (!(city_mean > 0)) {  // a districts spec built in code
    double income = 0, population = 0;
    for (const auto& d : districts.districts) income += d.mean_income_sek * d.population, population += d.population;
    city_mean = income / population;
  }
  for (const auto& d : districts.districts)
    district_factor_.push_back(std::pow(d.mean_income_sek / city_mean, economy.district_income_elasticity));
}

double WageModel::draw(std::size_t district, int education, double uniform) const {
  static const boost::math::normal standard_normal;
  return median_[education] * district_factor_[district] * std::exp(log_sd_ * boost::math::quantile(standard_normal, uniform));
}

Population synthesise_population(const Model& model, const Staircase& staircase, double scale, RandomKey key) {
  Population population;
  RandomStream random(key);
  for (std::size_t d = 0; d < model.districts.districts.size(); ++d)
    DistrictSynthesis(model, staircase, d, scale, random, population).run();
  population.order_by_household();
  return population;
}

}  // namespace trappsteg
