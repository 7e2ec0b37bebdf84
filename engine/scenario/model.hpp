#pragma once
// The validated parameters of a run: a scenario and the model files it points at.
// Plain structs with defaults; every field names its YAML key and range. Loading and
// checking live in scenario.cpp; nothing here reads files.

#include "engine/core/error.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/transition_spec.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

/// Household types the synthesis builds, in the order of the YAML keys.
inline constexpr std::array<const char*, 4> kHouseholdTypeKeys{"single_no_children", "couple_no_children",
                                                               "single_with_children", "couple_with_children"};

/// Piecewise-constant function of age or time: value[i] holds from edge[i] up to edge[i+1].
struct BandTable {
  std::vector<double> edges;   ///< increasing lower edges
  std::vector<double> values;  ///< one per edge
  /// The value of the band holding x (the first band for x below the first edge).
  double at(double x) const {
    std::size_t i = 0;
    while (i + 1 < edges.size() && x >= edges[i + 1]) ++i;
    return values.empty() ? 1.0 : values[i];
  }
  /// A smooth path through the bands: each band's value holds at its middle (the last band is
  /// as wide as the one before it), with straight lines between; flat before the first middle
  /// and after the last.
  double smooth(double x) const {
    if (values.empty()) return 1.0;
    if (edges.size() == 1) return values[0];
    auto middle = [&](std::size_t i) {
      const double width = i + 1 < edges.size() ? edges[i + 1] - edges[i] : edges[i] - edges[i - 1];
      return edges[i] + width / 2;
    };
    if (x <= middle(0)) return values[0];
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
      const double a = middle(i), b = middle(i + 1);
      if (x <= b) return values[i] + (values[i + 1] - values[i]) * (x - a) / (b - a);
    }
    return values.back();
  }
};

/// One district's marginals (models/<city>/districts.yaml).
struct DistrictSpec {
  std::string key;                          ///< yaml: districts[i].key, snake_case id
  std::string name;                         ///< yaml: districts[i].name
  double population = 0;                    ///< yaml: population, people, > 0
  std::vector<double> age_shares;           ///< yaml: age_shares, one per age band, sum 1
  double foreign_born_share = 0;            ///< yaml: foreign_born_share, [0, 1]
  double newcomers_per_year = 0;            ///< yaml: newcomers_per_year, people/year, ≥ 0
  std::array<double, 4> household_shares{}; ///< yaml: household_shares.<type>, sum 1
  std::array<double, kEducationLevels> education{};  ///< yaml: education_25_64.<level>, sum 1
  double employment_rate = 0;               ///< yaml: employment_rate_20_64, [0, 1]
  double mean_income_sek = 0;               ///< yaml: mean_income_sek, SEK/year, > 0
  double labour_demand = 1;                 ///< yaml: labour_demand, index (city = 1), > 0
  std::array<double, 2> position_km{};      ///< yaml: position_km: [x, y], schematic centre, for travel distances
  /// yaml: moves_to {district key: share}: where households moving house from here go, this
  /// district included (one row of the gross district-to-district matrix); sum 1; empty: none
  std::vector<std::pair<std::string, double>> moves_to;
  double family_move_weight = 1;            ///< yaml: family_move_weight: weight of this district as a destination for households with children, > 0
  double newcomer_moves_share = 0;          ///< yaml: newcomer_moves_share: share of newcomers' secondary moves that come here, [0, 1]
  double in_movers_per_year = 0;            ///< yaml: in_movers_per_year: people moving in from the rest of Sweden (gross), ≥ 0
  SourceLocation where;
};

/// All districts and the age bands their shares refer to.
struct DistrictsSpec {
  std::filesystem::path file;
  int year = 2016;                    ///< yaml: year the marginals describe
  std::vector<double> age_band_edges; ///< yaml: age_bands, lower edges in years
  std::vector<DistrictSpec> districts;
  /// Population-weighted mean income of every district in the file: wages are set against the
  /// whole city even when a scenario runs only some districts (districts_only).
  double city_mean_income_sek = 0;
};

/// What a stage counts as for outcome statistics.
enum class Activity : std::uint8_t { kNone, kEmployment, kEducation, kTraining };

/// A move forced at an age (children start school, school leavers enter the staircase).
struct AgeMove {
  double age_years = 0;  ///< yaml: stages.<key>.at_age.age
  std::string to;        ///< yaml: stages.<key>.at_age.to, a stage key
};

/// One step of the staircase (models/<city>/staircase.yaml, stages.<key>).
struct StageSpec {
  std::string key;
  std::string name;                ///< yaml: name, shown in outputs
  std::string name_sv;             ///< yaml: name_sv, the Swedish name (empty: the name)
  Activity activity = Activity::kNone;  ///< yaml: activity: none|employment|education|training
  bool exit = false;               ///< yaml: exit — people here have left the city or died
  double wage_factor = 0;          ///< yaml: wage_factor, share of full-time wage earned, [0, 1.5]
  double language_hazard = 0;      ///< yaml: language_hazard, monthly hazard of Swedish level +1, [0, 1]
  int initial_months_max = 24;     ///< yaml: initial_months_max, spread of time-in-stage at start
  std::optional<AgeMove> at_age;   ///< yaml: at_age: {age, to}
  /// yaml (a step a policy adds): benefits_as — the staircase stage whose benefit rules apply here
  std::string benefits_as;
  SourceLocation where;
  bool employed() const { return activity == Activity::kEmployment; }
};

/// A stage named outside the stage list (entry, exits, initial shares), kept with its position.
struct StageReference {
  std::string stage;
  std::string key_path;
  SourceLocation where;
  bool must_be_employed = false;  ///< initial.employed names employment stages only
  bool must_be_exit = false;      ///< exits name exit stages only
};

/// Multiplier tables shared by transitions (staircase.yaml, modifiers).
struct ModifierTables {
  BandTable age;                                   ///< yaml: modifiers.age {bands, multipliers}
  std::array<double, kEducationLevels> education{1, 1, 1};  ///< yaml: modifiers.education.<level>
  std::array<double, 4> swedish{1, 1, 1, 1};       ///< yaml: modifiers.swedish, levels 0..3
  BandTable months_since_arrival;                  ///< yaml: modifiers.arrival {bands (months), multipliers}
};

/// The staircase: stages, transitions and modifiers.
struct StaircaseSpec {
  std::filesystem::path file;
  std::vector<StageSpec> stages;
  std::vector<TransitionSpec> transitions;
  ModifierTables modifiers;
  std::string child_stage;       ///< yaml: entry.child — where people under school age stand
  std::string school_stage;      ///< yaml: entry.school — upper-secondary school
  std::string newcomer_stage;    ///< yaml: entry.newcomer_adult — where adult newcomers start
  std::string job_seeker_stage;  ///< yaml: entry.job_seeker — job-ready non-employed
  std::string retired_stage;     ///< yaml: exits.retired
  std::string moved_stage;       ///< yaml: exits.moved_away
  std::string dead_stage;        ///< yaml: exits.deceased
  std::vector<StageReference> references;  ///< every stage named under entry, exits and initial
  /// yaml: initial.employed: stage → share of the employed at start (sum 1)
  std::vector<std::pair<std::string, double>> initial_employed;
  /// yaml: initial.not_employed.<born_in_sweden|foreign_born|newcomer>: stage → share (sum 1)
  std::array<std::vector<std::pair<std::string, double>>, 3> initial_not_employed;
  /// yaml: initial.employment_log_odds: who holds the district's jobs at start (relative log-odds)
  std::array<double, kEducationLevels> initial_log_odds_education{-0.8, 0.0, 0.7};
  double initial_log_odds_foreign_born = -0.9;  ///< yaml: initial.employment_log_odds.foreign_born
  double initial_log_odds_newcomer = -2.5;      ///< yaml: initial.employment_log_odds.newcomer
  /// yaml: initial.employment_log_odds.by_age {bands, log_odds}: added by age (from the first
  /// edge; nothing before it)
  BandTable initial_log_odds_by_age{{20, 25, 60}, {-0.6, 0.0, -0.6}};
};

/// Taxes, wages and the business cycle (models/<city>/economy.yaml); benefits are in benefits.yaml.
struct EconomySpec {
  std::filesystem::path file;
  double income_tax_rate = 0.30;        ///< yaml: income_tax_rate (required), effective on earnings, [0, 1]
  double municipal_tax_rate = 0.2112;   ///< yaml: municipal_tax_rate (required), [0, 1]
  std::array<double, kEducationLevels> median_wage{};  ///< yaml: wage.median_full_time_sek.<level>, SEK/month
  double wage_log_sd = 0.25;            ///< yaml: wage.log_sd
  double district_income_elasticity = 0.5;  ///< yaml: wage.district_income_elasticity
  std::array<double, 3> equivalence{1.0, 0.5, 0.3};  ///< yaml: equivalence_scale {first_adult, other_14_plus, child_under_14}
  BandTable business_cycle;             ///< yaml: business_cycle {bands (calendar years), index}
};

/// Couples forming and separating (demography.yaml: partnership), as competing hazards.
struct PartnershipSpec {
  bool enabled = false;          ///< the block is given
  BandTable formation;           ///< yaml: partnership.formation_per_year {bands (age), rates}: a single adult starts looking for a partner
  double formation_scale = 1;    ///< yaml: partnership.formation_scale: multiplies every formation rate (for calibration), > 0
  BandTable dissolution;         ///< yaml: partnership.dissolution_per_year {bands (years together), rates}
  double max_age_gap_years = 10; ///< yaml: partnership.max_age_gap_years: partners are at most this far apart in age
  int give_up_months = 24;       ///< yaml: partnership.give_up_months: one who finds no partner stops looking after this long
  double same_sex_share = 0;     ///< yaml: partnership.same_sex_share of those looking, [0, 1]
  double children_stay_with_mother = 0.75;  ///< yaml: partnership.children_stay_with_mother: when a woman and a man separate, [0, 1]
  double initial_union_years_max = 40;      ///< yaml: partnership.initial_union_years_max: spread of how long couples at the start have lived together
};

/// Households moving house within the city (demography.yaml: moves_within_city).
struct MovesSpec {
  bool enabled = false;                 ///< the block is given
  std::array<double, 4> per_year{};     ///< yaml: moves_within_city.per_year.<household type>: yearly chance of moving house
  int newcomer_months = 36;             ///< yaml: moves_within_city.newcomers.months: secondary moves in the first months after arrival
  double newcomer_per_year = 0;         ///< yaml: moves_within_city.newcomers.per_year: yearly chance, instead of the household type's
};

/// Households moving in from the rest of Sweden as people (demography.yaml: moving_in); how
/// many each district receives is its in_movers_per_year.
struct MovingInSpec {
  bool enabled = false;                            ///< the block is given
  std::vector<double> age_edges;                   ///< yaml: moving_in.age_bands (of the first adult), years
  std::vector<double> age_shares;                  ///< yaml: moving_in.age_shares, sum 1
  double couple_share = 0;                         ///< yaml: moving_in.couples: share of households that are couples, [0, 1]
  double children_share = 0;                       ///< yaml: moving_in.with_children: share that bring children, [0, 1]
  int max_children = 2;                            ///< yaml: moving_in.max_children: 1..this many, evenly
  double foreign_born_share = 0;                   ///< yaml: moving_in.foreign_born: share of adults born abroad, [0, 1]
  double years_in_sweden_min = 5, years_in_sweden_max = 25;  ///< yaml: moving_in.years_in_sweden: [min, max] for those born abroad
  std::array<double, kEducationLevels> education{0.1, 0.45, 0.45};  ///< yaml: moving_in.education
  /// yaml: moving_in.stages.{under_25, from_25}: where adults below retirement stand on
  /// arrival (stage: share, sum 1); under school-leaving age they go to school
  std::vector<std::pair<std::string, double>> stages_under_25, stages_from_25;
  std::vector<StageReference> stage_references;    ///< the stages named, checked against the staircase
};

/// How the initial population is built where the districts' figures stop (demography.yaml:
/// synthesis.*): who is a woman, how old the oldest are, parents' ages, years in Sweden,
/// Swedish and education by age.
struct SynthesisSpec {
  double female_share = 0.5;                    ///< yaml: female_share
  double oldest_age = 100;                      ///< yaml: oldest_age, years: nobody synthesised is older
  double open_band_years = 15;                  ///< yaml: open_age_band_years: the districts' last age band spans this many years
  std::array<double, 2> parent_age_at_eldest{24, 34};  ///< yaml: parent_age_at_eldest_child: [min, max], even
  double parent_gap_at_least = 18;              ///< yaml: parent_older_than_children_by_at_least, years
  double years_in_sweden_skew = 1.6;            ///< yaml: years_in_sweden_skew: years = max × u^skew (> 1: more recent arrivals)
  double swedish_years_per_level_adults = 1.5;  ///< yaml: swedish_years_per_level.adults
  double swedish_years_per_level_children = 0.8;  ///< yaml: swedish_years_per_level.children
  double education_shares_from_age = 25;        ///< yaml: education_shares_from_age: the districts' shares describe these ages up to retirement
  double tertiary_from_age = 25;                ///< yaml: tertiary_from_age: nobody younger has a degree
  double upper_secondary_from_age = 19;         ///< yaml: upper_secondary_from_age: the young have finished school from this age
};

/// Births, deaths, moves, retirement and newcomers (models/<city>/demography.yaml).
struct DemographySpec {
  std::filesystem::path file;
  BandTable mortality;           ///< yaml: mortality_per_year {bands, rates}: by age, per year
  BandTable emigration_born_in_sweden;  ///< yaml: moving_away_per_year.born_in_sweden: households leaving the city, by the first adult's age
  BandTable emigration_foreign_born;    ///< yaml: moving_away_per_year.foreign_born
  BandTable retirement;          ///< yaml: retirement_per_year {bands, rates}: hazard by age
  BandTable fertility;           ///< yaml: fertility_per_year {bands, rates}: births per woman
  double leave_home_age = 20;                ///< yaml: leaving_home.from_age, years
  BandTable leave_home_per_year{{0}, {0.4}};  ///< yaml: leaving_home.per_year, yearly chance of moving out by age ({bands, rates}, or one number for every age), [0, 1]
  BandTable at_home_at_start;                ///< yaml: leaving_home.at_home_at_start {bands, shares}: share of adults (from_age on) still living with their parents at the start
  double school_completion = 0.8;            ///< yaml: school.completion, [0, 1]
  double school_completion_foreign_born = 0.6;  ///< yaml: school.completion_foreign_born
  double school_working_adult_odds_ratio = 1.0; ///< yaml: school.working_adult_odds_ratio: whole childhood with vs without an adult at work
  double school_reference_working_share = 0.85; ///< yaml: school.reference_working_share: typical share when the base rates were measured
  int newcomer_months = 48;      ///< yaml: newcomers.group_months: "newcomer" group = arrived within
  std::vector<double> arrival_age_edges;   ///< yaml: newcomers.age_bands
  std::vector<double> arrival_age_shares;  ///< yaml: newcomers.age_shares
  double arrival_family_share = 0.5;       ///< yaml: newcomers.in_families, share arriving as families
  std::array<double, kEducationLevels> arrival_education{0.4, 0.35, 0.25};  ///< yaml: newcomers.education
  double arrival_years_spread = 25;        ///< yaml: newcomers.initial_years_in_sweden_max
  /// yaml: newcomers.families: a family arriving is two parents, the first aged between
  /// first_parent_age [min, max], the other up to partner_age_difference years apart, with
  /// children [min, max] (evenly), each younger than the first parent less 20 years
  std::array<double, 2> arrival_parent_age{25, 45};
  double arrival_partner_age_difference = 3;
  std::array<int, 2> arrival_children{1, 3};
  double female_share_at_birth = 0.488;    ///< yaml: births.female_share, [0, 1]
  double retired_from_age = 65;            ///< yaml: retired_from_age: people synthesised, arriving or moving in at this age or older are retired
  /// yaml: outcome_ages.{working_age, youth}: [first, last] whole years the outcomes count
  /// (employment_rate_20_64 and the newcomers' outcomes; youth_16_24 and NEET); the metric
  /// names keep the published definitions' ages
  std::array<int, 2> working_ages{20, 64}, youth_ages{16, 24};
  PartnershipSpec partnership;
  SynthesisSpec synthesis;
  MovesSpec moves;
  MovingInSpec moving_in;
};

/// Which demographic processes run; researchers switch them off to compare with analytic results.
struct DemographySwitches {
  bool ageing = true, births = true, mortality = true, retirement = true, age_moves = true,
       arrivals = true, moving_away = true, language = true, partnerships = true, moves_within_city = true,
       moving_in = true;
};

/// The model files a scenario names (model.<key>), in this order everywhere.
inline constexpr std::array<const char*, 5> kModelFileKeys{"districts", "staircase", "economy", "demography", "benefits"};
inline constexpr std::size_t kModelFileCount = kModelFileKeys.size();

/// Paths of the model files a scenario uses.
struct ModelFiles {
  std::filesystem::path districts, staircase, economy, demography, benefits;
  std::array<SourceLocation, kModelFileCount> where;  ///< of each key in the scenario, in the order of kModelFileKeys
  /// The path of file `i` of kModelFileKeys.
  std::filesystem::path& path(std::size_t i) {
    std::filesystem::path* paths[] = {&districts, &staircase, &economy, &demography, &benefits};
    return *paths[i];
  }
  const std::filesystem::path& path(std::size_t i) const { return const_cast<ModelFiles*>(this)->path(i); }
};

/// How a scenario's policies share people. The defaults are the least surprising: a person may
/// take part in several policies at once (up to kPolicySlots), so a policy's participants and
/// the draws that chose them do not depend on which other policies run or in which order;
/// effects of two policies on the same transition multiply.
struct PolicyInteractions {
  bool exclusive = false;        ///< yaml: policy_interactions.exclusive: one policy at a time; earlier in `policies:` picks first
  bool lottery_excludes = false; ///< yaml: policy_interactions.lottery_excludes: a lottery's winners and losers take no other policy
};

/// What a run keeps of its individuals (scenario key microdata; run/compare --microdata): a panel
/// row per person at the months kept and every event between them. Who is kept is a fixed draw
/// per person (seed, replicate, person), so every scenario of a compare keeps the same people.
struct MicrodataSpec {
  enum class Frequency : std::uint8_t { kOff, kYearly, kMonthly };
  Frequency frequency = Frequency::kOff;  ///< yaml: microdata.frequency: yearly (month 0 and every 12th) or monthly
  double sample = 1.0;                    ///< yaml: microdata.sample, share of the people kept, (0, 1]
  bool on() const { return frequency != Frequency::kOff; }
};

/// Which months of the monthly series a run's writers keep (scenario key outputs): outcomes.csv,
/// compare.csv, stages.csv and results.sqlite's monthly values. The engine computes every month
/// either way; yearly and summary figures (headlines, budgets, targets) do not depend on it.
struct OutputsSpec {
  enum class Frequency : std::uint8_t { kAuto, kMonthly, kYearly };
  Frequency frequency = Frequency::kAuto;  ///< yaml: outputs.frequency: auto (monthly up to 10 years, else yearly), monthly, yearly
  int auto_monthly_up_to_months = 120;     ///< yaml: outputs.monthly_up_to_years × 12: auto's limit
  /// Whether 0-based month `m` of a run of `months` months is written: every month, or (yearly)
  /// the first, the end of each year and the last.
  bool keeps(std::size_t m, std::size_t months) const {
    const bool monthly = frequency == Frequency::kMonthly ||
                         (frequency == Frequency::kAuto && months <= static_cast<std::size_t>(auto_monthly_up_to_months));
    return monthly || m == 0 || (m + 1) % 12 == 0 || m + 1 == months;
  }
  /// The 0-based months kept of a run of `months` months, in order.
  std::vector<std::size_t> kept_months(std::size_t months) const {
    std::vector<std::size_t> kept;
    for (std::size_t m = 0; m < months; ++m)
      if (keeps(m, months)) kept.push_back(m);
    return kept;
  }
};

/// A validated scenario: what to run and with which model.
struct Scenario {
  std::filesystem::path file;
  std::string name;              ///< yaml: name
  std::string title, title_sv;   ///< yaml: title, title_sv: display names (empty: the name; title_sv empty: title)
  std::string description;       ///< yaml: description
  ModelFiles model_files;        ///< yaml: model.{districts,staircase,economy,demography}, relative to the scenario
  int start_year = 2016;         ///< yaml: start_year
  int months = 120;              ///< yaml: years × 12 or months, 1..600
  int warm_up_months = 0;        ///< yaml: warm_up_months, 0..600: simulated before month 1, not recorded
  double scale = 1.0;            ///< yaml: scale, share of the real population simulated, (0, 1]
  std::uint64_t seed = 2016;     ///< yaml: seed
  int replicates = 1;            ///< yaml: replicates, ≥ 1
  DemographySwitches demography; ///< yaml: demography.{ageing,...}
  std::vector<std::string> districts_only;  ///< yaml: districts_only, subset of district keys (empty: all)
  std::vector<SourceLocation> districts_only_where;
  std::vector<std::string> gap_between;     ///< yaml: gap_between: [district, district] whose employment gap the headline follows (empty: none)
  SourceLocation gap_between_where;
  MicrodataSpec microdata;                  ///< yaml: microdata: the person panel and events a run keeps (off by default)
  OutputsSpec outputs;                      ///< yaml: outputs: which months the monthly outputs keep
  std::vector<std::filesystem::path> policy_files;  ///< yaml: policies: [paths], relative to the scenario
  std::vector<SourceLocation> policy_where;
  PolicyInteractions policy_interactions;   ///< yaml: policy_interactions
  std::filesystem::path baseline_file;      ///< yaml: baseline: path of the scenario the budget compares with
  std::filesystem::path targets_file;       ///< yaml: targets: published figures the run is compared with (empty: none)
  double discount_rate = 0.035;             ///< yaml: budget.discount_rate, per year, [0, 1]
  std::vector<Override> overrides;          ///< changes by key path (run --set, sweeps), for every file
  /// Whether load_model refuses an override aimed at a policy this scenario does not run. Off
  /// where one --set goes to several scenarios (a run's baseline, compare): the command then
  /// checks that one of them runs the policy (overrides_of_policies_not_run).
  bool refuse_overrides_of_other_policies = true;
  std::string resolved_yaml;                ///< the scenario as read: extends merged, overrides applied, paths absolute
};

}  // namespace trappsteg

#include "engine/scenario/benefits_spec.hpp"
#include "engine/scenario/policy_spec.hpp"
#include "engine/scenario/targets.hpp"

namespace trappsteg {

/// Everything a run needs, loaded and checked.
struct Model {
  DistrictsSpec districts;
  StaircaseSpec staircase;
  EconomySpec economy;
  DemographySpec demography;
  std::vector<PolicySpec> policies;  ///< from the scenario's policy files, in order
  BenefitsSpec benefits;
  std::array<std::string, kModelFileCount> resolved_yaml;  ///< each file of kModelFileKeys as read (overrides applied)
  std::optional<TargetsSpec> targets;        ///< the scenario's targets file, if it names one
  std::string targets_yaml;                  ///< that file as read
};

}  // namespace trappsteg
