// Follows work the background worker is doing (an element with data-export-progress naming a
// JSON address): updates the count and the bar every two seconds, and reloads the page once
// the work has finished, so the page then offers the file (or says what went wrong).
export function followProgress(root) {
  const address = root.getAttribute("data-export-progress");
  const bar = root.querySelector("progress");
  const tag = root.querySelector(".govuk-tag");
  let count = root.querySelector("[data-export-count]");
  const tick = async () => {
    let state;
    try {
      const response = await fetch(address, { headers: { Accept: "application/json" } });
      if (!response.ok) return setTimeout(tick, 5000);
      state = await response.json();
    } catch {
      return setTimeout(tick, 5000);
    }
    if (state.status === "ready" || state.status === "failed") {
      window.location.reload();
      return;
    }
    tag.textContent = state.label;
    if (state.total) {
      if (!count) {
        count = document.createElement("span");
        count.setAttribute("data-export-count", "");
        tag.after(" ", count);
      }
      count.textContent = state.counted;
    }
    bar.value = state.percent;
    bar.textContent = `${state.percent}%`;
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
}
