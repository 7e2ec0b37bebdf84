#pragma once
// Microdata: the people behind the aggregates. A panel row per kept person at the months kept
// (yearly or monthly) and every event between them, taken from the population after each month,
// so that one person's road through the staircase can be followed and any published outcome
// recomputed from the people it describes. No I/O.

#include "engine/population/population.hpp"
#include "engine/scenario/model.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace trappsteg {

class Simulation;

/// MicrodataPanel::months_since_arrival of someone born in Sweden (NULL in results.sqlite), apart
/// from −1, a real value: at month 0 for those the synthesis has arriving in month 1.
inline constexpr std::int32_t kBornInSweden = std::numeric_limits<std::int32_t>::min();

/// The panel as columns; row r is one person at one month. Amounts are SEK per month, rounded.
struct MicrodataPanel {
  std::vector<std::int32_t> month;  ///< 0: the start; then 1-based, as outcomes.csv's month
  std::vector<std::uint32_t> person, household;
  std::vector<std::uint8_t> district;  ///< index into Microdata::district_keys
  std::vector<std::int16_t> age_months;
  std::vector<std::uint8_t> female, foreign_born;
  std::vector<std::int32_t> months_since_arrival;  ///< 0 in the month of arrival; −1 at month 0: arrives in month 1; kBornInSweden
  std::vector<std::uint8_t> education, swedish;
  std::vector<std::uint16_t> stage;  ///< index into Microdata::stage_keys
  std::vector<std::uint16_t> months_in_stage;
  std::vector<std::uint8_t> employed, lives_with_parents;
  std::vector<std::int32_t> earnings_sek, net_income_sek;
  std::vector<std::int32_t> household_disposable_sek, household_support_sek;
  std::vector<float> household_equivalised_sek;  ///< exactly as Gini and Theil measure it (not rounded)
  std::vector<std::uint8_t> household_members;  ///< present members this month
  std::vector<std::uint8_t> in_support;         ///< the person's assessment unit was paid income support this month
  std::vector<std::int16_t> policy;  ///< index into Microdata::policy_keys of the first policy taken part in; −1 none
  std::vector<std::int16_t> phase;   ///< 0-based phase of that policy; −1 none

  std::size_t size() const { return month.size(); }
};

/// Every policy each kept person takes part in at each month kept (the panel names only the
/// first): one row per person, month and policy.
struct MicrodataParticipations {
  std::vector<std::int32_t> month;
  std::vector<std::uint32_t> person;
  std::vector<std::int16_t> policy, phase;  ///< index into Microdata::policy_keys; 0-based phase
  std::size_t size() const { return month.size(); }
};

/// What can happen to a person between two months.
enum class EventKind : std::uint8_t {
  kStage,          ///< from, to: stage indices
  kPolicyStart,    ///< from: policy index, to: phase
  kPhase,          ///< from: policy index, to: the new phase
  kPolicyEnd,      ///< from: policy index, to: the last phase
  kLottery,        ///< from: policy index, to: 1 won, 0 lost
  kBorn,           ///< from: −1, to: household
  kArrived,        ///< from abroad, in the month months_since_arrival is 0; to: household
  kMovedIn,        ///< from the rest of Sweden; to: household
  kPartnered,      ///< to: the partner's id
  kSeparated,      ///< from: the former partner's id
  kHousehold,      ///< from, to: household ids (left home, moved in with a partner, …)
  kDistrict,       ///< from, to: district indices
  kDied,
  kMovedAway,
};

/// The events' names as stored (results.sqlite events.kind), by EventKind.
const std::vector<std::string>& event_kind_names();

/// Events as columns, in (month, person) order.
struct MicrodataEvents {
  std::vector<std::int32_t> month;
  std::vector<std::uint32_t> person;
  std::vector<EventKind> kind;
  std::vector<std::int64_t> from, to;  ///< meaning by kind; −1 where there is none

  std::size_t size() const { return month.size(); }
};

struct Microdata {
  MicrodataSpec spec;
  std::vector<std::string> district_keys, stage_keys, policy_keys;
  MicrodataPanel panel;
  MicrodataParticipations participations;
  MicrodataEvents events;
};

/// Whether `person` is in the microdata sample of (seed, replicate): a fixed draw per person.
bool in_microdata_sample(const MicrodataSpec& spec, std::uint64_t seed, std::uint32_t replicate, std::uint32_t person);

/// Rows a panel will hold (at most: the people then present, who may be fewer), and the bytes
/// it is expected to take in results.sqlite (an estimate, for telling the user before a run).
struct MicrodataSize {
  double panel_rows = 0, event_rows = 0, database_bytes = 0;
};
MicrodataSize estimate_microdata_size(const MicrodataSpec& spec, double people, int months);
/// Bytes a panel row and an event take in memory: the columns above (55 and 25 bytes) with up to
/// half again for vector growth.
inline constexpr double kMicrodataPanelRowMemory = 83, kMicrodataEventRowMemory = 38;

/// Follows the kept people of one run: call record() once before the first month (the start)
/// and after every month, then finish().
class MicrodataRecorder {
 public:
  MicrodataRecorder(const Simulation& simulation, const MicrodataSpec& spec, std::uint32_t replicate);
  void record(const Simulation& simulation);
  Microdata finish();

 private:
  struct Seen {  // a kept person as last recorded, for the events between two months
    std::uint32_t household = 0;
    std::uint32_t partner = 0;
    std::uint16_t stage = 0;
    std::uint8_t district = 0;
    std::uint8_t present = 0;
    PolicySlots policies;
  };

  Microdata data_;
  std::uint64_t seed_;
  std::uint32_t replicate_;
  std::vector<std::uint8_t> kept_;  // per person id: 1 kept, 0 not (grows with the population)
  std::vector<Seen> seen_;          // per person id, for the kept
  bool started_ = false;
};

}  // namespace trappsteg
