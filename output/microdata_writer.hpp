#pragma once
// The microdata as gzip-compressed CSV (run/compare --microdata-csv): panel.csv.gz,
// participations.csv.gz and events.csv.gz, with keys instead of ids, beside results.sqlite's
// tables of the same rows.

#include "engine/sim/run.hpp"

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace trappsteg {

/// A scenario's name and its replicates' results.
using MicrodataRuns = std::vector<std::pair<std::string, const std::vector<RunResult>*>>;

/// panel.csv.gz: scenario, replicate, then every panel column (district, step and policy by key;
/// months_since_arrival, policy and phase empty where there are none), gzip-compressed with zlib
/// as it is written. Runs without microdata are left out. @throws Error if zlib fails.
void write_panel_csv_gz(std::ostream& out, const MicrodataRuns& runs);
/// participations.csv.gz: scenario, replicate, month, person, policy (by key), phase (0-based) —
/// every policy taken part in at a month kept, of which panel.csv.gz names only the first.
void write_participations_csv_gz(std::ostream& out, const MicrodataRuns& runs);
/// events.csv.gz: scenario, replicate, month, person, kind, from, to — steps, policies and
/// districts by key, households and people by id, a lottery's outcome as won/lost.
void write_events_csv_gz(std::ostream& out, const MicrodataRuns& runs);

}  // namespace trappsteg
