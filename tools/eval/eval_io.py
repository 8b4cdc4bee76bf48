"""Reading gold and predicted events for the scorers of tools/eval (standard library only)."""
import json
import sys


def read_jsonl(path):
    """Yield the JSON objects of a JSON Lines file, skipping blank lines; exit on a bad line."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{n}: not JSON: {e}")


def event_url(event):
    """The url of the article an extracted event comes from (sources[0].url), or None."""
    sources = event.get("sources") or []
    return (sources[0].get("url") if sources else None) or event.get("url")


def load_gold(path):
    """Map url -> list of gold events; records sharing a url are one article (union of events)."""
    gold = {}
    for article in read_jsonl(path):
        gold.setdefault(article["url"], []).extend(article.get("events") or [])
    return gold


def load_pred(path, gold_urls):
    """Map url -> list of predicted events for gold articles; warn about other urls."""
    pred, unknown = {}, 0
    for event in read_jsonl(path):
        url = event_url(event)
        if url in gold_urls:
            pred.setdefault(url, []).append(event)
        else:
            unknown += 1
    if unknown:
        print(f"warning: {unknown} predicted events belong to no gold article; ignored",
              file=sys.stderr)
    return pred
