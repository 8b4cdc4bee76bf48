#!/usr/bin/env bash
# Export speed and memory: `dossier export --format gexf` (and, with FORMATS, other formats) of
# the whole ICEWS18 store (../shared/data/icews18/events.tsv.gz, imported once into DB when DB
# does not exist yet). Prints wall time, peak RSS (heap and mapped files) and output size per
# format, and the same for a --since 2018-10 export (a tenth of the edges), to show that memory
# does not grow with the number of edges.
# usage: tools/bench/export_icews18.sh [DOSSIER_BIN] [DB] [FORMATS]
#   defaults: build/dossier, /tmp/icews18db, "gexf"
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/dossier}
db=${2:-/tmp/icews18db}
formats=${3:-gexf}
data="$top/../shared/data/icews18/events.tsv.gz"
[ -x "$bin" ] || { echo "export_icews18: no binary at $bin" >&2; exit 2; }
if [ ! -d "$db" ]; then
  [ -f "$data" ] || { echo "export_icews18: $data not found (needs ../shared beside the checkout)" >&2; exit 2; }
  echo "importing $data into $db"
  "$bin" import --db "$db" --format tsv "$data"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs one export, sampling /proc/PID/status: wall time, peak RSS (VmHWM, what /usr/bin/time -v
# reports as maximum resident set size) and peak anonymous memory (RssAnon: the heap). A read-only
# store is memory-mapped, so the RSS also counts the pages of the files read (RssFile), which the
# kernel can reclaim; RssAnon is what the export allocates.
measure() {  # label, output path, export arguments...
  /usr/bin/python3 - "$bin" "$db" "$@" <<'PY'
import subprocess, sys, time
binary, db, label, path, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
start = time.perf_counter()
p = subprocess.Popen([binary, "export", "--db", db, "-o", path, *args], stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True)
peak = {"VmHWM": 0, "RssAnon": 0, "RssFile": 0}
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in peak:
                    peak[key] = max(peak[key], int(line.split()[1]))
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    time.sleep(0.01)
wall = time.perf_counter() - start
err = p.stderr.read()
if p.returncode != 0:
    sys.exit(f"export failed: {err}")
size = subprocess.run(["du", "-sk", path], capture_output=True, text=True).stdout.split()[0]
summary = next((l.split("dossier: ")[-1] for l in err.splitlines() if "exported" in l), "")
print(f"{label:<36} wall {wall:6.2f} s  peak RSS {peak['VmHWM'] // 1024:4d} MB "
      f"(heap {peak['RssAnon'] // 1024} MB, mapped files {peak['RssFile'] // 1024} MB)  "
      f"output {int(size) // 1024:4d} MB  ({summary.split(' as ')[0]})")
PY
}

for f in $formats; do
  measure "export --format $f" "$out/all.$f" --format "$f"
done
measure "export --format gexf --since 2018-10" "$out/part.gexf" --format gexf --since 2018-10
