#!/usr/bin/env python3
"""Score `dossier extract --format jsonl` output against the espionage gold events.

usage: score_espionage.py GOLD.jsonl PRED.jsonl [--json OUT]

GOLD is ../shared/data/espionage/dev.jsonl: one article per line with `url` and `events`, each
event {"id", "core", "actor": [aliases], "action": {"codes", "words"}, "target": [aliases],
"date"}. Predicted events are tied to their article by `sources[0].url`. The matching rule is the
one in ../shared/data/README.md (see `matches`). Core recall = core gold events matched by some
output event of their article / core gold events; precision = output events matching some gold
event (core or not) of their article / output events.

Python 3 standard library only. See README.md beside this file.
"""
import argparse
import json
import sys

from eval_io import load_gold, load_pred


def entity_matches(aliases, entity):
    """Some alias is a case-insensitive substring of the entity's name, id, country or type."""
    entity = entity or {}
    fields = [str(entity.get(k) or "").lower() for k in ("name", "id", "country", "type")]
    return any(a.lower() in f for a in aliases for f in fields if f)


def action_matches(gold_action, action):
    """The CAMEO code starts with one of `codes`, or class/label/verb contains one of `words`."""
    action = action or {}
    code = str(action.get("code") or "")
    if code and any(code.startswith(c) for c in gold_action.get("codes") or []):
        return True
    texts = [str(action.get(k) or "").lower() for k in ("class", "label", "verb")]
    return any(w.lower() in t for w in gold_action.get("words") or [] for t in texts if t)


def matches(gold_event, event):
    """Whether an output event matches a gold event (rule of ../shared/data/README.md)."""
    return (entity_matches(gold_event.get("actor") or [], event.get("actor"))
            and entity_matches(gold_event.get("target") or [], event.get("target"))
            and action_matches(gold_event.get("action") or {}, event.get("action"))
            and str(event.get("date") or "").startswith(gold_event.get("date") or ""))


def first(values):
    """The first of a list, or "-" when there is none."""
    return values[0] if values else "-"


def summary(gold_event, url):
    """A gold event in short: url, id, first actor alias, first word, first target, date."""
    return {"url": url, "id": gold_event.get("id"), "actor": first(gold_event.get("actor")),
            "word": first((gold_event.get("action") or {}).get("words")),
            "target": first(gold_event.get("target")), "date": gold_event.get("date") or "-"}


def score(gold, pred):
    """Per-article and total counts, core recall, precision and the unmatched core events."""
    articles, missing = [], []
    for url, gold_events in gold.items():
        out = pred.get(url, [])
        core = [g for g in gold_events if g.get("core")]
        found = [g for g in core if any(matches(g, e) for e in out)]
        matched = sum(any(matches(g, e) for g in gold_events) for e in out)
        articles.append({"url": url, "core": len(core), "core_found": len(found),
                         "output": len(out), "output_matched": matched})
        missing += [summary(g, url) for g in core if g not in found]
    totals = {k: sum(a[k] for a in articles) for k in ("core", "core_found", "output",
                                                       "output_matched")}
    recall = totals["core_found"] / totals["core"] if totals["core"] else 0.0
    precision = totals["output_matched"] / totals["output"] if totals["output"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(totals, core_recall=recall, precision=precision, f1=f1,
                articles=articles, missing_core=missing)


def shorten(url, width=60):
    """The url without scheme and www., cut in the middle to at most `width` characters."""
    s = url.split("://", 1)[-1].removeprefix("www.")
    return s if len(s) <= width else s[: width // 2 - 1] + "…" + s[-(width // 2):]


def print_report(result):
    """Print totals, per-article lines and the unmatched core events."""
    r = result
    print(f"espionage: {len(r['articles'])} articles")
    print(f"core recall {r['core_recall']:.3f} ({r['core_found']}/{r['core']})   "
          f"precision {r['precision']:.3f} ({r['output_matched']}/{r['output']})   "
          f"F1 {r['f1']:.3f}")
    print(f"\n{'article':60} {'core':>7} {'output':>9}")
    for a in r["articles"]:
        print(f"{shorten(a['url']):60} {a['core_found']:3d}/{a['core']:<3d} "
              f"{a['output_matched']:4d}/{a['output']:<4d}")
    if r["missing_core"]:
        print("\nunmatched core events (id, actor, action word, target, date):")
        for g in r["missing_core"]:
            print(f"  {shorten(g['url'], 40):40} {g['id']:4} {g['actor']:24} {g['word']:10} "
                  f"{g['target']:24} {g['date']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold",
                        help="espionage gold JSON Lines (../shared/data/espionage/dev.jsonl)")
    parser.add_argument("pred", help="dossier extract --format jsonl output")
    parser.add_argument("--json", metavar="OUT", help="also write the scores as JSON to OUT")
    opts = parser.parse_args()
    gold = load_gold(opts.gold)
    result = score(gold, load_pred(opts.pred, gold.keys()))
    print_report(result)
    if opts.json:
        with open(opts.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
