"use strict";
// The evidence page: the checkboxes choose which kinds of field are highlighted in the articles' text. A
// stretch that supports several fields shows the colour of the most specific kind still shown.
(function () {
  const boxes = Array.from(document.querySelectorAll("#kinds input[type=checkbox]"));
  const marks = Array.from(document.querySelectorAll("mark.ev"));
  for (const mark of marks) mark.dataset.kinds = Array.from(mark.classList).filter((c) => c.startsWith("k-")).join(" ");

  function apply() {
    const shown = new Set(boxes.filter((b) => b.checked).map((b) => `k-${b.value}`));
    for (const mark of marks) {
      for (const kind of mark.dataset.kinds.split(" ")) {
        if (kind) mark.classList.toggle(kind, shown.has(kind));
      }
    }
    for (const row of document.querySelectorAll(".evidence-list tbody tr")) {
      const kind = Array.from(row.classList).find((c) => c.startsWith("k-"));
      row.hidden = Boolean(kind) && !shown.has(kind);
    }
  }

  for (const box of boxes) box.addEventListener("change", apply);
})();
