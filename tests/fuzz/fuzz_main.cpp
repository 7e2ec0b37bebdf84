// libFuzzer entry points shared by the loader fuzz targets (see fuzz.hpp).

#include "tests/fuzz/fuzz.hpp"

#include <cxxabi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <typeinfo>

namespace trappsteg::fuzz {
namespace {

std::filesystem::path& workspace_path() {
  static std::filesystem::path path;
  return path;
}

void remove_workspace() {
  std::error_code ignored;
  std::filesystem::remove_all(workspace_path(), ignored);
}

/// Copies source/<folder>/*.yaml to workspace/<folder>/.
void copy_yaml_files(const std::filesystem::path& source, const std::filesystem::path& folder) {
  std::filesystem::create_directories(workspace() / folder);
  for (const auto& entry : std::filesystem::directory_iterator(source / folder))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      std::filesystem::copy_file(entry.path(), workspace() / folder / entry.path().filename());
}

void make_workspace() {
  std::string name = (std::filesystem::temp_directory_path() / "trappsteg_fuzz_XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  workspace_path() = name;
  std::atexit(remove_workspace);  // libFuzzer leaves through exit() when done, abort() on a crash
  const std::filesystem::path source = TRAPPSTEG_SOURCE_DIR;
  for (const char* folder : {"models/goteborg", "scenarios", "scenarios/policies", "scenarios/sweeps"})
    copy_yaml_files(source, folder);
}

std::string demangled(const char* name) {
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 ? readable : name;
  std::free(readable);
  return result;
}

}  // namespace

const std::filesystem::path& workspace() { return workspace_path(); }

}  // namespace trappsteg::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  trappsteg::fuzz::make_workspace();
  trappsteg::fuzz::prepare();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trappsteg::fuzz;
  const std::filesystem::path input = workspace() / kInputPath;
  {
    std::ofstream out(input, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    load(input);
  } catch (const std::exception& e) {
    // Not a trappsteg::Error: the loader let something through that a user would see as a crash.
    std::fprintf(stderr, "exception escaped the loader: %s: %s\n", demangled(typeid(e).name()).c_str(), e.what());
    std::abort();
  }
  return 0;
}
