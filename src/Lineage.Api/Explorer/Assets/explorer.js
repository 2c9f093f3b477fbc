// Shared helpers of the Explorer's pages. Every request is same-origin, so the Explorer's key cookie goes along and
// the host reads it as the X-Api-Key header (Access/ExplorerCredentialFilter.cs).
(function () {
  "use strict";
  const Explorer = {
    /** The JSON a page embedded in <script type="application/json" id="...">. */
    data(id) {
      const el = document.getElementById(id);
      return el ? JSON.parse(el.textContent) : null;
    },
    async json(url) {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json();
    },
    async html(url) {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html-fragment" } });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.text();
    },
    el(tag, attrs, ...children) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined) continue;
        if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
      }
      for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
      return node;
    },
    fixed(x, digits) { return x === null || x === undefined ? "–" : Number(x).toFixed(digits); },
    count(n) { return Number(n).toLocaleString("en-US"); },
    colors: { accent: "#4338ca", accentSoft: "rgba(67, 56, 202, .15)", kept: "#16a34a", dropped: "#f97316", pending: "#f59e0b", grid: "#edf0f4", muted: "#677386" },
  };
  // Lets a test tell an in-place update from a reload: this id changes only when the page loads.
  window.__explorerPageId = Math.random().toString(36).slice(2);
  window.Explorer = Explorer;
  if (window.Chart) {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = Explorer.colors.muted;
    Chart.defaults.borderColor = Explorer.colors.grid;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
  }
})();
