#!/usr/bin/env bash
# dossier as a peer of the graph benchmark in ../shared/bench/peers (see its README, "Adding a
# peer"):
#
#   bash tools/bench/dossier_peer.sh DATA.tsv.gz PAIRS.tsv PARAMS.json ANSWER_DIR RESULT.json
#   ../shared/bench/peers/run_peers.sh DATA.tsv.gz OUT dossier="bash tools/bench/dossier_peer.sh"
#
# The queries are timed inside one process (build/bench/bench_graph_peer), through the library
# calls the CLI commands make; load_ms is `dossier import` of DATA into a fresh store. After the
# in-process run, the script also times whole cold `dossier` CLI invocations of Q1, Q2 and Q6
# (process start, store open, query, output) on the same store and adds them to RESULT.json as
# notes.cli_cold_ms: wall-clock times of whole processes, labelled as such.
#
# Environment: DOSSIER_BUILD (default: build/ beside this script's repository), PEERS_REPEATS.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${DOSSIER_BUILD:-$ROOT/build}
[ $# -eq 5 ] || { echo "usage: $0 DATA PAIRS PARAMS ANSWER_DIR RESULT.json" >&2; exit 2; }
DATA=$1 PAIRS=$2 PARAMS=$3 ANSWERS=$4 RESULT=$5
for bin in "$BUILD/bench/bench_graph_peer" "$BUILD/dossier"; do
  [ -x "$bin" ] || { echo "dossier_peer: $bin missing: build first (cmake --build build)" >&2; exit 1; }
done

STORE=$(mktemp -d "${TMPDIR:-/tmp}/dossier-peer.XXXXXX")
trap 'rm -rf "$STORE"' EXIT
"$BUILD/bench/bench_graph_peer" "$DATA" "$PAIRS" "$PARAMS" "$ANSWERS" "$RESULT" "$STORE/db"

# Cold CLI invocations: each a fresh process on the store just built (the OS page cache is
# warm, the process is not). Median of 5.
python3 - "$BUILD/dossier" "$STORE/db" "$PARAMS" "$RESULT" <<'PY'
import json, statistics, subprocess, sys, time
dossier, db, params_file, result_file = sys.argv[1:5]
p = json.load(open(params_file))
q1, q2, q6 = p["Q1"], p["Q2"], p["Q6"]
commands = {
    "Q1": ["neighbours", "--db", db, q1["start"], "--hops", str(q1["max_hops"]),
           "--since", q1["date_from"], "--until", q1["date_to"], "--format", "csv"],
    "Q2": ["neighbours", "--db", db, q2["start"], "--hops", str(q2["max_hops"]),
           "--action", "accuse", "--label", q2["relation_prefix"], "--format", "csv"],
    "Q6": ["timeline", "--db", db, q6["a"], q6["b"], "--format", "csv"],
}
cold = {}
for name, args in commands.items():
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([dossier] + args, check=True, stdout=subprocess.DEVNULL)
        runs.append((time.perf_counter() - t) * 1000)
    cold[name] = {"median_ms": round(statistics.median(runs), 1), "runs_ms": [round(r, 1) for r in runs],
                  "command": "dossier " + " ".join(args[:1] + args[3:])}
    print(f"cold CLI {name}: median {cold[name]['median_ms']} ms (whole process)", file=sys.stderr)
result = json.load(open(result_file))
result.setdefault("notes", {})["cli_cold_ms"] = cold
json.dump(result, open(result_file, "w"), indent=1)
PY
