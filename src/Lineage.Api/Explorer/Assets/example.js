// The example page's ancestry graph: Cytoscape.js with the dagre layout, parents above and children below; a click
// on a node opens that example's page.
(function () {
  "use strict";
  const data = window.Explorer.data("ancestry-data");
  const container = document.getElementById("ancestry-graph");
  if (!data || !container || !window.cytoscape) return;
  if (window.cytoscapeDagre) cytoscape.use(window.cytoscapeDagre);
  const fill = { kept: "#dcfce7", dropped: "#ffedd5", pending: "#fef3c7", external: "#f1f5f9" };
  const line = { kept: "#16a34a", dropped: "#ea580c", pending: "#d97706", external: "#94a3b8" };
  const shortId = (id) => { const parts = id.split("-"); return parts.length > 3 ? parts.slice(-3).join("-") : id; };
  const cy = cytoscape({
    container,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: `${shortId(n.id)}\n${n.label}`, outcome: n.outcome, relation: n.relation } })),
      ...data.edges.filter((e) => data.nodes.some((n) => n.id === e.parent) && data.nodes.some((n) => n.id === e.child))
        .map((e) => ({ data: { id: `${e.parent}->${e.child}`, source: e.parent, target: e.child } })),
    ],
    style: [
      { selector: "node", style: {
        shape: "round-rectangle", width: 118, height: 40, label: "data(label)", "text-wrap": "wrap", "text-valign": "center",
        "font-size": 10, "font-family": "ui-monospace, Menlo, monospace", color: "#1c2430",
        "background-color": (n) => fill[n.data("outcome")] || fill.external, "border-width": 2, "border-color": (n) => line[n.data("outcome")] || line.external } },
      { selector: "node[relation = 'self']", style: { "border-color": "#4338ca", "border-width": 3, "background-color": "#eef0ff" } },
      { selector: "node[outcome != 'external']", style: { cursor: "pointer" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#b6bfcc", "target-arrow-color": "#b6bfcc", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      { selector: "node:active, node.hover", style: { "overlay-opacity": 0.08, "overlay-color": "#4338ca" } },
    ],
    layout: { name: window.cytoscapeDagre ? "dagre" : "breadthfirst", rankDir: "TB", nodeSep: 18, rankSep: 46, directed: true, padding: 16 },
    minZoom: 0.3, maxZoom: 2, wheelSensitivity: 0.2, autoungrabify: true,
  });
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.data("relation") === "self" || node.data("outcome") === "external") return;
    location.assign(`/explorer/examples/${encodeURIComponent(node.id())}`);
  });
  cy.on("mouseover", "node", (e) => e.target.addClass("hover"));
  cy.on("mouseout", "node", (e) => e.target.removeClass("hover"));
  cy.fit(undefined, 16);
  if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
  // For tests and the curious: where a node's centre is in the viewport (what a mouse click takes).
  window.__ancestry = {
    cy,
    positionOf(id) {
      const node = cy.getElementById(id);
      if (node.empty()) return null;
      const box = container.getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    },
  };
})();
