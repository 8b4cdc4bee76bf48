#!/usr/bin/env bash
# Ingest throughput: articles/s and MB/s of text for ingesting the CASIE dev articles
# (../shared/data/casie/dev.jsonl, 797 real cyber-news articles) into a new store: the median
# of RUNS runs (default 5), each a whole `dossier ingest` invocation into a fresh directory.
# usage: tools/bench/ingest_casie.sh [DOSSIER_BIN] [RUNS]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/dossier}
runs=${2:-5}
data="$top/../shared/data/casie/dev.jsonl"
[ -f "$data" ] || { echo "ingest_casie: $data not found (needs ../shared beside the checkout)" >&2; exit 2; }
[ -x "$bin" ] || { echo "ingest_casie: no binary at $bin" >&2; exit 2; }
python3 - "$bin" "$data" "$runs" <<'PY'
import json, statistics, subprocess, sys, tempfile, time
binary, data, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
articles = text_bytes = 0
for line in open(data, encoding="utf-8"):
    if line.strip():
        articles += 1
        text_bytes += len(json.loads(line)["text"].encode())
times, summary = [], ""
with tempfile.TemporaryDirectory() as tmp:
    for i in range(runs):
        start = time.perf_counter()
        out = subprocess.run([binary, "ingest", "--db", f"{tmp}/db{i}", data],
                             check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
        summary = out.strip().splitlines()[-1]
t = statistics.median(times)
print(f"ingest CASIE dev: {articles} articles, {text_bytes/1e6:.2f} MB of text; median of {runs} runs")
print(f"  {t:.3f} s   {articles/t:,.0f} articles/s   {text_bytes/1e6/t:.1f} MB/s")
print(f"  {summary}")
PY
