#!/usr/bin/env python3
"""Score `dossier extract --format jsonl` output against the CASIE gold annotation.

usage: score_casie.py GOLD.jsonl PRED.jsonl [--json OUT]

GOLD is ../shared/data/casie/dev.jsonl (one article per line with `url` and `events`); PRED holds
one extracted event per line, tied to its article by `sources[0].url`. Two scores:

  a) article-level event-type detection: per article, the set of gold CASIE types against the set
     of types mapped (CLASS_TO_CASIE) from the classes of the predicted events; TP/FP/FN count
     article x type pairs, reported per type, micro- and macro-averaged.
  b) Attacker/Victim arguments of Attack.* events: per article and role, the gold argument texts
     against the actors (Attacker) or targets (Victim) of predicted events whose class maps to an
     Attack.* type, matched by token overlap after normalisation (see `overlaps`); micro-averaged.

Python 3 standard library only. See README.md beside this file.
"""
import argparse
import json
import re
import sys

from eval_io import load_gold, load_pred

# dossier action class -> CASIE event type. Classes not listed map to nothing.
# dossier codes an intrusion into systems or data ("hacked", "breached", "stole") as `breach`,
# which is what CASIE calls Attack.Databreach; `cyberattack` (DDoS, sabotage, attacks without
# an intrusion) has no CASIE type.
CLASS_TO_CASIE = {
    "breach": "Attack.Databreach",
    "phishing": "Attack.Phishing",
    "ransomware": "Attack.Ransom",
    "vulnerability": "Vulnerability-related.DiscoverVulnerability",
    "patch": "Vulnerability-related.PatchVulnerability",
}
CASIE_TYPES = [
    "Attack.Databreach",
    "Attack.Phishing",
    "Attack.Ransom",
    "Vulnerability-related.DiscoverVulnerability",
    "Vulnerability-related.PatchVulnerability",
]
ROLES = ["Attacker", "Victim"]
# Tokens removed by normalisation, and tokens that do not count as an overlap.
DROPPED_TOKENS = {"the", "a", "an", "of", "its", "their", "his", "her", "s"}
OVERLAP_STOPWORDS = {
    "and", "for", "from", "with", "that", "this", "into", "are", "was", "were", "has", "have",
    "had", "not", "but", "who", "which", "group", "groups", "company", "companies", "firm",
    "inc", "corp", "ltd", "llc",
}
MIN_TOKEN = 3  # shortest token, and shortest contained string, that counts as an overlap


def casie_type(event):
    """The CASIE type a predicted event's action class maps to, or None."""
    return CLASS_TO_CASIE.get(((event.get("action") or {}).get("class") or "").lower())


def prf(tp_p, n_pred, tp_g, n_gold):
    """Precision, recall and F1 from matched/total predicted and matched/total gold (0 if 0/0)."""
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_types(gold, pred):
    """Article x type detection scores: per type, micro and macro."""
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in CASIE_TYPES}
    for url, events in gold.items():
        gold_types = {e["type"] for e in events}
        pred_types = {casie_type(e) for e in pred.get(url, [])} - {None}
        for t in CASIE_TYPES:
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (t in gold_types, t in pred_types))
            if key:
                counts[t][key] += 1
    per_type = {}
    for t, c in counts.items():
        p, r, f = prf(c["tp"], c["tp"] + c["fp"], c["tp"], c["tp"] + c["fn"])
        per_type[t] = dict(c, support=c["tp"] + c["fn"], precision=p, recall=r, f1=f)
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn"))
    p, r, f = prf(tp, tp + fp, tp, tp + fn)
    micro = {"tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "precision": p, "recall": r, "f1": f}
    macro = {k: sum(v[k] for v in per_type.values()) / len(per_type)
             for k in ("precision", "recall", "f1")}
    return {"per_type": per_type, "micro": micro, "macro": macro}


def normalise(text):
    """Lower-case, non-alphanumerics to spaces, drop DROPPED_TOKENS, collapse spaces."""
    tokens = re.sub(r"[^0-9a-z]+", " ", (text or "").lower()).split()
    return " ".join(t for t in tokens if t not in DROPPED_TOKENS)


def content_tokens(norm):
    """Tokens of a normalised string that count towards an overlap."""
    return {t for t in norm.split() if len(t) >= MIN_TOKEN and t not in OVERLAP_STOPWORDS}


def overlaps(a, b):
    """Whether two normalised strings match: a shared content token, or one contains the other.

    Containment needs the shorter string to have at least MIN_TOKEN characters (equal strings
    always match), so that gold pronouns such as "it" or "he" do not match inside other names.
    """
    if a == b or content_tokens(a) & content_tokens(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= MIN_TOKEN and short in long_


def gold_arguments(events, role):
    """Deduplicated normalised texts of `role` arguments of the Attack.* gold events."""
    texts = {normalise(a.get("text")) for e in events if e["type"].startswith("Attack.")
             for a in e.get("arguments") or [] if a.get("role") == role}
    return texts - {""}


def predicted_items(events, side):
    """Deduplicated predicted items for one side ("actor" or "target") of Attack-class events.

    An item is one entity: the set of its normalised name and alias. Items are keyed by the
    normalised name (the alias when there is no name), and aliases of the same entity merge.
    An end with id "UNKNOWN" is dossier saying that the text names no actor there: no item.
    """
    items = {}
    for e in events:
        if not (casie_type(e) or "").startswith("Attack."):
            continue
        entity = e.get(side) or {}
        if entity.get("id") == "UNKNOWN":
            continue
        strings = {normalise(entity.get("name")), normalise(entity.get("alias"))} - {""}
        if strings:
            key = normalise(entity.get("name")) or normalise(entity.get("alias"))
            items.setdefault(key, set()).update(strings)
    return list(items.values())


def score_arguments(gold, pred):
    """Micro P/R/F1 of Attacker and Victim arguments, per role and pooled."""
    side = {"Attacker": "actor", "Victim": "target"}
    totals = {r: {"pred": 0, "pred_matched": 0, "gold": 0, "gold_matched": 0} for r in ROLES}
    for url, events in gold.items():
        for role in ROLES:
            g = gold_arguments(events, role)
            items = predicted_items(pred.get(url, []), side[role])
            t = totals[role]
            t["gold"] += len(g)
            t["pred"] += len(items)
            t["gold_matched"] += sum(any(overlaps(x, s) for i in items for s in i) for x in g)
            t["pred_matched"] += sum(any(overlaps(x, s) for x in g for s in i) for i in items)
    totals["Attacker+Victim"] = {k: sum(totals[r][k] for r in ROLES) for k in totals["Attacker"]}
    for t in totals.values():
        p, r, f = prf(t["pred_matched"], t["pred"], t["gold_matched"], t["gold"])
        t.update(precision=p, recall=r, f1=f)
    return totals


def print_report(gold, pred, types, args):
    """Print both score tables."""
    n_events = sum(len(v) for v in pred.values())
    print(f"CASIE: {len(gold)} gold articles, {len(pred)} with predictions, "
          f"{n_events} predicted events")
    print("\na) event type per article (article x type pairs)")
    print(f"{'type':46} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5} {'support':>7}")
    rows = list(types["per_type"].items()) + [("micro", types["micro"])]
    for name, s in rows:
        print(f"{name:46} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['tp']:5d} {s['fp']:5d} {s['fn']:5d} {s['support']:7d}")
    m = types["macro"]
    print(f"{'macro':46} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    print("\nb) Attack.* arguments (micro over articles)")
    print(f"{'role':16} {'P':>6} {'R':>6} {'F1':>6} {'pred':>11} {'gold':>11}")
    for role, s in args.items():
        print(f"{role:16} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['pred_matched']:5d}/{s['pred']:<5d} {s['gold_matched']:5d}/{s['gold']:<5d}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", help="CASIE gold JSON Lines (../shared/data/casie/dev.jsonl)")
    parser.add_argument("pred", help="dossier extract --format jsonl output")
    parser.add_argument("--json", metavar="OUT", help="also write the scores as JSON to OUT")
    opts = parser.parse_args()
    gold = load_gold(opts.gold)
    pred = load_pred(opts.pred, gold.keys())
    types, args = score_types(gold, pred), score_arguments(gold, pred)
    print_report(gold, pred, types, args)
    if opts.json:
        result = {"articles": len(gold), "articles_with_predictions": len(pred),
                  "predicted_events": sum(len(v) for v in pred.values()),
                  "types": types, "arguments": args}
        with open(opts.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
