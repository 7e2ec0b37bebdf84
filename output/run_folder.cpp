#include "output/run_folder.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/model.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace trappsteg {

void write_file_atomically(const std::filesystem::path& file, const std::function<void(std::ostream&)>& write) {
  std::filesystem::path temporary = file;
  temporary += fmt::format(".tmp-{}", ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("cannot write {}", temporary.string()));
    try {
      write(out);
    } catch (...) {
      // A writer that fails leaves nothing behind, not even its temporary file.
      out.close();
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw;
    }
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary);
      throw Error(fmt::format("writing {} failed (disk full?)", file.string()));
    }
  }
  std::filesystem::rename(temporary, file);
}

RunFolder::RunFolder(std::filesystem::path folder, CsvDialect dialect) : folder_(std::move(folder)), dialect_(dialect) {
  staging_ = folder_.parent_path() / fmt::format(".{}.partial-{}", folder_.filename().string(), ::getpid());
}

RunFolder::~RunFolder() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove_all(staging_, ignored);
  }
}

void RunFolder::write(const std::string& name, const std::function<void(std::ostream&)>& writer) {
  std::filesystem::path file = staging_ / name;
  std::filesystem::create_directories(file.parent_path());
  if (dialect_ != CsvDialect::kStandard && file.extension() == ".csv") {
    std::ostringstream standard;
    writer(standard);
    std::string converted = convert_csv(standard.str(), dialect_);
    write_file_atomically(file, [&](std::ostream& o) { o << converted; });
  } else {
    write_file_atomically(file, writer);
  }
  files_.push_back(name);
}

std::filesystem::path RunFolder::staged(const std::string& name) {
  std::filesystem::path file = staging_ / name;
  std::filesystem::create_directories(file.parent_path());
  files_.push_back(name);
  return file;
}

void RunFolder::copy(const std::filesystem::path& from, const std::string& name) {
  std::filesystem::path file = staging_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::filesystem::copy_file(from, file, std::filesystem::copy_options::overwrite_existing);
  files_.push_back(name);
}

void RunFolder::commit() {
  std::filesystem::create_directories(folder_);
  for (const auto& name : files_) {
    std::filesystem::path target = folder_ / name;
    std::filesystem::create_directories(target.parent_path());
    std::filesystem::rename(staging_ / name, target);
  }
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
  committed_ = true;
}

void write_resolved_inputs(RunFolder& folder, const std::string& prefix, const Scenario& scenario, const Model& model,
                           bool with_baseline) {
  YAML::Node node = YAML::Load(scenario.resolved_yaml);
  const char* files[] = {"districts", "staircase", "economy", "demography"};
  for (std::size_t i = 0; i < 4; ++i) {
    node["model"][files[i]] = std::string(files[i]) + ".yaml";
    std::string text = model.resolved_yaml[i];
    folder.write(prefix + files[i] + ".yaml", [&](std::ostream& o) { o << text << '\n'; });
  }
  YAML::Node policies(YAML::NodeType::Sequence);
  for (const auto& policy : model.policies) {
    policies.push_back("policies/" + policy.key + ".yaml");
    folder.write(prefix + "policies/" + policy.key + ".yaml", [&](std::ostream& o) { o << policy.resolved_yaml << '\n'; });
  }
  node.remove("policies+");
  if (model.policies.empty()) node.remove("policies");
  else node["policies"] = policies;
  if (with_baseline) node["baseline"] = "baseline/scenario.yaml";
  else node.remove("baseline");
  folder.write(prefix + "scenario.yaml", [&](std::ostream& o) {
    o << "# The scenario as run: 'extends' merged, overrides and command-line settings applied.\n"
      << "# Repeat the run with: trappsteg run " << prefix << "scenario.yaml\n"
      << "# Original: " << scenario.file.string() << "\n"
      << YAML::Dump(node) << '\n';
  });
}

}  // namespace trappsteg
