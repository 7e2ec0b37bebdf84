#include "output/run_folder.hpp"

#include "engine/core/digest.hpp"
#include "engine/core/error.hpp"
#include "engine/scenario/model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

namespace trappsteg {
namespace {

using json = nlohmann::json;
constexpr const char* kManifest = "manifest.json";

std::filesystem::path normal(const std::filesystem::path& folder) {
  std::filesystem::path clean = folder.lexically_normal();
  if (clean.filename().empty() && clean.has_parent_path()) clean = clean.parent_path();
  return clean;
}

InputError folder_error(const std::filesystem::path& folder, const std::string& message) {
  return InputError({{{folder, 0, 0}, "--out", message}});
}

/// Swaps two paths in one step (Linux renameat2); false where the file system cannot.
bool exchange(const std::filesystem::path& a, const std::filesystem::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

}  // namespace

void add_input_part(InputParts& parts, const std::string& name, std::string_view text) {
  constexpr std::size_t kShort = 80;
  bool plain = text.size() <= kShort && text.find('\n') == std::string_view::npos;
  parts[name] = plain ? fmt::format("={}", text) : sha1_hex(text);
}

std::string digest_of(const InputParts& parts) {
  std::string all;
  for (const auto& [name, value] : parts) all += fmt::format("{}\t{}\n", name, value);
  return sha1_hex(all);
}

std::vector<std::string> input_differences(const InputParts& before, const InputParts& now) {
  std::vector<std::string> differences;
  auto shown = [](const std::string& value) { return value.rfind('=', 0) == 0 ? fmt::format("'{}'", value.substr(1)) : std::string(); };
  for (const auto& [name, value] : now) {
    auto it = before.find(name);
    if (it == before.end()) differences.push_back(fmt::format("{} (new)", name));
    else if (it->second != value) {
      std::string was = shown(it->second), is = shown(value);
      differences.push_back(was.empty() || is.empty() ? fmt::format("{} (changed)", name)
                                                      : fmt::format("{} (was {}, now {})", name, was, is));
    }
  }
  for (const auto& [name, value] : before)
    if (!now.count(name)) differences.push_back(fmt::format("{} (no longer given)", name));
  return differences;
}

std::optional<FolderManifest> read_manifest(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / kManifest;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  auto damaged = [&](const std::string& why) {
    return InputError({{{file, 0, 0}, "", fmt::format("not a readable Trappsteg manifest ({}); the folder is damaged", why)}});
  };
  json root;
  try {
    root = json::parse(read_whole_file(file));
  } catch (const json::exception& e) {
    throw damaged(e.what());
  }
  try {
    FolderManifest m;
    if (root.value("trappsteg_results_folder", 0) != 1) throw damaged("no 'trappsteg_results_folder: 1'");
    m.kind = root.at("kind").get<std::string>();
    m.engine_version = root.at("engine_version").get<std::string>();
    for (const auto& [name, value] : root.at("inputs").items()) m.inputs[name] = value.get<std::string>();
    m.complete = root.value("complete", true);
    if (root.at("inputs_digest").get<std::string>() != m.inputs_digest()) throw damaged("its inputs do not match their digest");
    for (const auto& [name, entry] : root.at("files").items())
      m.files[name] = {entry.at("bytes").get<std::uint64_t>(),
                       static_cast<std::uint32_t>(std::stoul(entry.at("crc32").get<std::string>(), nullptr, 16))};
    return m;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw damaged(e.what());
  }
}

void write_manifest(const std::filesystem::path& folder, const FolderManifest& m) {
  json files = json::object();
  for (const auto& [name, f] : m.files) files[name] = {{"bytes", f.bytes}, {"crc32", crc32_hex(f.crc32)}};
  json root = {{"trappsteg_results_folder", 1}, {"kind", m.kind},       {"engine_version", m.engine_version},
               {"inputs_digest", m.inputs_digest()}, {"inputs", m.inputs}, {"complete", m.complete}, {"files", files}};
  write_file_atomically(folder / kManifest, [&](std::ostream& o) { o << root.dump(2) << '\n'; });
}

FolderManifest verify_results_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) throw InputError({{{folder, 0, 0}, "", "not a folder"}});
  std::optional<FolderManifest> manifest = read_manifest(folder);
  if (!manifest)
    throw InputError({{{folder, 0, 0}, "",
                       "not a Trappsteg results folder: it has no manifest.json"}});
  if (!manifest->complete)
    throw InputError({{{folder, 0, 0}, "", fmt::format("an unfinished {}: continue it with --resume before reading it", manifest->kind)}});
  for (const auto& [name, expected] : manifest->files) {
    const std::filesystem::path file = folder / name;
    if (!std::filesystem::is_regular_file(file, ec))
      throw InputError({{{file, 0, 0}, "", "missing: the manifest lists it, so the folder is incomplete"}});
    FileFingerprint actual = fingerprint_file(file);
    if (actual.bytes != expected.bytes)
      throw InputError({{{file, 0, 0}, "",
                         fmt::format("damaged: {} bytes where the manifest records {}{}", actual.bytes, expected.bytes,
                                     actual.bytes < expected.bytes ? " (truncated)" : "")}});
    if (actual.crc32 != expected.crc32)
      throw InputError({{{file, 0, 0}, "", "damaged: its content differs from what was written (checksum mismatch)"}});
  }
  return *manifest;
}

std::optional<FolderManifest> check_output_folder(const std::filesystem::path& folder, const std::string& kind,
                                                  const InputParts& inputs, bool force) {
  std::error_code ec;
  if (!std::filesystem::exists(folder, ec)) return std::nullopt;
  if (!std::filesystem::is_directory(folder, ec)) throw folder_error(folder, "exists and is not a folder; choose another --out");
  if (std::filesystem::is_empty(folder, ec)) return std::nullopt;
  std::optional<FolderManifest> manifest = read_manifest(folder);
  if (!manifest)
    throw folder_error(folder, "holds files that are not Trappsteg results; choose another --out "
                               "(such a folder is never replaced, not even with --force)");
  if (manifest->kind == kind && manifest->inputs == inputs) return manifest;
  if (force) return manifest;
  std::string why = manifest->kind != kind ? fmt::format("a {}", manifest->kind)
                                           : fmt::format("a {} whose inputs differ: {}", kind, fmt::join(input_differences(manifest->inputs, inputs), "; "));
  throw folder_error(folder, fmt::format("already holds other results ({}); choose another --out, or add --force to replace them", why));
}

RunFolder::RunFolder(std::filesystem::path folder, Options options)
    : folder_(normal(folder)), options_(std::move(options)) {
  lock_ = std::make_unique<FolderLock>(folder_);
  remove_stale_staging(folder_);
  check_output_folder(folder_, options_.kind, options_.inputs, options_.force);
  staging_ = make_staging_folder(folder_);
}

RunFolder::~RunFolder() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(staging_, ignored);
  }
}

void RunFolder::write(const std::string& name, const std::function<void(std::ostream&)>& writer) {
  std::filesystem::path file = staging_ / name;
  std::filesystem::create_directories(file.parent_path());
  try {
    if (options_.dialect != CsvDialect::kStandard && file.extension() == ".csv") {
      std::ostringstream standard;
      writer(standard);
      std::string converted = convert_csv(standard.str(), options_.dialect);
      written_[name] = write_file_atomically(file, [&](std::ostream& o) { o << converted; });
    } else {
      written_[name] = write_file_atomically(file, writer);
    }
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    // Name the file where the user will look for it, not its hidden staging copy.
    std::string message = e.what();
    if (message.rfind(file.string(), 0) == 0) message.replace(0, file.string().size(), (folder_ / name).string());
    throw Error(message);
  }
}

std::filesystem::path RunFolder::staged(const std::string& name) {
  std::filesystem::path file = staging_ / name;
  std::filesystem::create_directories(file.parent_path());
  staged_.push_back(name);
  return file;
}

void RunFolder::commit() {
  FolderManifest manifest{options_.kind, options_.engine_version, options_.inputs, written_};
  for (const auto& name : staged_) manifest.files[name] = fingerprint_file(staging_ / name);
  write_manifest(staging_, manifest);

  std::error_code ec;
  if (std::filesystem::is_directory(folder_, ec) && std::filesystem::is_empty(folder_, ec)) std::filesystem::remove(folder_, ec);
  if (!std::filesystem::exists(folder_, ec)) {
    if (::rename(staging_.c_str(), folder_.c_str()) != 0)
      throw Error(fmt::format("{}: cannot be put in place: {}", folder_.string(), std::strerror(errno)));
  } else if (exchange(staging_, folder_)) {
    std::filesystem::remove_all(staging_, ec);  // now the replaced results
  } else {
    // No atomic exchange here: move the old folder aside, then the new one in.
    const std::filesystem::path aside = make_staging_folder(folder_);
    if (::rename(folder_.c_str(), aside.c_str()) != 0 || ::rename(staging_.c_str(), folder_.c_str()) != 0)
      throw Error(fmt::format("{}: cannot be replaced: {}", folder_.string(), std::strerror(errno)));
    std::filesystem::remove_all(aside, ec);
  }
  committed_ = true;
}

std::string resolved_model_file(std::string_view model_key) { return std::string(model_key) + ".yaml"; }

std::string resolved_policy_file(const std::string& policy_key) { return "policies/" + policy_key + ".yaml"; }

void write_resolved_inputs(RunFolder& folder, const std::string& prefix, const Scenario& scenario, const Model& model,
                           bool with_baseline) {
  YAML::Node node = YAML::Load(scenario.resolved_yaml);
  const auto& files = kModelFileKeys;
  for (std::size_t i = 0; i < kModelFileCount; ++i) {
    node["model"][files[i]] = resolved_model_file(files[i]);
    std::string text = model.resolved_yaml[i];
    folder.write(prefix + resolved_model_file(files[i]), [&](std::ostream& o) { o << text << '\n'; });
  }
  YAML::Node policies(YAML::NodeType::Sequence);
  for (const auto& policy : model.policies) {
    policies.push_back(resolved_policy_file(policy.key));
    folder.write(prefix + resolved_policy_file(policy.key), [&](std::ostream& o) { o << policy.resolved_yaml << '\n'; });
  }
  node.remove("policies+");
  if (model.policies.empty()) node.remove("policies");
  else node["policies"] = policies;
  if (with_baseline) node["baseline"] = "baseline/scenario.yaml";
  else node.remove("baseline");
  if (model.targets) {
    node["targets"] = "targets.yaml";
    folder.write(prefix + "targets.yaml", [&](std::ostream& o) { o << model.targets_yaml << '\n'; });
  } else {
    node.remove("targets");
  }
  folder.write(prefix + "scenario.yaml", [&](std::ostream& o) {
    o << "# The scenario as run: 'extends' merged, overrides and command-line settings applied.\n"
      << "# Repeat the run with: trappsteg run " << prefix << "scenario.yaml\n"
      // Absolute, so that a report written from another folder still finds the originals' comments.
      << "# Original: " << std::filesystem::absolute(scenario.file).lexically_normal().string() << "\n"
      << YAML::Dump(node) << '\n';
  });
}

void replace_in_results_folder(const std::filesystem::path& folder, const std::string& name,
                               const std::function<void(std::ostream&)>& write) {
  FolderLock lock(normal(folder));
  FolderManifest manifest = verify_results_folder(folder);
  manifest.files[name] = write_file_atomically(folder / name, write);
  write_manifest(folder, manifest);
}

}  // namespace trappsteg
