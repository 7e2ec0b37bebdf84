// trappsteg merge: the folders of a sweep's shards (sweep --shard I/N, e.g. a job array's
// tasks) joined into one sweep folder, as if the sweep had run unsharded: its runs/ files and
// results.sqlite, then the same finishing step as sweep's (baselines, sweep.csv, points.csv,
// the budget files, report.html). Nothing is merged unless the shards are the N shards of one
// sweep, each once and each complete, and the sweep's files still are those they ran.

#include "cli/common.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/global_control.h>

#include <iostream>
#include <memory>
#include <set>

namespace trappsteg::cli {
namespace {

/// A shard's folder as merge finds it.
struct ShardFolder {
  std::filesystem::path folder;
  FolderManifest manifest;
  ShardRecord record;
  std::shared_ptr<FolderLock> lock;  ///< held while merging: no sweep --resume writes the shard meanwhile
  const Shard& shard() const { return *record.settings.shard; }
  std::string name() const { return fmt::format("{}/{}", shard().index, shard().count); }
};

/// What decides the sweep's results, without the part that tells its shards apart.
InputParts without_shard(InputParts inputs) {
  inputs.erase("--shard");
  return inputs;
}

/// The command that continues an interrupted shard.
std::string resume_command(const ShardFolder& s) {
  return fmt::format("trappsteg sweep {} --shard {} --out {} --resume (with the options it was started with)", s.record.sweep_file.string(),
                     s.name(), s.folder.string());
}

/// Reads every folder as a shard; every problem is collected into `problems`.
std::vector<ShardFolder> read_shards(const std::vector<std::string>& folders, std::vector<Diagnostic>& problems) {
  std::vector<ShardFolder> shards;
  std::set<std::filesystem::path> seen;
  for (const auto& text : folders) {
    // As sweep names it ("shard-1/" is "shard-1"), so that its lock is the one a sweep takes.
    std::filesystem::path folder = std::filesystem::path(text).lexically_normal();
    if (folder.filename().empty() && folder.has_parent_path()) folder = folder.parent_path();
    auto problem = [&](const std::string& message) { problems.push_back({{folder, 0, 0}, "", message}); };
    try {
      std::error_code ec;
      if (!std::filesystem::is_directory(folder, ec)) {
        problem(std::filesystem::exists(folder, ec) ? "not a folder" : "no such folder");
        continue;
      }
      if (!seen.insert(std::filesystem::weakly_canonical(folder)).second) {
        problem("is given twice: give each shard once");
        continue;
      }
      std::shared_ptr<FolderLock> lock = FolderLock::try_acquire(folder);
      if (!lock) {
        problem("is being written by another process (a sweep of this shard still running?): merge it when that has ended");
        continue;
      }
      std::optional<FolderManifest> manifest = read_manifest(folder);
      if (!manifest) {
        problem("not a Trappsteg results folder: it has no manifest.json");
        continue;
      }
      if (manifest->kind != "sweep" || !manifest->inputs.count("--shard")) {
        problem(fmt::format("holds a {}{}, not a shard of one (made by trappsteg sweep --shard I/N)", manifest->kind,
                            manifest->kind == "sweep" ? " that was not sharded" : ""));
        continue;
      }
      ShardFolder s{folder, *manifest, read_shard_record(folder / "shard.yaml"), std::move(lock)};
      if (!manifest->complete) {
        problem(fmt::format("shard {} is unfinished: complete it with {}", s.name(), resume_command(s)));
        continue;
      }
      verify_results_folder(folder);  // every file as its manifest records it
      shards.push_back(std::move(s));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  return shards;
}

}  // namespace

int merge_command(const std::vector<std::string>& folders, const std::string& out_option, const RunSettings& options) {
  std::vector<Diagnostic> problems;
  const std::vector<ShardFolder> shards = read_shards(folders, problems);
  if (!problems.empty()) throw InputError(std::move(problems));

  // The N shards of one sweep, each once.
  const ShardFolder& first = shards.front();
  const int count = first.shard().count;
  const InputParts inputs = without_shard(first.manifest.inputs);
  std::vector<const ShardFolder*> by_index(static_cast<std::size_t>(count) + 1, nullptr);
  for (const ShardFolder& s : shards) {
    auto problem = [&](const std::string& message) { problems.push_back({{s.folder, 0, 0}, "", message}); };
    const std::vector<std::string> differences = input_differences(inputs, without_shard(s.manifest.inputs));
    if (!differences.empty())
      problem(fmt::format("is a shard of another sweep than {}, so their results would mix: {}", first.folder.string(),
                          fmt::join(differences, "; ")));
    else if (s.shard().count != count)
      problem(fmt::format("is shard {}, but {} is shard {}: the shards of one sweep are all of the same number", s.name(),
                          first.folder.string(), first.name()));
    else if (const ShardFolder* twice = by_index[static_cast<std::size_t>(s.shard().index)])
      problem(fmt::format("is shard {}, and so is {}: give each shard once", s.name(), twice->folder.string()));
    else
      by_index[static_cast<std::size_t>(s.shard().index)] = &s;
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  std::vector<std::string> missing;
  for (int i = 1; i <= count; ++i)
    if (!by_index[static_cast<std::size_t>(i)]) missing.push_back(fmt::format("{}/{}", i, count));
  if (!missing.empty())
    throw InputError({{{first.record.sweep_file, 0, 0}, "--shard",
                       fmt::format("shard{} {} of this sweep {} missing: merge needs the folders of all {} shards", missing.size() > 1 ? "s" : "",
                                   fmt::join(missing, ", "), missing.size() > 1 ? "are" : "is", count)}});

  // The sweep again, from the same files and the same command line: it must be what the shards ran.
  RunSettings settings = first.record.settings;
  settings.shard.reset();
  settings.threads = options.threads;
  settings.quiet = options.quiet;
  settings.force = options.force;
  const SweepPlan plan = load_sweep_plan(first.record.sweep_file, settings);
  if (const auto differences = input_differences(inputs, plan.inputs); !differences.empty())
    throw InputError({{{plan.file, 0, 0}, "",
                       fmt::format("the sweep's inputs have changed since its shards ran, so the merged folder would not hold their "
                                   "results: {}",
                                   fmt::join(differences, "; "))}});

  const int threads = thread_count(settings);
  install_interrupt_handler();
  // Staged and committed in one rename: a merge that fails leaves no folder behind. The run files
  // are copied as they are (always in the standard dialect); finish_sweep converts what it writes.
  RunFolder folder(out_option, {CsvDialect::kStandard, settings.force, "sweep", TRAPPSTEG_VERSION, plan.inputs});
  folder.write("sweep.yaml", [&](std::ostream& o) { o << plan.spec.text; });
  const auto replicates = static_cast<std::size_t>(plan.replicates());
  for (std::size_t k = 0; k < plan.runs(); ++k) {
    const std::string name = sweep_run_file(k / replicates, static_cast<std::uint32_t>(k % replicates));
    const ShardFolder& owner = *by_index[k % static_cast<std::size_t>(count) + 1];
    if (!owner.manifest.files.count(name))
      throw InputError({{{owner.folder / name, 0, 0}, "", fmt::format("missing: shard {} does not list it, though the run is its", owner.name())}});
    std::filesystem::copy_file(owner.folder / name, folder.staged(name));
  }
  stop_if_interrupted();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  if (!settings.quiet)
    std::cerr << fmt::format("Merging {} shards of {} runs ({} points × {} replicates) over {}\n", count, plan.runs(), plan.points.size(),
                             replicates, plan.loaded.front().scenario.name);
  {
    ResultsDatabase database(folder.staged("results.sqlite"));
    std::vector<std::filesystem::path> databases;
    for (int i = 1; i <= count; ++i) databases.push_back(by_index[static_cast<std::size_t>(i)]->folder / "results.sqlite");
    database.import_sweep_runs(databases);
    for (std::size_t k = 0; k < plan.runs(); ++k)
      if (!database.has_sweep_run(plan.name, static_cast<std::int64_t>(k / replicates), static_cast<std::uint32_t>(k % replicates))) {
        const ShardFolder& owner = *by_index[k % static_cast<std::size_t>(count) + 1];
        throw InputError({{{owner.folder / "results.sqlite", 0, 0}, "",
                           fmt::format("holds no run {} of sweep point {}, though the run is shard {}'s", k % replicates, k / replicates,
                                       owner.name())}});
      }
    const std::optional<std::map<std::string, FileFingerprint>> written = finish_sweep(plan, folder.staging(), database, settings);
    if (!written) {
      std::cerr << "Interrupted while running the baseline for the budget; nothing was written.\n";
      return kExitInterrupted;
    }
    for (const auto& [name, fingerprint] : *written) folder.staged(name);
  }  // the database is closed before the folder is committed
  stop_if_interrupted();
  folder.commit();
  std::cout << fmt::format("Results written to {}\n", folder.path().string());
  return 0;
}

}  // namespace trappsteg::cli
