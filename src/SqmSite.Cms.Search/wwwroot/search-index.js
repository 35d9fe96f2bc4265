// The search index page: while a rebuild runs, the figures and progress follow it once a second.
(() => {
  const card = document.getElementById("search-state");
  if (!card) return;
  const url = card.dataset.stateUrl;
  const field = (name) => document.querySelector(`[data-field="${name}"]`);
  let timer = null;

  async function refresh() {
    let state;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      state = await response.json();
    } catch {
      return;
    }

    field("ready").textContent = state.ready ? "Answering searches" : "Not ready: being built";
    field("documents").textContent = state.documents.toLocaleString("en-US");
    field("lastUpdate").textContent = state.lastUpdate;
    field("behind").textContent = state.behind === 0 ? "Up to date" : `${state.behind.toLocaleString("en-US")} changes not applied yet`;
    const rebuild = state.rebuild;
    if (rebuild) {
      field("rebuild").textContent = (rebuild.running ? "Rebuilding: " : "Last rebuild: ") + rebuild.summary;
      const bar = document.querySelector("progress");
      if (bar) {
        if (rebuild.total > 0) {
          bar.max = rebuild.total;
          bar.value = rebuild.done;
        }
        if (!rebuild.running) bar.remove();
      }

      const button = document.querySelector("form button[type=submit]");
      if (button) button.disabled = rebuild.running;
      if (!rebuild.running && timer) {
        clearInterval(timer);
        timer = null;
      }
    }
  }

  if (card.dataset.running === "true") {
    timer = setInterval(refresh, 1000);
  }
})();
