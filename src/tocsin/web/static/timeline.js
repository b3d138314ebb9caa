"use strict";
// The timeline: matching events per period, stacked by type family, in SVG. An event dated to the day counts in
// its day's bar; one dated only to a week, month or year is spread evenly over its span (drawn lighter), so a
// month-dated event does not pile onto the month's first day. The axis fits the bulk of the events: the few far
// from the rest (a 1962 event in a 2024 archive) are counted in the caption instead of squashing the chart.
(function () {
  const { svg, clear, typeClass } = window.Tocsin;
  const DAY = 86400000;
  const NICE = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652];

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

  // The days holding the bulk of the events: from the 1st to the 99th percentile of their middles, unless the
  // whole range is hardly wider.
  function bulk(cells) {
    const sorted = cells.slice().sort((a, b) => a.mid - b.mid);
    const total = sorted.reduce((s, c) => s + c.n, 0);
    let seen = 0;
    let lo = sorted[0].mid;
    let hi = sorted[sorted.length - 1].mid;
    for (const c of sorted) {
      seen += c.n;
      if (seen >= total * 0.01) { lo = c.mid; break; }
    }
    seen = 0;
    for (let i = sorted.length - 1; i >= 0; i--) {
      seen += sorted[i].n;
      if (seen >= total * 0.01) { hi = sorted[i].mid; break; }
    }
    const first = Math.min(...cells.map((c) => c.start));
    const last = Math.max(...cells.map((c) => c.end));
    if (last - first <= 1.5 * Math.max(30, hi - lo)) return [first, last];
    const margin = Math.max(3, Math.round((hi - lo) * 0.03));
    return [Math.floor(lo - margin), Math.ceil(hi + margin)];
  }

  // bars: /api/stats timeline; familyOf: type → family index; onPick(since, until).
  function drawTimeline(element, bars, familyOf, families, onPick) {
    clear(element);
    const width = element.clientWidth || 600;
    const height = element.clientHeight || 200;
    element.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const pad = { left: 34, right: 8, top: 8, bottom: 22 };
    const inner = { w: width - pad.left - pad.right, h: height - pad.top - pad.bottom };
    const none = { binLabel: "day", before: 0, after: 0 };
    if (!bars.length) {
      element.append(svg("text", { x: width / 2, y: height / 2, class: "empty", "text-anchor": "middle" },
        "No dated events match."));
      return none;
    }
    const cells = bars.map((b) => {
      const start = dayNumber(b.day);
      const end = dayNumber(b.end);
      return { start, end, mid: (start + end) / 2, n: b.n, type: b.type, spread: b.precision !== "day" };
    });
    const [first, last] = bulk(cells);
    const span = last - first + 1;
    const wanted = Math.max(1, span / Math.max(1, inner.w / 4));
    const binDays = NICE.find((d) => d >= wanted) || Math.ceil(wanted);
    const bins = Math.ceil(span / binDays);
    const stacks = new Map(); // bin → Map(family:solid|spread → n)
    let before = 0;
    let after = 0;
    const add = (bin, key, n) => {
      if (!stacks.has(bin)) stacks.set(bin, new Map());
      const stack = stacks.get(bin);
      stack.set(key, (stack.get(key) || 0) + n);
    };
    for (const c of cells) {
      if (c.end < first) { before += c.n; continue; }
      if (c.start > last) { after += c.n; continue; }
      const family = familyOf.has(c.type) ? familyOf.get(c.type) : families.length - 1;
      if (!c.spread) {
        add(Math.floor((c.start - first) / binDays), `${family}:solid`, c.n);
        continue;
      }
      // Spread over the days of its span that the axis shows, in proportion to each bin's share of them.
      const from = Math.max(c.start, first);
      const to = Math.min(c.end, last);
      const days = c.end - c.start + 1;
      for (let bin = Math.floor((from - first) / binDays); bin <= Math.floor((to - first) / binDays); bin++) {
        const lo = Math.max(from, first + bin * binDays);
        const hi = Math.min(to, first + (bin + 1) * binDays - 1);
        if (hi >= lo) add(bin, `${family}:spread`, (c.n * (hi - lo + 1)) / days);
      }
    }
    let max = 0;
    for (const stack of stacks.values()) max = Math.max(max, [...stack.values()].reduce((a, b) => a + b, 0));
    max = Math.max(1, max);
    const barWidth = inner.w / bins;
    const y = (n) => pad.top + inner.h - (n / max) * inner.h;
    const plot = svg("g", { class: "bars" });
    const order = (key) => { const [f, kind] = key.split(":"); return Number(f) * 2 + (kind === "spread" ? 1 : 0); };
    for (const [bin, stack] of stacks) {
      const from = first + bin * binDays;
      const to = Math.min(last, from + binDays - 1);
      const label = binDays === 1 ? isoDay(from) : `${isoDay(from)} – ${isoDay(to)}`;
      const group = svg("g", { class: "bin", "data-day": isoDay(from) });
      let base = 0;
      for (const [key, n] of [...stack.entries()].sort((a, b) => order(a[0]) - order(b[0]))) {
        const [f, kind] = key.split(":");
        const family = families[Number(f)];
        const shown = Math.round(n * 10) / 10;
        group.append(svg("rect", {
          x: (pad.left + bin * barWidth).toFixed(2), y: y(base + n).toFixed(2),
          width: Math.max(1, barWidth - (barWidth > 3 ? 1 : 0)).toFixed(2), height: ((n / max) * inner.h).toFixed(2),
          class: `${family ? typeClass(family.types[0]) : ""}${kind === "spread" ? " spread" : ""}`,
          title: `${label}: ${family ? family.name : "?"} ${shown}${kind === "spread" ? " (share of events dated to a week, month or year)" : ""}`,
        }));
        base += n;
      }
      group.addEventListener("click", () => onPick(isoDay(from), isoDay(to)));
      plot.append(group);
    }
    const axis = svg("g", { class: "axis" });
    axis.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + inner.h, y2: pad.top + inner.h }));
    axis.append(svg("text", { x: pad.left - 4, y: pad.top + 8, "text-anchor": "end" }, String(Math.round(max * 10) / 10)));
    axis.append(svg("text", { x: pad.left - 4, y: pad.top + inner.h, "text-anchor": "end" }, "0"));
    for (const [day, text] of ticks(first, last)) {
      const x = pad.left + ((day - first) / binDays) * barWidth;
      axis.append(svg("line", { x1: x, x2: x, y1: pad.top + inner.h, y2: pad.top + inner.h + 4 }));
      axis.append(svg("text", { x, y: height - 6, "text-anchor": "middle" }, text));
    }
    element.append(axis, plot);
    const unit = { 1: "day", 7: "week", 30: "30 days", 365: "year" }[binDays] || `${binDays} days`;
    return { binLabel: unit, before, after, from: isoDay(first), to: isoDay(last) };
  }

  window.Tocsin.drawTimeline = drawTimeline;
})();
