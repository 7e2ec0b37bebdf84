#pragma once
// A run's result as bytes and back, so that runs done in another process (MPI ranks) reach the
// writers exactly as if they had been done here. The format is this build's memory layout: both
// ends must be the same binary (checked by build_signature). No I/O.

#include "engine/sim/batch.hpp"
#include "engine/sim/run.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace trappsteg {

/// Everything in `result`, outcomes and microdata included.
std::vector<std::byte> encode_run_result(const RunResult& result);

/// The result `bytes` hold. @throws std::runtime_error if they are truncated or left over.
RunResult decode_run_result(std::span<const std::byte> bytes);

/// A loaded scenario as its recipe and settings, and back: loading it again here, checked
/// against the recipe's fingerprint (rebuild_scenario). @throws std::runtime_error, InputError.
std::vector<std::byte> encode_scenario_plan(const LoadedScenario& loaded);
LoadedScenario decode_scenario_plan(std::span<const std::byte> bytes);

/// A text that differs between builds whose encodings differ (version, compiler, type sizes).
std::string build_signature();

}  // namespace trappsteg
