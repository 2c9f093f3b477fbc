// The run page's live progress: the server re-renders the progress panel and sends it over server-sent events
// (Runs/RunFeed.cs) whenever the run changes; this swaps it in and stops when the run has ended.
(function () {
  "use strict";
  const live = document.getElementById("run-live");
  const url = live && live.dataset.feed;
  if (!url) return;
  let updates = 0;
  const source = new EventSource(url, { withCredentials: true });
  source.addEventListener("progress", (event) => {
    const message = JSON.parse(event.data);
    live.innerHTML = message.html;
    updates += 1;
    document.body.dataset.liveUpdates = String(updates);
  });
  source.addEventListener("end", () => {
    source.close();
    document.body.dataset.liveEnded = "true";
    const status = live.querySelector("[data-live-status]");
    if (status) status.textContent = "ended";
  });
  source.onerror = () => {
    // EventSource reconnects by itself; say so, so a stalled page does not pass for a stalled run.
    const status = live.querySelector("[data-live-status]");
    if (status && source.readyState !== EventSource.CLOSED) status.textContent = "reconnecting…";
  };
})();
