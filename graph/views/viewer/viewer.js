/* kg-builder's interactive view: Cytoscape.js over the JSON in #kg-data.
 *
 * Positions come from Python (the seeded layout of the static plot), so the same
 * graph gives the same picture. The page offers: a search box over labels and
 * aliases, filters by entity type, relation and document, hover tooltips (with
 * speaker and document) and a side panel, pinned by a click, that lists every
 * statement of a node or edge with its sentence, speaker and document.
 * `window.kgViewer` exposes the Cytoscape instance and the actions, for tests.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var big = data.nodes.length > 400 || data.edges.length > 800;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  if (!data.nodes.length) {
    document.body.appendChild(el("p", { "class": "kg-empty" }, "No entities to show."));
  }

  // ---- elements -------------------------------------------------------------
  var elements = [];
  data.nodes.forEach(function (n, i) {
    elements.push({
      group: "nodes",
      data: { id: "n" + i, index: i, label: n.label, color: n.color, size: n.size, type: n.type },
      position: { x: n.x, y: n.y }
    });
  });
  data.edges.forEach(function (e, i) {
    elements.push({
      group: "edges",
      data: { id: "e" + i, index: i, source: "n" + e.source, target: "n" + e.target, text: e.text },
      classes: e.asserted ? "" : "kg-unasserted"
    });
  });

  var cy = cytoscape({
    container: byId("kg-cy"),
    elements: elements,
    layout: { name: "preset", fit: true, padding: 40 },
    wheelSensitivity: 0.3,
    minZoom: 0.02,
    maxZoom: 8,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : "auto",
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "border-width": 1.5, "border-color": "#fff", "label": "data(label)",
        "font-size": 11, "color": "#1a1a1a", "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 130, "text-outline-color": "#fff",
        "text-outline-width": 2, "min-zoomed-font-size": big ? 9 : 0 } },
      { selector: "edge", style: {
        "width": 1.4, "line-color": data.styles.asserted, "target-arrow-color": data.styles.asserted,
        "target-arrow-shape": "triangle", "arrow-scale": 0.9, "curve-style": "bezier",
        "control-point-step-size": 28, "label": "data(text)", "font-size": 9, "color": "#333",
        "text-rotation": "autorotate", "text-outline-color": "#fff", "text-outline-width": 2,
        "min-zoomed-font-size": big ? 10 : 0, "loop-direction": "-30deg", "loop-sweep": "-40deg" } },
      { selector: "edge.kg-unasserted", style: {
        "line-color": data.styles.unasserted, "target-arrow-color": data.styles.unasserted,
        "line-style": "dashed", "color": "#808080", "font-style": "italic" } },
      { selector: ".kg-no-labels", style: { "label": "" } },
      { selector: ".kg-hidden", style: { "display": "none" } },
      { selector: ".kg-faded", style: { "opacity": 0.15 } },
      { selector: "node.kg-match", style: { "border-width": 4, "border-color": "#ffb000" } },
      { selector: "node.kg-pinned", style: { "border-width": 4, "border-color": "#000" } },
      { selector: "edge.kg-pinned", style: { "width": 3.5, "line-color": "#000", "target-arrow-color": "#000" } }
    ]
  });

  // ---- filters --------------------------------------------------------------
  var state = { types: {}, relation: "", document: "", unasserted: true };
  var typesBox = byId("kg-types");
  var typeCount = {};
  data.nodes.forEach(function (n) { typeCount[n.type] = (typeCount[n.type] || 0) + 1; });
  data.types.forEach(function (t) {
    state.types[t.type] = true;
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-type": t.type });
    box.checked = true;
    box.addEventListener("change", function () { state.types[t.type] = box.checked; applyFilters(); });
    var swatch = el("span", { "class": "kg-swatch" });
    swatch.style.background = t.color;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(t.name));
    label.appendChild(el("span", { "class": "kg-count" }, String(typeCount[t.type] || 0)));
    typesBox.appendChild(label);
  });

  function fillSelect(select, rows) {
    rows.forEach(function (r) { select.appendChild(el("option", { value: r.name }, r.name + " (" + r.count + ")")); });
  }
  fillSelect(byId("kg-relation"), data.relations);
  fillSelect(byId("kg-document"), data.documents);
  byId("kg-relation").addEventListener("change", function (ev) { state.relation = ev.target.value; applyFilters(); });
  byId("kg-document").addEventListener("change", function (ev) { state.document = ev.target.value; applyFilters(); });
  byId("kg-show-unasserted").addEventListener("change", function (ev) { state.unasserted = ev.target.checked; applyFilters(); });
  byId("kg-show-edge-labels").addEventListener("change", function (ev) {
    cy.edges().toggleClass("kg-no-labels", !ev.target.checked);
  });
  if (big) { byId("kg-show-edge-labels").checked = false; cy.edges().addClass("kg-no-labels"); }

  function edgeVisible(e) {
    var a = data.nodes[e.source], b = data.nodes[e.target];
    if (!state.types[a.type] || !state.types[b.type]) return false;
    if (!state.unasserted && !e.asserted) return false;
    if (state.relation && e.relation !== state.relation) return false;
    if (state.document && e.document !== state.document) return false;
    return true;
  }

  function applyFilters() {
    var narrowed = state.relation || state.document;
    var linked = {};
    cy.batch(function () {
      data.edges.forEach(function (e, i) {
        var show = edgeVisible(e);
        if (show) { linked[e.source] = true; linked[e.target] = true; }
        cy.getElementById("e" + i).toggleClass("kg-hidden", !show);
      });
      data.nodes.forEach(function (n, i) {
        var show = state.types[n.type] && (!narrowed || linked[i]);
        cy.getElementById("n" + i).toggleClass("kg-hidden", !show);
      });
    });
    var shown = cy.nodes().not(".kg-hidden").length;
    byId("kg-summary").textContent = data.summary + (shown === data.nodes.length ? "" : " \u00b7 " + shown + " shown");
  }

  // ---- statements: tooltip and panel -----------------------------------------
  function status(e) {
    if (e.negated) return "negated";
    if (!e.asserted) return "hedged (" + (e.modality || "?") + ")";
    if (e.relation === "reports") return "attribution";
    return e.speaker ? "reported" : "fact";
  }

  function sentenceOf(e) { return e.sentence === null || e.sentence === undefined ? null : data.sentences[e.sentence]; }

  function statementItem(e) {
    var li = el("li", { "class": "kg-statement" + (e.asserted ? "" : " kg-unasserted") });
    li.appendChild(el("div", { "class": "kg-triple" },
      data.nodes[e.source].label + " \u2014 " + e.text + " \u2014 " + data.nodes[e.target].label));
    var sentence = sentenceOf(e);
    if (sentence) li.appendChild(el("blockquote", { "class": "kg-sentence" }, "\u201c" + sentence + "\u201d"));
    var source = [status(e)];
    if (e.speaker) source.push("speaker: " + e.speaker);
    if (e.document) source.push("document: " + e.document);
    if (e.confidence !== null && e.confidence !== undefined) source.push("confidence " + e.confidence.toFixed(2));
    var meta = el("div", { "class": "kg-source" }, source.join(" \u00b7 "));
    if (e.speaker) meta.setAttribute("data-speaker", e.speaker);
    if (e.document) meta.setAttribute("data-document", e.document);
    li.appendChild(meta);
    return li;
  }

  var panel = byId("kg-panel"), panelBody = byId("kg-panel-body");
  var pinned = null;

  function showPanel(title, meta, edgeIndexes) {
    panelBody.textContent = "";
    panelBody.appendChild(el("h2", null, title));
    if (meta) panelBody.appendChild(el("p", { "class": "kg-meta" }, meta));
    var list = el("ol");
    edgeIndexes.forEach(function (i) { list.appendChild(statementItem(data.edges[i])); });
    if (!edgeIndexes.length) panelBody.appendChild(el("p", { "class": "kg-meta" }, "No statements."));
    panelBody.appendChild(list);
    panel.hidden = false;
  }

  function unpin() {
    if (pinned) pinned.removeClass("kg-pinned");
    pinned = null;
    panel.hidden = true;
  }

  function pinNode(i) {
    var n = data.nodes[i], node = cy.getElementById("n" + i);
    if (pinned) pinned.removeClass("kg-pinned");
    pinned = node.addClass("kg-pinned");
    var edges = node.connectedEdges().map(function (e) { return e.data("index"); }).sort(function (a, b) { return a - b; });
    var meta = n.typeName + " \u00b7 " + n.mentions + " mention" + (n.mentions === 1 ? "" : "s");
    if (n.aliases.length) meta += " \u00b7 also: " + n.aliases.join("; ");
    showPanel(n.label, meta, edges);
  }

  function pinEdge(i) {
    if (pinned) pinned.removeClass("kg-pinned");
    pinned = cy.getElementById("e" + i).addClass("kg-pinned");
    showPanel(data.edges[i].text || "statement", null, [i]);
  }

  cy.on("tap", "node", function (ev) { pinNode(ev.target.data("index")); });
  cy.on("tap", "edge", function (ev) { pinEdge(ev.target.data("index")); });
  cy.on("tap", function (ev) { if (ev.target === cy) unpin(); });
  byId("kg-panel-close").addEventListener("click", unpin);

  var tooltip = byId("kg-tooltip");
  function showTip(ev, title, lines) {
    tooltip.textContent = "";
    tooltip.appendChild(el("div", { "class": "kg-tip-title" }, title));
    lines.forEach(function (line) {
      if (line) tooltip.appendChild(el("div", { "class": line.cls || "kg-tip-meta" }, line.text));
    });
    var p = ev.renderedPosition || { x: 0, y: 0 };
    var box = byId("kg-cy").getBoundingClientRect();
    tooltip.style.left = Math.min(box.left + p.x + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = (box.top + p.y + 14) + "px";
    tooltip.style.display = "block";
  }
  function uniq(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { if (v && !seen[v]) { seen[v] = true; out.push(v); } });
    return out;
  }
  cy.on("mouseover", "node", function (ev) {
    var n = data.nodes[ev.target.data("index")];
    var edges = ev.target.connectedEdges().map(function (e) { return data.edges[e.data("index")]; });
    var docs = uniq(edges.map(function (e) { return e.document; }));
    var speakers = uniq(edges.map(function (e) { return e.speaker; }));
    showTip(ev, n.label, [
      { text: n.typeName + " \u00b7 " + n.mentions + " mention(s) \u00b7 " + n.degree + " statement(s)" },
      n.aliases.length ? { text: "also: " + n.aliases.join("; ") } : null,
      speakers.length ? { text: "speaker(s): " + speakers.slice(0, 5).join("; ") } : null,
      docs.length ? { text: "document(s): " + docs.slice(0, 5).join("; ") + (docs.length > 5 ? " \u2026" : "") } : null
    ]);
  });
  cy.on("mouseover", "edge", function (ev) {
    var e = data.edges[ev.target.data("index")];
    var sentence = sentenceOf(e);
    showTip(ev, data.nodes[e.source].label + " \u2014 " + e.text + " \u2014 " + data.nodes[e.target].label, [
      { text: status(e) + (e.confidence !== null && e.confidence !== undefined ? " \u00b7 confidence " + e.confidence.toFixed(2) : "") },
      e.speaker ? { text: "speaker: " + e.speaker } : null,
      e.document ? { text: "document: " + e.document } : null,
      sentence ? { text: "\u201c" + sentence + "\u201d", cls: "kg-sentence" } : null
    ]);
  });
  cy.on("mouseout", function () { tooltip.style.display = "none"; });
  cy.on("viewport", function () { tooltip.style.display = "none"; });

  // ---- search ---------------------------------------------------------------
  var search = byId("kg-search"), results = byId("kg-results");
  var names = data.nodes.map(function (n) {
    return [n.label].concat(n.aliases).map(function (s) { return s.toLowerCase(); });
  });

  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return [];
    var exact = [], starts = [], inside = [];
    names.forEach(function (list, i) {
      if (list.indexOf(q) >= 0) exact.push(i);
      else if (list.some(function (s) { return s.indexOf(q) === 0; })) starts.push(i);
      else if (list.some(function (s) { return s.indexOf(q) > 0; })) inside.push(i);
    });
    var byDegree = function (a, b) { return data.nodes[b].degree - data.nodes[a].degree || a - b; };
    return exact.sort(byDegree).concat(starts.sort(byDegree), inside.sort(byDegree));
  }

  function focusNode(i) {
    var node = cy.getElementById("n" + i);
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    pinNode(i);
  }

  function runSearch() {
    var hits = find(search.value);
    cy.batch(function () {
      cy.nodes().removeClass("kg-match");
      hits.forEach(function (i) { cy.getElementById("n" + i).addClass("kg-match"); });
    });
    results.textContent = "";
    hits.slice(0, 30).forEach(function (i) {
      var n = data.nodes[i];
      var li = el("li", { "data-index": String(i), title: n.typeName });
      var swatch = el("span", { "class": "kg-swatch" });
      swatch.style.background = n.color;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(n.label));
      li.addEventListener("click", function () { focusNode(i); });
      results.appendChild(li);
    });
    if (search.value.trim() && !hits.length) results.appendChild(el("li", { "class": "kg-hint" }, "no entity matches"));
    else if (hits.length > 30) results.appendChild(el("li", { "class": "kg-hint" }, (hits.length - 30) + " more\u2026"));
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = runSearch(); if (hits.length) focusNode(hits[0]); }
    if (ev.key === "Escape") { search.value = ""; runSearch(); }
  });

  byId("kg-fit").addEventListener("click", function () { cy.fit(cy.elements().not(".kg-hidden"), 40); });

  window.kgViewer = { cy: cy, data: data, search: runSearch, pinNode: pinNode, pinEdge: pinEdge,
    applyFilters: applyFilters, ready: true };
})();
