#!/usr/bin/env bash
# Evaluate the extractor: run `dossier extract --format jsonl` on the CASIE and espionage dev
# articles (../shared/data, beside the checkout) and score the output with score_casie.py and
# score_espionage.py. Predictions and JSON scores go to a temporary directory, or to $EVAL_OUT
# when it is set (kept for inspection).
# usage: tools/eval/run.sh [DOSSIER_BIN]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${1:-$top/build/dossier}
data="$top/../shared/data"
for f in "$data/casie/dev.jsonl" "$data/espionage/dev.jsonl"; do
    [ -f "$f" ] || { echo "eval: $f not found (needs ../shared beside the checkout)" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "eval: no dossier binary at $bin (build it, or pass its path)" >&2; exit 2; }
usage=$("$bin" --help 2>&1 || true)
grep -qE '^ +extract( |$)' <<< "$usage" \
    || { echo "eval: $bin has no 'extract' subcommand (rebuild, or pass a newer binary)" >&2; exit 2; }

if [ -n "${EVAL_OUT:-}" ]; then
    out=$EVAL_OUT
    mkdir -p "$out"
else
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi

for set in casie espionage; do
    "$bin" extract --format jsonl "$data/$set/dev.jsonl" > "$out/$set.pred.jsonl" \
        || { echo "eval: $bin extract failed on $set/dev.jsonl" >&2; exit 1; }
done
python3 "$here/score_casie.py" "$data/casie/dev.jsonl" "$out/casie.pred.jsonl" \
    --json "$out/casie.scores.json"
echo
python3 "$here/score_espionage.py" "$data/espionage/dev.jsonl" "$out/espionage.pred.jsonl" \
    --json "$out/espionage.scores.json"
# Held out: headlines never used to write rules (a coverage check, see score_headlines.py).
headlines="$data/headlines/cyber_headlines.jsonl"
if [ -f "$headlines" ]; then
    echo
    python3 "$here/score_headlines.py" "$headlines" --articles "$out/headlines.jsonl"
    "$bin" extract --format jsonl "$out/headlines.jsonl" > "$out/headlines.pred.jsonl" \
        || { echo "eval: $bin extract failed on the headlines" >&2; exit 1; }
    python3 "$here/score_headlines.py" "$headlines" "$out/headlines.pred.jsonl" \
        --json "$out/headlines.scores.json"
fi
