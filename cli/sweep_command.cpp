// trappsteg sweep (being written).
#include "cli/common.hpp"
#include <iostream>
namespace trappsteg::cli {
int sweep_command(const std::string&, const std::string&, bool, const RunSettings&) {
  std::cerr << "sweep: not yet available\n";
  return 1;
}
}  // namespace trappsteg::cli
