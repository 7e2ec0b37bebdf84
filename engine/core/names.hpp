#pragma once
// Names that become folder and file names (a scenario's name, a policy's key) are kept to
// safe characters, so no file can steer a write outside its results folder.

#include <string_view>

namespace trappsteg {

/// What a safe name is, for messages.
inline constexpr const char* kSafeNameRule =
    "use 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";

/// True if `name` may name a file or folder: 1–64 of [A-Za-z0-9_.-], starting with a letter or digit.
constexpr bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front())) return false;
  for (char c : name)
    if (!alnum(c) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

}  // namespace trappsteg
