#pragma once
// A results folder that never holds a half-written file: everything is written into a
// hidden staging folder and moved into place, file by file, only when all is complete.

#include "output/csv_dialect.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace trappsteg {

/// Writes `file` through a temporary name and renames it when the writer has finished.
/// @throws Error if the file cannot be written.
void write_file_atomically(const std::filesystem::path& file, const std::function<void(std::ostream&)>& write);

struct Scenario;
struct Model;

/// Writes the inputs a run used, exactly as read (extends merged, overrides applied), under
/// `prefix` (e.g. "inputs/"): scenario.yaml pointing at its sibling model and policy files,
/// so `trappsteg run <folder>/inputs/scenario.yaml` repeats the run.
class RunFolder;
void write_resolved_inputs(RunFolder& folder, const std::string& prefix, const Scenario& scenario, const Model& model,
                           bool with_baseline);

/// The output folder of a command.
class RunFolder {
 public:
  /// Prepares `folder` (created on commit, not before); `.csv` files are written in `dialect`.
  explicit RunFolder(std::filesystem::path folder, CsvDialect dialect = CsvDialect::kStandard);
  /// Removes the staging folder if commit() was never reached.
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  /// Writes a file (name relative to the folder) into staging.
  void write(const std::string& name, const std::function<void(std::ostream&)>& write);
  /// The staging path of a file that a writer creates itself (e.g. a database); it is moved
  /// into the folder with the rest on commit. The writer must have closed it by then.
  std::filesystem::path staged(const std::string& name);
  /// Copies an existing file into staging under `name`.
  void copy(const std::filesystem::path& from, const std::string& name);
  /// Moves every staged file into the folder.
  void commit();
  const std::filesystem::path& path() const { return folder_; }

 private:
  std::filesystem::path folder_, staging_;
  std::vector<std::string> files_;
  CsvDialect dialect_;
  bool committed_ = false;
};

}  // namespace trappsteg
