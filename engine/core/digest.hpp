#pragma once
// SHA-1 digests of texts: how a results folder recognises the inputs that made it.

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

#include <string>
#include <string_view>

namespace trappsteg {

/// The SHA-1 of `text` as 40 hex digits.
inline std::string sha1_hex(std::string_view text) {
  boost::uuids::detail::sha1 sha;
  sha.process_bytes(text.data(), text.size());
  boost::uuids::detail::sha1::digest_type digest;
  sha.get_digest(digest);
  return fmt::format("{:08x}{:08x}{:08x}{:08x}{:08x}", digest[0], digest[1], digest[2], digest[3], digest[4]);
}

}  // namespace trappsteg
