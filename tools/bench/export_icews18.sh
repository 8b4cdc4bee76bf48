#!/usr/bin/env bash
# Export speed and memory: `dossier export --format gexf` (and, with FORMATS, other formats) of
# the whole ICEWS18 store (../shared/data/icews18/events.tsv.gz, imported once into DB when DB
# does not exist yet). Prints wall time, peak RSS (from /usr/bin/time -v) and output size per
# format, and the peak RSS of a --since 2018-10 export (a fraction of the edges) to show that
# memory does not grow with the number of edges.
# usage: tools/bench/export_icews18.sh [DOSSIER_BIN] [DB] [FORMATS]
#   defaults: build/dossier, /tmp/icews18db, "gexf"
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/dossier}
db=${2:-/tmp/icews18db}
formats=${3:-gexf}
data="$top/../shared/data/icews18/events.tsv.gz"
[ -x "$bin" ] || { echo "export_icews18: no binary at $bin" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "export_icews18: needs /usr/bin/time (Debian: time)" >&2; exit 2; }
if [ ! -d "$db" ]; then
  [ -f "$data" ] || { echo "export_icews18: $data not found (needs ../shared beside the checkout)" >&2; exit 2; }
  echo "importing $data into $db"
  "$bin" import --db "$db" --format tsv "$data"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {  # label, output path, export arguments...
  local label=$1 path=$2
  shift 2
  /usr/bin/time -v "$bin" export --db "$db" -o "$path" "$@" 2>"$out/time.txt" >/dev/null ||
    { cat "$out/time.txt" >&2; exit 1; }
  local wall rss size
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  size=$(du -sk "$path" | cut -f1)
  local summary
  summary=$(grep -o 'exported .* events' "$out/time.txt" || true)
  printf '%-34s wall %8s  peak RSS %6d MB  output %6d MB  (%s)\n' "$label" "$wall" \
    $((rss / 1024)) $((size / 1024)) "$summary"
}

for f in $formats; do
  measure "export --format $f" "$out/all.$f" --format "$f"
done
measure "export --format gexf --since 2018-10" "$out/part.gexf" --format gexf --since 2018-10
