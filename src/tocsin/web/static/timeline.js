"use strict";
// The timeline: matching events per day, stacked by type, in SVG. When the days outnumber the pixels, days are
// binned (the caption says by how many) rather than drawn over one another.
(function () {
  const { svg, el, clear, typeClass } = window.Tocsin;
  const DAY = 86400000;

  function dayNumber(iso) {
    return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
  }

  function isoDay(n) {
    return new Date(n * DAY).toISOString().slice(0, 10);
  }

  // Ticks at the starts of years, else of months, else every few days, at most about ten.
  function ticks(first, last) {
    const out = [];
    const start = new Date(first * DAY);
    const span = last - first;
    if (span > 3 * 365) {
      for (let y = start.getUTCFullYear() + 1; Date.UTC(y, 0, 1) / DAY <= last; y++) out.push([Date.UTC(y, 0, 1) / DAY, String(y)]);
    } else if (span > 60) {
      for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); m.getTime() / DAY <= last;
        m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
        out.push([m.getTime() / DAY, m.toISOString().slice(0, 7)]);
      }
    } else {
      const step = Math.max(1, Math.ceil(span / 8));
      for (let d = first; d <= last; d += step) out.push([d, isoDay(d).slice(5)]);
    }
    const every = Math.ceil(out.length / 10);
    return out.filter((_, i) => i % every === 0);
  }

  // bars: [{day, type, n}]; types: every type code, in the order of the stacks; onPick(since, until).
  function drawTimeline(element, bars, types, onPick) {
    clear(element);
    const width = element.clientWidth || 600;
    const height = element.clientHeight || 200;
    element.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const pad = { left: 34, right: 8, top: 8, bottom: 22 };
    const inner = { w: width - pad.left - pad.right, h: height - pad.top - pad.bottom };
    if (!bars.length) {
      element.append(svg("text", { x: width / 2, y: height / 2, class: "empty", "text-anchor": "middle" },
        "No dated events match."));
      return { binDays: 1 };
    }
    const days = bars.map((b) => dayNumber(b.day));
    const first = Math.min(...days);
    const last = Math.max(...days);
    const span = last - first + 1;
    const binDays = Math.max(1, Math.ceil(span / Math.max(1, inner.w / 3)));
    const bins = Math.ceil(span / binDays);
    const order = new Map(types.map((t, i) => [t, i]));
    const stacks = new Map(); // bin → Map(type → n)
    bars.forEach((bar, i) => {
      const bin = Math.floor((days[i] - first) / binDays);
      if (!stacks.has(bin)) stacks.set(bin, new Map());
      const stack = stacks.get(bin);
      stack.set(bar.type, (stack.get(bar.type) || 0) + bar.n);
    });
    let max = 1;
    for (const stack of stacks.values()) max = Math.max(max, [...stack.values()].reduce((a, b) => a + b, 0));
    const barWidth = inner.w / bins;
    const y = (n) => pad.top + inner.h - (n / max) * inner.h;
    const plot = svg("g", { class: "bars" });
    for (const [bin, stack] of stacks) {
      const from = first + bin * binDays;
      const to = Math.min(last, from + binDays - 1);
      const label = binDays === 1 ? isoDay(from) : `${isoDay(from)} – ${isoDay(to)}`;
      const group = svg("g", { class: "bin", "data-day": isoDay(from) });
      let base = 0;
      const entries = [...stack.entries()].sort((a, b) => (order.get(a[0]) ?? 99) - (order.get(b[0]) ?? 99));
      for (const [type, n] of entries) {
        group.append(svg("rect", {
          x: (pad.left + bin * barWidth).toFixed(2), y: y(base + n).toFixed(2),
          width: Math.max(1, barWidth - (barWidth > 3 ? 1 : 0)).toFixed(2), height: ((n / max) * inner.h).toFixed(2),
          class: typeClass(type), title: `${label}: ${type} ${n}`,
        }));
        base += n;
      }
      group.addEventListener("click", () => onPick(isoDay(from), isoDay(to)));
      plot.append(group);
    }
    const axis = svg("g", { class: "axis" });
    axis.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + inner.h, y2: pad.top + inner.h }));
    axis.append(svg("text", { x: pad.left - 4, y: pad.top + 8, "text-anchor": "end" }, String(max)));
    axis.append(svg("text", { x: pad.left - 4, y: pad.top + inner.h, "text-anchor": "end" }, "0"));
    for (const [day, text] of ticks(first, last)) {
      const x = pad.left + ((day - first) / binDays) * barWidth;
      axis.append(svg("line", { x1: x, x2: x, y1: pad.top + inner.h, y2: pad.top + inner.h + 4 }));
      axis.append(svg("text", { x, y: height - 6, "text-anchor": "middle" }, text));
    }
    element.append(axis, plot);
    return { binDays };
  }

  // The types present, with their totals; clicking one keeps only that type.
  function drawLegend(element, byType, onType) {
    clear(element);
    for (const bucket of byType) {
      if (!bucket.key) continue;
      element.append(el("li", {},
        el("button", { type: "button", class: "legend-item", onclick: () => onType(bucket.key) },
          el("span", { class: `swatch-dot ${typeClass(bucket.key)}` }), `${bucket.key} ${bucket.n}`)));
    }
  }

  window.Tocsin.drawTimeline = drawTimeline;
  window.Tocsin.drawLegend = drawLegend;
})();
