// The review screen's keyboard shortcuts: outside a field, "n" moves to the next answer and
// "p" to the previous one. A checkbox turns them off (WCAG 2.1.4), remembered in this browser.
const KEY = "nvaphub-review-shortcuts";

export function reviewShortcuts(panel) {
  const box = panel.querySelector("input[type=checkbox]");
  const answers = [...document.querySelectorAll("[data-review-answer]")];
  if (!box || answers.length === 0) return;
  panel.hidden = false;
  box.checked = window.localStorage.getItem(KEY) !== "off";
  box.addEventListener("change", () => window.localStorage.setItem(KEY, box.checked ? "on" : "off"));

  const current = () => {
    const top = window.innerHeight * 0.25;
    let found = 0;
    answers.forEach((answer, index) => {
      if (answer.getBoundingClientRect().top <= top) found = index;
    });
    const focused = answers.findIndex((answer) => answer.contains(document.activeElement));
    return focused >= 0 ? focused : found;
  };

  document.addEventListener("keydown", (event) => {
    if (!box.checked || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, button, [contenteditable]")) return;
    const step = { n: 1, p: -1 }[event.key];
    if (!step) return;
    const next = answers[Math.min(answers.length - 1, Math.max(0, current() + step))];
    const heading = next.querySelector("h2");
    heading.focus();
    heading.scrollIntoView({ block: "start" });
    event.preventDefault();
  });
}
