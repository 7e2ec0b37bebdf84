#pragma once
// Typed ids: a person id cannot be passed where a stage id is expected.

#include <cstdint>
#include <type_traits>

namespace trappsteg {

enum class PersonId : std::uint32_t {};
enum class HouseholdId : std::uint32_t {};
enum class StageId : std::uint16_t {};
enum class DistrictId : std::uint8_t {};

/// The dense index behind a typed id.
template <class Id>
constexpr auto to_index(Id id) {
  return static_cast<std::size_t>(static_cast<std::underlying_type_t<Id>>(id));
}

/// No household (e.g. a person who has left the city).
inline constexpr HouseholdId kNoHousehold{0xFFFFFFFFu};
inline constexpr PersonId kNoPerson{0xFFFFFFFFu};

}  // namespace trappsteg
