#!/usr/bin/env bash
# Installs everything Trappsteg needs to build, test and run, from Debian 12 packages.
# Run as root (or with sudo). Safe to run again: it only installs what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git
  libboost-graph-dev libboost-math-dev libtbb-dev libyaml-cpp-dev doctest-dev libcli11-dev
  libfmt-dev nlohmann-json3-dev librandom123-dev libbenchmark-dev graphviz
  libsqlite3-dev sqlite3 libgraphviz-dev pkgconf zlib1g-dev libnlopt-cxx-dev
  # Ensembles across machines: Open MPI (mpirun) and its C bindings.
  libopenmpi-dev openmpi-bin
  # The test of docs/results_database.md's examples: pandas, run by Debian's /usr/bin/python3.
  python3-pandas
  # The sanitize preset: Clang with libFuzzer, and llvm-15's llvm-symbolizer for readable stacks.
  clang-15 libfuzzer-15-dev llvm-15
  # The font the PNG files of `trappsteg report --charts` are drawn in.
  fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The report: Node.js and npm to install its chart libraries, Chromium for its browser test.
# A machine that already has node and npm (e.g. a newer one on PATH) keeps them.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The report's JavaScript libraries and the browser test's driver, from the committed lockfile.
# Installed again when the lockfile has changed since the last install (a copy of it is kept there).
report_dir="$(cd "$(dirname "$0")/../report" && pwd)"
if ! cmp -s "$report_dir/package-lock.json" "$report_dir/node_modules/.trappsteg-installed-lock.json"; then
  echo "Installing the report's npm packages (report/package-lock.json)" >&2
  (cd "$report_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null &&
    cp package-lock.json node_modules/.trappsteg-installed-lock.json)
fi
echo "Dependencies are installed." >&2
