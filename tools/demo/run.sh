#!/usr/bin/env bash
# The demo: ingest the sample articles of tools/demo into a fresh store, then show who accused
# whom, and what else the articles say. Run from anywhere after building (build/dossier).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/build/dossier"
db="$top/build/demo.db"
[ -x "$bin" ] || { echo "run.sh: no $bin; build first (see README, Quick start)" >&2; exit 1; }
rm -rf "$db"
"$bin" ingest --db "$db" "$top"/tools/demo/*.txt
echo
echo "== Who accused whom"
"$bin" events --db "$db" --action accuse
echo
echo "== Every event"
"$bin" events --db "$db"
