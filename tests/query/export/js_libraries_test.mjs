// The JSON exports loaded by the libraries they are for:
//   node js_libraries_test.mjs DOSSIER_BIN VIEWER_DIR
// A small store (graph_fixture.h's graph, and a name with quotes and markup) is exported as
// Cytoscape.js JSON, read by cytoscape.js (headless), and as graphology JSON, read by
// graphology's Graph.from(); node and edge counts, parallel edges and attributes must match.
// Exits 77 (skipped) when the packages are missing (npm ci in VIEWER_DIR).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [dossier, viewerDir] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(viewerDir), 'package.json'));
let cytoscape, Graph;
try {
  cytoscape = require('cytoscape');
  Graph = require('graphology');
} catch {
  console.log(`cytoscape or graphology missing (npm ci in ${viewerDir}): skipped`);
  process.exit(77);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-js-'));
let failed = false;
function expect(cond, why) {
  if (!cond) {
    console.error(`js libraries test: ${why}`);
    failed = true;
  }
}
function run(args) {
  const r = spawnSync(dossier, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dossier ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

try {
  const hostile = 'Evil <b>"Corp"</b> & co';
  fs.writeFileSync(path.join(dir, 'fixture.tsv'),
    'source\trelation\ttarget\tdate\n' +
    'A\tAccuse\tB\t2024-01-01\nB\tAccuse\tC\t2024-01-03\nA\tMake statement\tC\t2024-01-05\n' +
    'C\tAccuse\tD\t2024-01-02\nC\tMake statement\tD\t2024-01-10\nB\tMake statement\tD\t2024-01-03\n' +
    'D\tAccuse\tE\t2024-01-03\nD\tMake statement\tE\t2024-01-12\nE\tMake statement\tF\t2024-01-20\n' +
    `A\tAccuse\tB\t2024-01-15\n${hostile}\tAccuse\tA\t2024-01-07\n`);
  const db = path.join(dir, 'db');
  run(['import', '--db', db, '--format', 'tsv', path.join(dir, 'fixture.tsv')]);
  const stored = run(['events', '--db', db, '--format', 'jsonl']).trim().split('\n').map(JSON.parse);

  const cyJson = JSON.parse(run(['export', '--db', db, '--format', 'cytoscape', '-o', '-']));
  const cy = cytoscape({ headless: true, elements: cyJson.elements });
  expect(cy.nodes().length === 7, `cytoscape.js: ${cy.nodes().length} nodes`);
  expect(cy.edges().length === stored.length, `cytoscape.js: ${cy.edges().length} edges`);
  expect(cy.getElementById(hostile).data('name') === hostile, 'cytoscape.js: the hostile name');
  expect(cy.getElementById('A').edgesTo(cy.getElementById('B')).length === 2,
    'cytoscape.js: two parallel A->B edges');
  for (const e of stored) {
    const edge = cy.getElementById(e.id);
    expect(edge.nonempty() && edge.source().id() === e.actor.id && edge.data('date') === e.date &&
      edge.data('action') === e.action.class, `cytoscape.js: event ${e.id}`);
  }

  const g = Graph.from(JSON.parse(run(['export', '--db', db, '--format', 'graphology', '-o', '-'])));
  expect(g.type === 'directed' && g.multi, 'graphology: a directed multigraph');
  expect(g.order === 7 && g.size === stored.length, `graphology: ${g.order} nodes, ${g.size} edges`);
  expect(g.getNodeAttribute(hostile, 'label') === hostile, 'graphology: the hostile name');
  expect(g.edges('A', 'B').length === 2, 'graphology: two parallel A->B edges');
  for (const e of stored) {
    expect(g.hasEdge(e.id) && g.source(e.id) === e.actor.id && g.target(e.id) === e.target.id &&
      g.getEdgeAttribute(e.id, 'date') === e.date, `graphology: event ${e.id}`);
  }
  g.forEachNode((n, a) => expect(typeof a.x === 'number' && typeof a.size === 'number',
    `graphology: node ${n} has a position and a size for Sigma.js`));
} catch (e) {
  console.error(`js libraries test: ${e.stack || e}`);
  failed = true;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('cytoscape.js and graphology read the JSON exports back');
