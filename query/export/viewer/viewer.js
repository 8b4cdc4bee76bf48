// The offline viewer of `dossier export --format html`: the graph (cytoscape.js), a search box,
// a time window over event dates, and a details panel listing the events of the selected entity
// or edge with their dates, evidence sentences and sources. All text from the data is put into
// the page with textContent (never as markup), and only http(s) URLs become links.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('dossier-data').textContent);
  var meta = JSON.parse(document.getElementById('dossier-meta').textContent);
  var details = document.getElementById('details');
  var search = document.getElementById('search');
  var fromInput = document.getElementById('from');
  var toInput = document.getElementById('to');
  var fromOut = document.getElementById('from-date');
  var toOut = document.getElementById('to-date');

  var nodesById = new Map();
  data.nodes.forEach(function (n) { nodesById.set(n.id, n); });
  var eventsById = new Map();
  data.edges.forEach(function (e) { eventsById.set('e:' + e.id, e); });
  var dates = Array.from(new Set(data.edges.map(function (e) { return e.date; }))).sort();

  function name(id) {
    var n = nodesById.get(id);
    return n ? n.name : id;
  }

  // A stable colour per action class.
  function classColour(cls) {
    var h = 0;
    for (var i = 0; i < cls.length; i++) h = (h * 31 + cls.charCodeAt(i)) % 360;
    return 'hsl(' + h + ', 55%, 45%)';
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: 'nodes', data: { id: n.id, name: n.name } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: 'edges', data: { id: 'e:' + e.id, source: e.s, target: e.t,
      colour: classColour(e.cls), label: e.label || e.cls } });
  });

  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { 'label': 'data(name)', 'font-size': 10, 'text-valign': 'bottom',
        'text-margin-y': 3, 'background-color': '#4a6fa5', 'width': 'mapData(degree, 0, 40, 12, 44)',
        'height': 'mapData(degree, 0, 40, 12, 44)', 'text-wrap': 'ellipsis', 'text-max-width': 120 } },
      { selector: 'edge', style: { 'width': 1.5, 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'opacity': 0.8,
        // Parallel edges fan out (bezier); thousands of them draw fast as straight lines.
        'curve-style': data.edges.length > 2000 ? 'haystack' : 'bezier' } },
      { selector: 'node:selected', style: { 'background-color': '#d9822b', 'border-width': 3, 'border-color': '#8a4b0f' } },
      { selector: 'edge:selected', style: { 'width': 4, 'opacity': 1, 'label': 'data(label)', 'font-size': 9,
        'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
      { selector: '.match', style: { 'background-color': '#c23b22', 'border-width': 2, 'border-color': '#7a1f10' } },
      { selector: '.faded', style: { 'opacity': 0.15 } }
    ]
  });
  cy.nodes().forEach(function (n) { n.data('degree', n.degree(false)); });
  var layout = cy.nodes().length <= 800
    ? { name: 'cose', animate: false, randomize: false, nodeRepulsion: function () { return 8000; }, idealEdgeLength: function () { return 80; }, numIter: 1500 }
    : { name: 'concentric', animate: false, concentric: function (n) { return n.degree(false); }, levelWidth: function () { return 4; }, minNodeSpacing: 4 };
  cy.layout(layout).run();
  cy.fit(undefined, 30);

  // ---- details panel -------------------------------------------------------------------------

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function renderEvent(e) {
    var box = el('div', 'event');
    box.dataset.event = e.id;
    var what = el('div', 'what');
    what.appendChild(el('span', 'date', e.date));
    what.appendChild(document.createTextNode(name(e.s) + ' \u2192 ' + (e.label || e.cls) + ' \u2192 ' + name(e.t)));
    box.appendChild(what);
    var facts = e.cls + (e.code ? ' \u00b7 CAMEO ' + e.code : '') + ' \u00b7 ' + e.m + ' mention' + (e.m === 1 ? '' : 's') +
      (typeof e.conf === 'number' ? ' \u00b7 confidence ' + e.conf : '');
    box.appendChild(el('div', 'code', facts));
    (e.ev || []).forEach(function (s) {
      var ev = el('div', 'evidence');
      ev.appendChild(el('blockquote', null, s.sentence));
      var src = el('div', 'source');
      if (s.published) src.appendChild(document.createTextNode(s.published + ' \u00b7 '));
      if (isWebUrl(s.url)) {
        var a = el('a', null, s.title || s.url);
        a.href = s.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        src.appendChild(a);
      } else {
        src.appendChild(document.createTextNode(s.title || s.url || ''));
      }
      ev.appendChild(src);
      box.appendChild(ev);
    });
    return box;
  }

  function clearDetails() {
    while (details.firstChild) details.removeChild(details.firstChild);
  }

  function showNode(node) {
    var n = nodesById.get(node.id()) || { id: node.id(), name: node.id() };
    clearDetails();
    details.appendChild(el('h2', null, n.name));
    details.appendChild(el('div', 'meta', [n.id, n.type, n.country, n.sector].filter(Boolean).join(' \u00b7 ')));
    var events = node.connectedEdges().filter(function (e) { return e.visible(); })
      .map(function (e) { return eventsById.get(e.id()); })
      .sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    details.appendChild(el('div', 'meta', events.length + ' event' + (events.length === 1 ? '' : 's') + ' in the time window'));
    events.forEach(function (e) { details.appendChild(renderEvent(e)); });
  }

  function showEdge(edge) {
    clearDetails();
    var e = eventsById.get(edge.id());
    details.appendChild(el('h2', null, name(e.s) + ' \u2192 ' + name(e.t)));
    details.appendChild(el('div', 'meta', 'event ' + e.id));
    details.appendChild(renderEvent(e));
  }

  function showHint() {
    clearDetails();
    details.appendChild(el('p', 'hint', 'Click an entity or an edge to see its events, with dates, evidence sentences and sources. Drag to pan, scroll to zoom.'));
  }

  cy.on('tap', 'node', function (evt) { showNode(evt.target); });
  cy.on('tap', 'edge', function (evt) { showEdge(evt.target); });
  cy.on('tap', function (evt) { if (evt.target === cy) showHint(); });

  // ---- search ----------------------------------------------------------------------------------

  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return cy.collection();
    return cy.nodes().filter(function (n) {
      var d = nodesById.get(n.id());
      return n.id().toLowerCase().indexOf(q) >= 0 || (d && d.name.toLowerCase().indexOf(q) >= 0);
    });
  }

  search.addEventListener('input', function () {
    var found = matches(search.value);
    cy.batch(function () {
      cy.elements().removeClass('match faded');
      if (found.length) {
        found.addClass('match');
        cy.elements().difference(found.closedNeighborhood()).addClass('faded');
      }
    });
  });
  search.addEventListener('keydown', function (evt) {
    if (evt.key !== 'Enter') return;
    var found = matches(search.value);
    if (!found.length) return;
    cy.elements().unselect();
    var first = found[0];
    first.select();
    cy.animate({ center: { eles: first }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
    showNode(first);
  });

  // ---- time window -----------------------------------------------------------------------------

  function applyWindow() {
    var lo = Number(fromInput.value), hi = Number(toInput.value);
    if (lo > hi) { var t = lo; lo = hi; hi = t; }
    var from = dates[lo] || '', to = dates[hi] || '';
    fromOut.textContent = from;
    toOut.textContent = to;
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        var d = eventsById.get(edge.id()).date;
        edge.style('display', d >= from && d <= to ? 'element' : 'none');
      });
      if (cy.edges().length) {
        cy.nodes().forEach(function (n) {
          var shown = n.connectedEdges().some(function (e) { return e.visible(); });
          n.style('display', shown ? 'element' : 'none');
        });
      }
    });
    document.getElementById('visible').textContent =
      cy.edges().filter(function (e) { return e.visible(); }).length + ' of ' + cy.edges().length + ' events shown';
  }

  fromInput.max = toInput.max = String(Math.max(0, dates.length - 1));
  fromInput.value = '0';
  toInput.value = String(Math.max(0, dates.length - 1));
  fromInput.addEventListener('input', applyWindow);
  toInput.addEventListener('input', applyWindow);

  // ---- header ----------------------------------------------------------------------------------

  document.getElementById('counts').textContent = data.nodes.length + ' entities, ' + data.edges.length + ' events';
  if (meta.truncated) {
    document.getElementById('note').textContent = 'Only the first ' + data.edges.length +
      ' events of the export are shown (--max-edges); narrow the export with filters or --around.';
  }
  applyWindow();
  showHint();

  window.dossierViewer = { cy: cy, showNode: showNode, showEdge: showEdge, applyWindow: applyWindow, ready: true };
})();
