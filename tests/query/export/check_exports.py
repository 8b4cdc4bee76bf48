#!/usr/bin/python3
"""Reads `dossier export` files back with the tools that consume them and compares them with
what the store holds (`dossier events --format jsonl`).

    check_exports.py CHECK DOSSIER_BIN SHARED_DIR

CHECK is one of:
  networkx     GraphML and GEXF read with networkx: nodes, edges (parallel ones included) and
               their attributes; --around and filters restrict the graph; an empty export reads
               as an empty graph
  dot          `dot -Tsvg` renders the DOT export
  neo4j        the CSV headers follow neo4j-admin import, and Python's csv reads every row back
  gexf_schema  the GEXF export (also an empty one) validates against SHARED_DIR's GEXF 1.3 schema

Exits 77 (skipped) when the tool a check needs is not installed, or SHARED_DIR is missing.
Runs with Debian's /usr/bin/python3 and python3-networkx (2.8, which reads GEXF only up to
1.2draft: the check then reads a copy whose namespace says 1.2draft; the elements it reads are
the same in both versions).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# The graph of tests/graph/graph_fixture.h, with a few hostile names: quotes, markup, commas.
FIXTURE = (
    "source\trelation\ttarget\tdate\n"
    "A\tAccuse\tB\t2024-01-01\nB\tAccuse\tC\t2024-01-03\nA\tMake statement\tC\t2024-01-05\n"
    "C\tAccuse\tD\t2024-01-02\nC\tMake statement\tD\t2024-01-10\n"
    "B\tMake statement\tD\t2024-01-03\nD\tAccuse\tE\t2024-01-03\n"
    "D\tMake statement\tE\t2024-01-12\nE\tMake statement\tF\t2024-01-20\n"
    "A\tAccuse\tB\t2024-01-15\n"
    "Evil <b>\"Corp\"</b> & co, ltd\tAccuse of </script> & \"spying\"\tA\t2024-01-07\n"
)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


class Fixture:
    def __init__(self, dossier):
        self.dossier = dossier
        self.dir = tempfile.mkdtemp(prefix="dossier-export-check-")
        self.db = os.path.join(self.dir, "db")
        tsv = os.path.join(self.dir, "fixture.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            f.write(FIXTURE)
        run([dossier, "import", "--db", self.db, "--format", "tsv", tsv])
        out = run([dossier, "events", "--db", self.db, "--format", "jsonl"]).stdout
        self.events = {e["id"]: e for e in map(json.loads, out.splitlines())}
        self.entities = {}
        for e in self.events.values():
            for end in (e["actor"], e["target"]):
                self.entities[end["id"]] = end

    def export(self, fmt, name, *extra):
        path = os.path.join(self.dir, name)
        run([self.dossier, "export", "--db", self.db, "--format", fmt, "-o", path, *extra])
        return path

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def compare_graph(g, fx, kind):
    """g: a networkx MultiDiGraph read from an export of the whole store."""
    expect(g.is_directed(), f"{kind}: directed")
    expect(set(g.nodes) == set(fx.entities), f"{kind}: nodes {sorted(g.nodes)}")
    expect(g.number_of_edges() == len(fx.events),
           f"{kind}: {g.number_of_edges()} edges, store has {len(fx.events)}")
    for n, data in g.nodes(data=True):
        name = data.get("name", data.get("label"))
        expect(name == fx.entities[n]["name"], f"{kind}: node {n} name {name!r}")
        expect(data.get("type") == fx.entities[n]["type"], f"{kind}: node {n} type")
    seen = set()
    for u, v, key, data in g.edges(keys=True, data=True):
        ev = fx.events.get(key)
        expect(ev is not None, f"{kind}: edge key {key!r} is no stored event")
        seen.add(key)
        expect((u, v) == (ev["actor"]["id"], ev["target"]["id"]), f"{kind}: ends of {key}")
        expect(data["action"] == ev["action"]["class"], f"{kind}: action of {key}")
        expect(data["date"] == ev["date"], f"{kind}: date of {key}")
        expect(int(data["mentions"]) == ev["mentions"], f"{kind}: mentions of {key}")
        expect(abs(float(data["confidence"]) - ev["confidence"]) < 1e-3, f"{kind}: confidence")
        expect(data["source_url"] == ev["sources"][0]["url"], f"{kind}: source of {key}")
        label = data.get("label")
        expect(label == ev["action"]["label"], f"{kind}: label {label!r} of {key}")
    expect(seen == set(fx.events), f"{kind}: every event is an edge")
    parallel = sum(1 for u, v in {(u, v) for u, v in g.edges()} if g.number_of_edges(u, v) > 1)
    expect(parallel >= 1, f"{kind}: the two A->B accusations stay two edges")


def read_gexf(nx, path):
    if int(nx.__version__.split(".")[0]) >= 3:
        return nx.read_gexf(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace('xmlns="http://gexf.net/1.3" version="1.3"',
                        'xmlns="http://www.gexf.net/1.2draft" version="1.2"', 1)
    legacy = path + ".1.2draft.gexf"
    with open(legacy, "w", encoding="utf-8") as f:
        f.write(text)
    return nx.read_gexf(legacy)


def check_networkx(fx):
    try:
        import networkx as nx
    except ImportError:
        print("networkx not installed (Debian: python3-networkx): skipped")
        return SKIP
    g = nx.read_graphml(fx.export("graphml", "all.graphml"))
    expect(isinstance(g, nx.MultiDiGraph), "graphml: a directed multigraph")
    compare_graph(g, fx, "graphml")
    g = read_gexf(nx, fx.export("gexf", "all.gexf"))
    expect(g.is_multigraph(), "gexf: a multigraph")
    for _, _, data in g.edges(data=True):
        # GEXF keeps the edge's own label; the date is also its start (Gephi's timeline).
        expect(data.get("start") == data["date"], "gexf: edge start is its date")
    compare_graph(g, fx, "gexf")

    around = nx.read_graphml(fx.export("graphml", "around.graphml", "--around", "A", "--hops", "1"))
    expect(set(around.nodes) == {"A", "B", "C", "Evil <b>\"Corp\"</b> & co, ltd"},
           f"around: nodes {sorted(around.nodes)}")
    expect(around.number_of_edges() == 4, "around: A's four events")
    accuse = nx.read_graphml(fx.export("graphml", "accuse.graphml", "--action", "accuse",
                                       "--since", "2024-01-02", "--until", "2024-01-03"))
    expect(sorted((u, v) for u, v in accuse.edges()) == [("B", "C"), ("C", "D"), ("D", "E")],
           f"filters: {sorted(accuse.edges())}")
    empty = nx.read_graphml(fx.export("graphml", "empty.graphml", "--since", "2030"))
    expect(empty.number_of_nodes() == 0 and empty.number_of_edges() == 0, "empty graphml")
    empty = read_gexf(nx, fx.export("gexf", "empty.gexf", "--since", "2030"))
    expect(empty.number_of_nodes() == 0, "empty gexf")
    print(f"networkx {nx.__version__}: GraphML and GEXF match the store "
          f"({len(fx.entities)} entities, {len(fx.events)} events)")
    return 0


def check_dot(fx):
    dot = shutil.which("dot")
    if not dot:
        print("graphviz not installed: skipped")
        return SKIP
    for name, extra in (("all.dot", []), ("empty.dot", ["--since", "2030"])):
        path = fx.export("dot", name, *extra)
        svg = run([dot, "-Tsvg", path]).stdout
        expect(svg.lstrip().startswith("<?xml") and "</svg>" in svg, f"{name}: an SVG")
        if not extra:
            # Labels are text in the picture, escaped as XML by Graphviz: never markup.
            expect("Evil &lt;b&gt;&quot;Corp&quot;&lt;/b&gt; &amp; co, ltd" in svg,
                   "the hostile name is drawn as text")
            expect("</script>" not in svg and "<b>" not in svg, "no markup from names")
            expect(svg.count("class=\"edge\"") == len(fx.events), "one drawn edge per event")
    print("dot -Tsvg renders the DOT export")
    return 0


def check_neo4j(fx):
    out = fx.export("neo4j", "neo4j")
    with open(os.path.join(out, "nodes.csv"), newline="", encoding="utf-8") as f:
        nodes = list(csv.reader(f, strict=True))
    with open(os.path.join(out, "relationships.csv"), newline="", encoding="utf-8") as f:
        rels = list(csv.reader(f, strict=True))
    node_header, rel_header = nodes[0], rels[0]
    expect(node_header == ["entityId:ID", "name", "type", "country", "sector", ":LABEL"],
           f"nodes header {node_header}")
    expect(rel_header[:5] == [":START_ID", ":END_ID", ":TYPE", "eventId", "date:date"],
           f"relationships header {rel_header}")
    # neo4j-admin: each header field is NAME[:TYPE] with a known type, or a special :FIELD.
    known = {"", "ID", "START_ID", "END_ID", "TYPE", "LABEL", "int", "long", "float", "double",
             "boolean", "byte", "short", "char", "string", "date", "datetime", "localdatetime",
             "time", "localtime", "duration", "point"}
    for field in node_header + rel_header:
        name, _, typ = field.partition(":")
        expect(typ in known and (name or typ), f"header field {field!r}")
    ids = set()
    for row in nodes[1:]:
        expect(len(row) == len(node_header), f"node row {row}")
        ids.add(row[0])
        expect(row[1] == fx.entities[row[0]]["name"], f"node name {row[1]!r}")
        for label in row[5].split(";"):
            expect(label.isidentifier(), f"label {label!r}")
    expect(ids == set(fx.entities), "one node per entity")
    events = set()
    for row in rels[1:]:
        r = dict(zip(rel_header, row))
        expect(len(row) == len(rel_header), f"relationship row {row}")
        ev = fx.events[r["eventId"]]
        events.add(r["eventId"])
        expect(r[":START_ID"] == ev["actor"]["id"] and r[":END_ID"] == ev["target"]["id"], "ends")
        expect(r[":START_ID"] in ids and r[":END_ID"] in ids, "ends are nodes")
        expect(r[":TYPE"] == ev["action"]["class"].upper() and r[":TYPE"].isidentifier(), "type")
        expect(r["date:date"] == ev["date"], "date")
        expect(r["label"] == ev["action"]["label"], f"label {r['label']!r}")
        expect(int(r["mentions:int"]) == ev["mentions"], "mentions")
    expect(events == set(fx.events), "one relationship per event")
    print(f"neo4j CSV: {len(nodes) - 1} nodes, {len(rels) - 1} relationships read back")
    return 0


def check_gexf_schema(fx, shared):
    xsd = os.path.join(shared, "schemas", "gexf-1.3", "gexf.xsd")
    if not os.path.exists(xsd):
        print(f"{xsd} not found: skipped")
        return SKIP
    xmllint = shutil.which("xmllint")
    if not xmllint:
        print("xmllint not installed (Debian: libxml2-utils): skipped")
        return SKIP
    for name, extra in (("all.gexf", []), ("empty.gexf", ["--since", "2030"]),
                        ("around.gexf", ["--around", "C", "--hops", "2"])):
        path = fx.export("gexf", name, *extra)
        run([xmllint, "--noout", "--schema", xsd, path])
    print("GEXF exports validate against the GEXF 1.3 schema")
    return 0


def main():
    check, dossier = sys.argv[1], sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else ""
    fx = Fixture(dossier)
    try:
        if check == "networkx":
            return check_networkx(fx)
        if check == "dot":
            return check_dot(fx)
        if check == "neo4j":
            return check_neo4j(fx)
        if check == "gexf_schema":
            return check_gexf_schema(fx, shared)
        print(f"unknown check {check}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as e:
        print(f"{' '.join(e.cmd)} failed ({e.returncode}):\n{e.stdout}\n{e.stderr}", file=sys.stderr)
        return 1
    except AssertionError as e:
        print(f"{check}: {e}", file=sys.stderr)
        return 1
    finally:
        fx.close()


if __name__ == "__main__":
    sys.exit(main())
