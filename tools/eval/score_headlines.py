#!/usr/bin/env python3
"""Held-out check on security-news headlines (../shared/data/headlines/cyber_headlines.jsonl).

The headlines were never used to write rules or dictionaries. They carry topic categories, not
events, so this is a coverage check, not an accuracy score:

  a) per country category ("China Cyber", "Russian Cyber", ...): the share of its headlines from
     which the extractor codes at least one event with that country as an end (the actor or target
     id, or its country);
  b) per topic category ("Cyber Attacks", "Exploited Vulnerabilities", ...): the share of headlines
     with at least one event of the matching action classes.

usage: score_headlines.py HEADLINES PRED [--json OUT]
PRED is `dossier extract --format jsonl` run on the headlines as written by `--articles OUT`
(one article per headline: the headline is the text, its url and date are kept).
"""
import argparse
import json
import sys

from eval_io import read_jsonl

COUNTRIES = {"China Cyber": "CHN", "Russian Cyber": "RUS", "Iranian Cyber": "IRN",
             "North Korean Cyber": "PRK"}
TOPICS = {
    "Cyber Attacks": {"cyberattack", "breach", "phishing", "ransomware", "spy"},
    "Exploited Vulnerabilities": {"vulnerability", "patch", "cyberattack", "breach"},
    "CVEs": {"vulnerability", "patch"},
    "Espionage": {"spy", "cyberattack", "breach", "arrest", "charge", "accuse", "expel",
                  "sanction", "convict", "sentence"},
}


def headline_articles(path):
    """One article per headline with a url: the headline is the text."""
    seen = set()
    for h in read_jsonl(path):
        url, title = h.get("url"), (h.get("title") or "").strip()
        if not url or not title or url in seen:
            continue
        seen.add(url)
        yield {"url": url, "text": title, "published": (h.get("date") or "")[:10] or None,
               "categories": h.get("categories") or []}


def ends(event):
    """The ids and countries of an event's two ends."""
    out = set()
    for side in ("actor", "target"):
        e = event.get(side) or {}
        out.update(x for x in (e.get("id"), e.get("country")) if x)
    return out


def score(headlines, pred):
    by_url = {}
    for e in pred:
        url = ((e.get("sources") or [{}])[0]).get("url")
        by_url.setdefault(url, []).append(e)
    rows = {}
    for h in headlines:
        events = by_url.get(h["url"], [])
        for cat in h["categories"]:
            if cat in COUNTRIES:
                hit = any(COUNTRIES[cat] in ends(e) for e in events)
            elif cat in TOPICS:
                hit = any(((e.get("action") or {}).get("class")) in TOPICS[cat] for e in events)
            else:
                continue
            r = rows.setdefault(cat, {"headlines": 0, "covered": 0})
            r["headlines"] += 1
            r["covered"] += hit
    for r in rows.values():
        r["share"] = r["covered"] / r["headlines"] if r["headlines"] else 0.0
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("headlines")
    ap.add_argument("pred", nargs="?")
    ap.add_argument("--articles", help="write the headlines as JSON Lines articles and exit")
    ap.add_argument("--json")
    args = ap.parse_args()
    headlines = list(headline_articles(args.headlines))
    if args.articles:
        with open(args.articles, "w", encoding="utf-8") as f:
            for h in headlines:
                article = {k: v for k, v in h.items() if k != "categories" and v is not None}
                f.write(json.dumps(article) + "\n")
        return
    if not args.pred:
        sys.exit("score_headlines.py: PRED is required unless --articles is given")
    rows = score(headlines, list(read_jsonl(args.pred)))
    print(f"headlines (held out): {len(headlines)}")
    print(f"{'category':30} {'headlines':>9} {'covered':>8} {'share':>6}")
    for cat in list(COUNTRIES) + list(TOPICS):
        if cat in rows:
            r = rows[cat]
            print(f"{cat:30} {r['headlines']:9} {r['covered']:8} {r['share']:6.3f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
