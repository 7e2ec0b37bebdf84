#pragma once
// The outcomes of one run: monthly indicators per district and population group, people
// on each stage and the flows between stages, and newcomers' road to a first job.
// Counts and sums are scaled up to the real city (divided by the scenario's scale).

#include "engine/metrics/inequality.hpp"
#include "engine/metrics/names.hpp"
#include "engine/step/simulation.hpp"

#include <array>
#include <cmath>
#include <string>
#include <span>
#include <vector>

namespace trappsteg {

/// Values by month × area × group × metric; NaN where a metric does not apply. Area
/// `district_count` is the whole city.
struct MonthlyTable {
  std::size_t months = 0, areas = 0;
  std::vector<double> values;

  double& at(std::size_t month, std::size_t area, Group group, Metric metric) {
    return values[index(month, area, group, metric)];
  }
  double at(std::size_t month, std::size_t area, Group group, Metric metric) const {
    return values[index(month, area, group, metric)];
  }
  std::size_t index(std::size_t month, std::size_t area, Group group, Metric metric) const {
    return ((month * areas + area) * kGroupCount + static_cast<std::size_t>(group)) * kMetricCount +
           static_cast<std::size_t>(metric);
  }
};

/// People on each stage and moves between stages, by month and area (city last). Moves are
/// held for the months whose outputs are kept only: nothing else reads them, and a month's
/// table of moves is stages² per area (a 50-year run kept yearly holds 52 months, not 600).
struct StageTable {
  static constexpr std::uint32_t kNotKept = ~std::uint32_t{0};
  std::size_t months = 0, areas = 0, stages = 0;
  std::vector<double> count;            ///< [month][area][stage]
  std::vector<double> flow;             ///< [kept month][area][from][to], moves during the month
  std::vector<std::uint32_t> flow_slot;  ///< per month: its place among the kept months, or kNotKept

  /// Sizes the moves for `kept` months (increasing), all zero; months, areas and stages set first.
  void keep_flows(const std::vector<std::size_t>& kept) {
    flow_slot.assign(months, kNotKept);
    for (std::size_t k = 0; k < kept.size(); ++k) flow_slot[kept[k]] = static_cast<std::uint32_t>(k);
    flow.assign(kept.size() * areas * stages * stages, 0.0);
  }
  bool flows_kept(std::size_t month) const { return month < flow_slot.size() && flow_slot[month] != kNotKept; }

  double& people(std::size_t month, std::size_t area, std::size_t stage) {
    return count[(month * areas + area) * stages + stage];
  }
  double people(std::size_t month, std::size_t area, std::size_t stage) const {
    return count[(month * areas + area) * stages + stage];
  }
  /// Moves in a kept month (flows_kept).
  double& moves(std::size_t month, std::size_t area, std::size_t from, std::size_t to) {
    return flow[((flow_slot[month] * areas + area) * stages + from) * stages + to];
  }
  /// Moves in `month`; 0 in a month whose moves are not kept.
  double moves(std::size_t month, std::size_t area, std::size_t from, std::size_t to) const {
    if (!flows_kept(month)) return 0.0;
    return flow[((flow_slot[month] * areas + area) * stages + from) * stages + to];
  }
};

/// Months after arrival at which the headline tables give newcomers' employed share.
inline constexpr std::array<int, 3> kNewcomerMilestoneMonths{12, 24, 48};

/// Newcomers as they stood at the end of a headline year (1, 5, 10, 20, 50 years of the run).
struct NewcomerSnapshot {
  int year = 0;
  /// [area]: Kaplan–Meier median months from arrival to a first job over the adults who had
  /// arrived by then (censored at the year's end or when they left); NaN if not yet reached.
  std::vector<double> median_months_to_first_job;
  /// [area][milestone]: share employed k months after arrival (k in kNewcomerMilestoneMonths),
  /// over the newcomers observed k months after arrival by then; NaN if none was.
  std::vector<std::array<double, kNewcomerMilestoneMonths.size()>> employed_share;
};

/// An adult newcomer who arrived during the run: from arrival to a first job, or censored when
/// they left the city (or at the run's end).
struct NewcomerSpell {
  std::size_t district;          ///< where they live at the end (or lived when they left)
  int arrival, first_job, left;  ///< months of the run; first_job, left: −1 none
};
struct NewcomerSpells {
  std::size_t areas;  ///< districts, then the city
  std::vector<NewcomerSpell> spells;
};

/// Kaplan–Meier median months from arrival to a first job per area (districts, then the city),
/// over the spells begun before month `horizon` and seen up to it (a first job or a departure
/// in month `horizon` or later is not yet seen); NaN where the survival curve has not reached 0.5.
std::vector<double> kaplan_meier_medians(const NewcomerSpells& spells, int horizon);

/// Newcomers who arrived during the run as adults (20–64), followed by months since arrival.
struct NewcomerTable {
  std::size_t max_months = 0, areas = 0;
  std::vector<double> observed;  ///< [area][k]: present newcomers k months after arrival (person-months)
  std::vector<double> employed;  ///< [area][k]: of them, employed
  std::vector<double> median_months_to_first_job;  ///< [area], Kaplan–Meier; NaN if not reached
  std::vector<double> arrived;   ///< [area]: adults who arrived during the run
  std::vector<NewcomerSnapshot> by_year;  ///< at the end of each headline year the run reaches
};

/// What each policy did and cost, month by month (city-wide; people scaled to the real city).
struct PolicyTable {
  std::vector<std::string> keys;
  std::vector<PolicyAccount> accounts;  ///< [month][policy]
  const PolicyAccount& at(std::size_t month, std::size_t policy) const { return accounts[month * keys.size() + policy]; }
  /// Every policy's phases in order (a policy without phases has one), and their months.
  std::vector<std::size_t> phase_policy;     ///< [unit]: the policy's index in keys
  std::vector<std::string> phase_keys;       ///< [unit]
  std::vector<PhaseAccount> phase_accounts;  ///< [month][unit], people scaled to the real city
  const PhaseAccount& phase_at(std::size_t month, std::size_t unit) const { return phase_accounts[month * phase_keys.size() + unit]; }
  bool any_phased = false;                   ///< some policy has `phases:` (policy_phases.csv is written)
};

/// What the lottery table counts of winners and of losers, k months after their draw.
enum LotteryField : std::size_t {
  kWinners, kWinnersEmployed, kWinnersSwedish,  ///< person-months; employed; Swedish levels summed
  kLosers, kLosersEmployed, kLosersSwedish,
  kLotteryFields
};

/// Lottery winners and losers followed by months since the draw, per lottery policy (people
/// scaled to the real city).
struct LotteryTable {
  std::vector<std::string> keys;        ///< the lottery policies
  std::vector<int> programme_months;    ///< each one's length (its phases' months together)
  std::size_t max_months = 0;
  double scale = 1;                     ///< simulated people per real person (for sample sizes)
  /// [policy][k][LotteryField]
  std::vector<std::array<double, kLotteryFields>> counts;
  std::array<double, kLotteryFields>& at(std::size_t policy, std::size_t k) { return counts[policy * max_months + k]; }
  const std::array<double, kLotteryFields>& at(std::size_t policy, std::size_t k) const { return counts[policy * max_months + k]; }
};

/// Winners against losers of one lottery over a year of months since the draw: year 0 is the
/// programme's length from the draw, year y >= 1 the y-th twelve months after that.
struct LotteryYear {
  int year = 0;
  std::size_t from_month = 0, to_month = 0;  ///< months since the draw, [from, to)
  double winners = 0, losers = 0;            ///< simulated people observed at the year's first month
  double winners_employed = 0, losers_employed = 0;  ///< shares over the year's person-months
  double winners_swedish = 0, losers_swedish = 0;    ///< mean Swedish level (0–3)
  double difference = 0, low = 0, high = 0;  ///< winners' minus losers' employed share, 95 % interval
  double standard_error = 0;                 ///< of the difference
};

/// The lottery `policy`'s winners and losers by year after the programme ended, for the years
/// the run observes both. The interval treats the people observed as independent draws.
/// Over replicates, `pooled` gives the mean difference with the interval of a mean of
/// independent estimates (their standard errors combined).
std::vector<LotteryYear> lottery_by_year(const LotteryTable& table, std::size_t policy);
LotteryYear pooled(std::span<const LotteryYear> replicates);

/// Everything one run measured.
struct Outcomes {
  std::vector<std::string> area_keys, area_names;  ///< districts, then "city"
  std::vector<std::string> stage_keys;
  MonthlyTable monthly;
  StageTable stages;
  NewcomerTable newcomers;
  PolicyTable policies;
  LotteryTable lotteries;
  /// The 0-based months the monthly outputs keep (the scenario's outputs), in order.
  std::vector<std::size_t> written_months;
};

/// Measures a simulation after each step and finally its newcomers' paths.
class Recorder {
 public:
  Recorder(const Simulation& simulation, int months);
  /// Records the month the simulation has just completed.
  void record(const Simulation& simulation);
  /// Completes the newcomer statistics and hands over the outcomes.
  Outcomes finish(const Simulation& simulation);

 private:
  Outcomes outcomes_;
  std::size_t districts_;
  double scale_up_;
  InequalityWorkspace inequality_workspace_;
  InequalityResult inequality_;
  std::vector<double> income_, weight_;
  std::vector<int> lottery_slot_;  // per policy: index among lottery policies, −1 if allocated by priority
  std::vector<std::uint16_t> group_;
};

}  // namespace trappsteg
