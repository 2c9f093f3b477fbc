// The version page: G-Vendi per round (embedded data), then the diversity report and pool history fetched after the
// page is shown (both can take a while on a large version), and the examples table swapped in place on filter/page.
(function () {
  "use strict";
  const E = window.Explorer;
  const C = E.colors;

  function gvendiChart() {
    const rounds = E.data("rounds-data") || [];
    const canvas = document.getElementById("gvendi-chart");
    if (!canvas || rounds.length === 0) return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: rounds.map((r) => `round ${r.round}`),
        datasets: [
          { label: "pool before the round", data: rounds.map((r) => r.poolGVendi), borderColor: "#94a3b8", backgroundColor: "#94a3b8", borderDash: [5, 4], tension: 0.25 },
          { label: "kept after filtering", data: rounds.map((r) => r.gVendi), borderColor: C.accent, backgroundColor: C.accentSoft, fill: true, tension: 0.25 },
        ],
      },
      options: { plugins: { legend: { position: "bottom" } }, scales: { y: { title: { display: true, text: "G-Vendi" } } } },
    });
  }

  async function diversity() {
    const section = document.getElementById("diversity");
    if (!section) return;
    const state = section.querySelector("[data-diversity-state]");
    const tbody = section.querySelector("#generator-table tbody");
    try {
      const { source, report } = await E.json(section.dataset.src);
      section.querySelector("[data-diversity-source]").textContent = source === "recorded" ? "· recorded by the report job" : "· computed now";
      if (!report.clusterSizes) {
        state.textContent = `Only ${report.embedded} embedded example(s): nothing to cluster.`;
        tbody.replaceChildren(E.el("tr", {}, E.el("td", { colspan: 4, class: "empty", text: "No embedded examples." })));
        return;
      }
      const h = report.clusterSizes;
      new Chart(document.getElementById("cluster-chart"), {
        type: "bar",
        data: {
          labels: h.buckets.map((b) => (b.lower === b.upper ? `${b.lower}` : `${b.lower}–${b.upper}`)),
          datasets: [{ label: "clusters", data: h.buckets.map((b) => b.clusters), backgroundColor: C.accent, borderRadius: 4 }],
        },
        options: { plugins: { legend: { display: false } },
          scales: { x: { title: { display: true, text: "cluster size (members)" } }, y: { title: { display: true, text: "clusters" }, ticks: { precision: 0 } } } },
      });
      state.textContent = `${E.count(report.embedded)} embedded examples · sizes ${h.min}–${h.max}, median ${h.median} · version G-Vendi ${E.fixed(report.versionGVendi, 2)}`;
      const overall = report.byGenerator ? report.byGenerator.overallGVendi : report.versionGVendi;
      const groups = report.byGenerator ? report.byGenerator.groups : [];
      tbody.replaceChildren(...groups.map((g) => E.el("tr", { "data-generator": g.group },
        E.el("td", { class: "small", text: g.group }),
        E.el("td", { class: "num", text: E.count(g.count) }),
        E.el("td", { class: "num", text: E.fixed(g.gVendi, 2) }),
        E.el("td", { class: "bar-cell" }, E.el("span", { class: "bar accent", style: `width:${Math.min(100, (100 * g.gVendi) / overall).toFixed(1)}%` })))));
      if (report.byGenerator) {
        const m = report.byGenerator.mixing;
        section.querySelector("#mixing").textContent =
          `${m.populatedClusters} populated clusters, ${(100 * m.singleGroupClusterFraction).toFixed(1)}% hold one generator only; mean normalised generator entropy per cluster ${E.fixed(m.meanNormalisedEntropy, 3)}.`;
      }
    } catch (error) {
      state.textContent = `Could not load the diversity report (${error.message}).`;
    }
  }

  async function pool() {
    const section = document.getElementById("pool");
    if (!section) return;
    const tbody = section.querySelector("#pool-table tbody");
    try {
      const history = await E.json(section.dataset.src);
      const rows = history.reclusterings;
      if (rows.length === 0) {
        tbody.replaceChildren(E.el("tr", {}, E.el("td", { colspan: 6, class: "empty", text: "The pool has not been reclustered yet (POST /pipelines/{name}/pool/recluster, or a schedule)." })));
        section.querySelector(".chart").remove();
        return;
      }
      tbody.replaceChildren(...rows.map((r, i) => E.el("tr", {},
        E.el("td", { class: "small", text: `#${i + 1}` }),
        E.el("td", { class: "mono small", text: r.clusteringId }),
        E.el("td", { class: "num", text: E.count(r.members) }),
        E.el("td", { class: "num", text: r.k }),
        E.el("td", { class: "num", text: E.fixed(r.gVendi, 2) }),
        E.el("td", { class: "small", text: r.trigger }))));
      new Chart(document.getElementById("pool-chart"), {
        type: "line",
        data: { labels: rows.map((_, i) => `#${i + 1}`),
          datasets: [
            { label: "pool G-Vendi", data: rows.map((r) => r.gVendi), borderColor: C.accent, backgroundColor: C.accent, yAxisID: "y" },
            { label: "members", data: rows.map((r) => r.members), borderColor: "#94a3b8", backgroundColor: "#94a3b8", yAxisID: "members" },
          ] },
        options: { plugins: { legend: { position: "bottom" } },
          scales: { y: { position: "left", title: { display: true, text: "G-Vendi" } }, members: { position: "right", grid: { drawOnChartArea: false } } } },
      });
    } catch (error) {
      tbody.replaceChildren(E.el("tr", {}, E.el("td", { colspan: 6, class: "empty", text: `Could not load the pool history (${error.message}).` })));
    }
  }

  // Filters and pager fetch the table alone and swap it in; the address bar follows, so a reload or a shared link
  // shows the same page. Without this script the same links and form reload the page.
  function table() {
    const section = document.getElementById("examples");
    if (!section) return;
    const versionPath = location.pathname;
    // A total the version does not state is counted by its own request, so the rows never wait for it.
    async function count() {
      const table = section.querySelector(".example-table");
      const src = table && table.dataset.countSrc;
      if (!src) return;
      const target = table.querySelector("[data-testid=match-count]");
      try {
        const { total } = await E.json(src);
        if (!table.isConnected) return;
        target.textContent = E.count(total);
        const pages = Math.max(1, Math.ceil(total / Number(table.dataset.pageSize)));
        table.querySelector("[data-testid=page-count]").textContent = ` of ${E.count(pages)}`;
      } catch (error) {
        target.textContent = "?";
      }
    }
    async function load(query, push) {
      const current = section.querySelector(".example-table");
      current.classList.add("loading");
      try {
        const html = await E.html(`${current.dataset.fragment}${query}`);
        current.outerHTML = html;
        count();
        if (push) history.pushState({ query }, "", `${versionPath}${query}#examples`);
      } catch (error) {
        current.classList.remove("loading");
        location.assign(`${versionPath}${query}#examples`);
      }
    }
    section.addEventListener("submit", (event) => {
      const form = event.target.closest("form.filters");
      if (!form) return;
      event.preventDefault();
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (String(v).trim() !== "") params.set(k, String(v).trim());
      const q = params.toString();
      load(q ? `?${q}` : "", true);
    });
    section.addEventListener("click", (event) => {
      const link = event.target.closest(".pager a, a[data-reset]");
      if (!link) return;
      event.preventDefault();
      const url = new URL(link.href);
      load(url.search, true);
    });
    window.addEventListener("popstate", () => load(location.search, false));
    count();
  }

  gvendiChart();
  table();
  diversity();
  pool();
})();
