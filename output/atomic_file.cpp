#include "output/atomic_file.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>

namespace trappsteg {
namespace {

// mkstemp creates files readable by their owner only; results are shared files, so they get
// the mode an ordinary create would give. The umask is read once, before any thread starts.
const mode_t kUmask = [] {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}();
const mode_t kFileMode = 0666 & ~kUmask;

std::uint32_t crc_update(std::uint32_t crc, const char* data, std::size_t size) {
  // zlib takes lengths as uInt: feed large buffers in pieces.
  while (size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    crc = static_cast<std::uint32_t>(::crc32(crc, reinterpret_cast<const Bytef*>(data), piece));
    data += piece;
    size -= piece;
  }
  return crc;
}

/// A stream buffer over a file descriptor that remembers the first write error and
/// fingerprints the bytes as they pass.
class DescriptorBuffer : public std::streambuf {
 public:
  explicit DescriptorBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }
  const FileFingerprint& written() const { return written_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* data = pbase();
    std::size_t size = static_cast<std::size_t>(pptr() - pbase());
    if (error_) return false;
    written_.crc32 = crc_update(written_.crc32, data, size);
    written_.bytes += size;
    while (size > 0) {
      ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        return false;
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  int error_ = 0;
  FileFingerprint written_{0, static_cast<std::uint32_t>(::crc32(0, nullptr, 0))};
  std::array<char, 1 << 16> buffer_{};
};

}  // namespace

FileFingerprint fingerprint(std::string_view bytes) {
  return {bytes.size(), crc_update(static_cast<std::uint32_t>(::crc32(0, nullptr, 0)), bytes.data(), bytes.size())};
}

FileFingerprint fingerprint_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot be read: {}", file.string(), std::strerror(errno)));
  FileFingerprint f{0, static_cast<std::uint32_t>(::crc32(0, nullptr, 0))};
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    f.crc32 = crc_update(f.crc32, buffer.data(), got);
    f.bytes += got;
  }
  if (in.bad()) throw Error(fmt::format("{}: reading failed", file.string()));
  return f;
}

std::string crc32_hex(std::uint32_t crc) { return fmt::format("{:08x}", crc); }

FileFingerprint write_file_atomically(const std::filesystem::path& file, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path directory = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::string name = (directory / fmt::format(".{}.tmp-XXXXXX", file.filename().string())).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw Error(fmt::format("{}: cannot be written: {}", file.string(), std::strerror(errno)));
  const std::filesystem::path temporary = name;
  auto fail = [&](const std::string& message) {
    ::unlink(temporary.c_str());
    return Error(fmt::format("{}: {}", file.string(), message));
  };
  ::fchmod(fd, kFileMode);
  DescriptorBuffer buffer(fd);
  try {
    std::ostream out(&buffer);
    write(out);
    out.flush();
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (buffer.error()) {
    int error = buffer.error();
    ::close(fd);
    throw fail(fmt::format("writing failed: {}", std::strerror(error)));
  }
  if (::close(fd) != 0) throw fail(fmt::format("writing failed: {}", std::strerror(errno)));
  if (::rename(temporary.c_str(), file.c_str()) != 0) throw fail(fmt::format("cannot be put in place: {}", std::strerror(errno)));
  return buffer.written();
}

std::filesystem::path make_staging_folder(const std::filesystem::path& target) {
  std::string pattern = (target.parent_path() / fmt::format(".{}.partial-XXXXXX", target.filename().string())).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw Error(fmt::format("{}: cannot create a staging folder beside it: {}", target.string(), std::strerror(errno)));
  ::chmod(pattern.c_str(), 0777 & ~kUmask);
  return pattern;
}

std::string read_whole_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot be read: {}", file.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace trappsteg
