#!/usr/bin/env bash
# Feed polling throughput: FEEDS loopback feeds (default 50) of ITEMS summary-only items each
# (default 20), every item linking an article page, served by tests/feeds/feed_server.py on
# 127.0.0.1. Times a first `dossier feeds poll` into a fresh store (feed + page fetches,
# extraction, one WriteBatch per article), then a second one, which must make only conditional
# requests and store nothing.  usage: tools/bench/feeds_poll.sh [DOSSIER_BIN] [FEEDS] [ITEMS]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/dossier}
feeds=${2:-50}
items=${3:-20}
[ -x "$bin" ] || { echo "feeds_poll: no binary at $bin" >&2; exit 2; }
tmp=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
python3 "$top/tests/feeds/feed_server.py" >"$tmp/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(head -1 "$tmp/port")
{
  echo '<?xml version="1.0"?><opml version="2.0"><body>'
  for n in $(seq 1 "$feeds"); do
    echo "<outline text=\"f$n\" type=\"rss\" xmlUrl=\"http://127.0.0.1:$port/feeds/$n.xml?items=$items\"/>"
  done
  echo '</body></opml>'
} >"$tmp/feeds.opml"
"$bin" feeds import-opml --db "$tmp/db" "$tmp/feeds.opml" >/dev/null
python3 - "$bin" "$tmp/db" "$port" <<'PY'
import json, subprocess, sys, time, urllib.request
binary, db, port = sys.argv[1], sys.argv[2], sys.argv[3]
def stats():
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/stats"))
def poll():
    before = stats()
    start = time.perf_counter()
    p = subprocess.run([binary, "feeds", "poll", "--db", db], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = stats()
    return (seconds, p.returncode, p.stdout.strip().splitlines()[-1],
            after["requests"] - before["requests"], after["conditional"] - before["conditional"])
for name in ("first poll", "second poll"):
    seconds, code, summary, requests, conditional = poll()
    print(f"{name}: {seconds:.2f} s wall, exit {code}, {requests} requests "
          f"({conditional} conditional) -- {summary}")
PY
