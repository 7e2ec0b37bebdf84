#pragma once
// Files that appear whole or not at all: each is written under a temporary name that
// mkstemp creates beside it (never a predictable name, never in /tmp), every write is
// checked, and the file is renamed into place only when complete. A failed write leaves
// nothing behind and is reported with the file's name and the system's reason.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace trappsteg {

/// Size and CRC-32 of a file's bytes: what a results folder's manifest records, so a
/// truncated or altered file is recognised.
struct FileFingerprint {
  std::uint64_t bytes = 0;
  std::uint32_t crc32 = 0;
  bool operator==(const FileFingerprint&) const = default;
};

/// Fingerprint of some bytes.
FileFingerprint fingerprint(std::string_view bytes);
/// Fingerprint of a file's content. @throws Error naming the file if it cannot be read.
FileFingerprint fingerprint_file(const std::filesystem::path& file);
/// The CRC-32 as eight hex digits, as manifests store it.
std::string crc32_hex(std::uint32_t crc);

/// Writes `file` through a temporary file and renames it into place when `write` returns.
/// @returns the fingerprint of what was written.
/// @throws Error naming the file and the cause (e.g. "No space left on device") if any write,
/// the close or the rename fails, and whatever `write` throws; in every case nothing is left.
FileFingerprint write_file_atomically(const std::filesystem::path& file, const std::function<void(std::ostream&)>& write);

/// Creates a new hidden folder `.NAME.partial-XXXXXX` beside `target` (mkdtemp: a name no one
/// else has), with the permissions an ordinary folder gets. @throws Error naming `target`.
std::filesystem::path make_staging_folder(const std::filesystem::path& target);

/// The text of a whole file. @throws Error naming the file if it cannot be read.
std::string read_whole_file(const std::filesystem::path& file);

}  // namespace trappsteg
