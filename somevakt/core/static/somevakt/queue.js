// Keyboard shortcuts of the moderation queue: j/k move, Enter opens, h hides, l leaves.
(function () {
  const rows = () => Array.from(document.querySelectorAll("tr.case"));
  let current = -1;
  function focus(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("current", i === current));
    all[current].focus();
  }
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.matches("input, textarea, select, [contenteditable]")) return;
    const row = rows()[current];
    if (event.key === "j") focus(current + 1);
    else if (event.key === "k") focus(current - 1);
    else if (event.key === "Enter" && row && target === row) row.querySelector("a.open-case").click();
    else if ((event.key === "h" || event.key === "l") && row) {
      const button = row.querySelector(`button[data-key="${event.key}"]`);
      if (button) button.click();
    } else return;
    event.preventDefault();
  });
})();
