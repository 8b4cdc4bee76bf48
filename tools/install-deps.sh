#!/usr/bin/env bash
# Installs the Debian 12 packages dossier needs to build and test, and only those missing.
# Runs apt-get as root, or through sudo. Installs nothing (and needs no network) when all
# packages are present.
set -euo pipefail
packages=(
  g++ cmake make pkg-config
  librocksdb-dev libboost-graph-dev capnproto libcapnp-dev
  libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev libutf8proc-dev catch2 zlib1g-dev
  libcurl4-openssl-dev libpugixml-dev libgumbo-dev
  python3
  # Exports: npm fetches the HTML viewer's cytoscape.js at configure time (node runs the viewer's
  # test); the export tests read files back with networkx, Graphviz, xmllint and Chromium.
  nodejs npm python3-networkx graphviz libxml2-utils chromium
)
missing=()
for p in "${packages[@]}"; do
  # A nodejs from NodeSource bundles npm and conflicts with Debian's npm package.
  [ "$p" = npm ] && command -v npm >/dev/null && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
