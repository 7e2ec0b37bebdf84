#pragma once
// Counter-based randomness: every draw is a pure function of (seed, replicate, person,
// month, purpose). No generator state exists, so results do not depend on the thread
// count, and scenarios see the same draw for the same person, month and purpose
// (common random numbers) whatever else differs between them.

#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <limits>

namespace trappsteg {

/// What a draw is for; each purpose has its own stream.
enum class Draw : std::uint32_t {
  kTransition = 1,  ///< leaving the current stage, and where to
  kMortality,
  kEmigration,
  kRetirement,
  kLanguage,        ///< Swedish level going up
  kBirth,
  kSchoolCompletion,
  kArrival,         ///< attributes of a newcomer
  kSynthesis,       ///< attributes of the initial population
  kLeaveHome,       ///< a young adult moving out of the parents' household
  kPolicy,          ///< order among candidates for a policy's places (block: from the policy's key)
  kBenefit,         ///< whether a person has a benefit only a share of those qualifying have (block: rule index)
  kTakeUp,          ///< whether a household claims what it is entitled to
  kPartnership,     ///< looking for a partner, separating, and who moves
  kMove,            ///< a household moving house within the city, and where to
  kMoveIn,          ///< a household moving in from the rest of Sweden, and who is in it
  kUncertainty,     ///< a replicate's draw of an uncertain input (subject: the input's index)
  kPolicyChoice,    ///< whether a person applies to a policy, is offered a lottery place, takes a place up (block: the policy's key)
  kPolicyDropOut,   ///< whether a participant leaves a programme's phase early (block: the policy's key)
  kMicrodataSample, ///< whether a person is kept in the microdata (a fixed draw)
};

/// The month of draws fixed for a person's whole life (traits, a benefit only some qualify
/// for, a household's willingness to claim): far from every simulated month, warm-up included.
inline constexpr std::int32_t kFixedDrawMonth = std::numeric_limits<std::int32_t>::min();

/// Identifies one replicate of one experiment.
struct RandomKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

/// Four independent uniforms in [0, 1) for one (person, month, purpose).
class RandomStream {
 public:
  explicit RandomStream(RandomKey key) : key_{{static_cast<std::uint32_t>(key.seed),
                                               static_cast<std::uint32_t>(key.seed >> 32)}},
                                         replicate_(key.replicate) {}

  /// Four uniforms for `subject` (a person or household id) in `month` for `purpose`.
  /// `month` is negative in the warm-up before month 1, kFixedDrawMonth for fixed draws.
  std::array<double, 4> uniforms(std::uint32_t subject, std::int32_t month, Draw purpose,
                                 std::uint32_t block = 0) const {
    r123::Philox4x32::ctr_type counter{{subject, static_cast<std::uint32_t>(month),
                                        static_cast<std::uint32_t>(purpose) | (block << 8),
                                        replicate_}};
    auto bits = generator_(counter, key_);
    constexpr double kScale = 1.0 / 4294967296.0;
    // +0.5 keeps draws strictly inside (0, 1): safe for logs and quantile functions.
    return {(bits[0] + 0.5) * kScale, (bits[1] + 0.5) * kScale, (bits[2] + 0.5) * kScale,
            (bits[3] + 0.5) * kScale};
  }

  /// One uniform in (0, 1).
  double uniform(std::uint32_t subject, std::int32_t month, Draw purpose, std::uint32_t block = 0) const {
    return uniforms(subject, month, purpose, block)[0];
  }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t replicate_;
  r123::Philox4x32 generator_;
};

}  // namespace trappsteg
