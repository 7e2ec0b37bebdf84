#pragma once
// A results folder that never holds a half-written result: everything is written into a
// hidden staging folder beside it, and the whole staging folder becomes the results folder
// in one rename when complete. While a process writes a folder it holds the folder's lock;
// a staging folder left by a killed run is removed by the next run beside it.
//
// Every committed folder holds manifest.json: what made it (command, engine version, a
// digest of the fully resolved inputs) and the size and CRC-32 of each file, so a re-run of
// the same inputs may replace it, other results are not overwritten by accident, and a
// truncated or altered file is recognised before it is read.

#include "output/atomic_file.hpp"
#include "output/csv_dialect.hpp"
#include "output/folder_lock.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trappsteg {

struct Scenario;
struct Model;

/// What decides a folder's results, part by part: a short setting is kept as its value
/// ("=0.05"), a file or a long text as its SHA-1, so a difference can be named.
using InputParts = std::map<std::string, std::string>;

/// Records `text` as the part `name` (its value if short, else its digest).
void add_input_part(InputParts& parts, const std::string& name, std::string_view text);
/// One digest over every part.
std::string digest_of(const InputParts& parts);
/// The parts that differ between a folder's record and now, e.g. "scale (was 0.03, now 0.05)".
std::vector<std::string> input_differences(const InputParts& before, const InputParts& now);

/// What a results folder's manifest.json says.
struct FolderManifest {
  std::string kind;            ///< "run", "compare" or "sweep"
  std::string engine_version;
  InputParts inputs;           ///< what decided the results
  std::map<std::string, FileFingerprint> files;  ///< path in the folder → fingerprint
  bool complete = true;        ///< false while a sweep is still running (or was interrupted)
  std::string inputs_digest() const { return digest_of(inputs); }
};

/// The manifest of a results folder, or nullopt if it has none (not a Trappsteg results
/// folder). @throws InputError naming manifest.json if it exists but cannot be read.
std::optional<FolderManifest> read_manifest(const std::filesystem::path& folder);
/// Writes manifest.json into `folder` (atomically).
void write_manifest(const std::filesystem::path& folder, const FolderManifest& manifest);

/// Checks that `folder` is a complete Trappsteg results folder: its manifest exists and every
/// file it lists has the recorded size and checksum. @returns the manifest.
/// @throws InputError (exit 2) naming the first missing, truncated or altered file.
FolderManifest verify_results_folder(const std::filesystem::path& folder);

/// The output folder of a run or a compare.
class RunFolder {
 public:
  struct Options {
    CsvDialect dialect = CsvDialect::kStandard;  ///< `.csv` files are written in this dialect
    bool force = false;          ///< replace another Trappsteg results folder at the same path
    std::string kind = "run";
    std::string engine_version;
    InputParts inputs;           ///< a folder made from the same inputs is replaced without --force
  };
  /// Locks `folder`, removes stale staging folders beside it and prepares a new staging folder.
  /// The folder itself is created (or replaced) on commit, not before.
  /// @throws InputError (exit 2) if another process writes the folder, or if it exists and holds
  /// something else than the results of the same inputs (unless `force` and it holds Trappsteg
  /// results; a folder that is not a Trappsteg results folder is never replaced).
  RunFolder(std::filesystem::path folder, Options options);
  /// Removes the staging folder if commit() was never reached.
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  /// Writes a file (name relative to the folder) into staging. @throws Error naming the file.
  void write(const std::string& name, const std::function<void(std::ostream&)>& write);
  /// The staging path of a file that a writer creates itself (e.g. a database); it is part of
  /// the folder on commit. The writer must have closed it by then.
  std::filesystem::path staged(const std::string& name);
  /// The staging folder, for readers of what has been written so far (the report).
  const std::filesystem::path& staging() const { return staging_; }
  /// Writes the manifest and makes the staging folder the results folder in one rename
  /// (an exchange when it replaces an existing folder). @throws Error on failure.
  void commit();
  const std::filesystem::path& path() const { return folder_; }

 private:
  std::filesystem::path folder_, staging_;
  Options options_;
  std::unique_ptr<FolderLock> lock_;
  std::map<std::string, FileFingerprint> written_;
  std::vector<std::string> staged_;
  bool committed_ = false;
};

/// Refuses (exit 2) an output folder that exists and is not a results folder of `kind` made
/// from the same inputs, unless `force` allows replacing Trappsteg results. Shared by run,
/// compare and sweep. @returns the existing manifest, if any.
std::optional<FolderManifest> check_output_folder(const std::filesystem::path& folder, const std::string& kind,
                                                  const InputParts& inputs, bool force);

/// Where write_resolved_inputs puts a model file (a key of kModelFileKeys) and a policy file
/// (by the policy's key), relative to its prefix: "districts.yaml", "policies/families_250.yaml".
std::string resolved_model_file(std::string_view model_key);
std::string resolved_policy_file(const std::string& policy_key);

/// Writes the inputs a run used, exactly as read (extends merged, overrides applied), under
/// `prefix` (e.g. "inputs/"): scenario.yaml pointing at its sibling model and policy files,
/// so `trappsteg run <folder>/inputs/scenario.yaml` repeats the run. Its comment names the
/// original scenario file by its absolute path.
void write_resolved_inputs(RunFolder& folder, const std::string& prefix, const Scenario& scenario, const Model& model,
                           bool with_baseline);

/// Replaces one file of a committed results folder (e.g. report.html written again by
/// `trappsteg report`) and its line in the manifest, under the folder's lock.
void replace_in_results_folder(const std::filesystem::path& folder, const std::string& name,
                               const std::function<void(std::ostream&)>& write);

}  // namespace trappsteg
