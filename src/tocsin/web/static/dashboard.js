"use strict";
// The dashboard: filters kept in the page's URL (so a view can be bookmarked and shared), events and counts
// read from /api/events and /api/stats, drawn as a table, a map and a timeline.
(function () {
  const T = window.Tocsin;
  const { el, clear } = T;
  const config = JSON.parse(document.body.dataset.config || "{}");
  const FIELDS = ["type", "country", "since", "until", "actor", "text", "sort", "bbox"];
  const PAGE = 50;
  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");
  let state = readURL();
  let loading = 0;

  function readURL() {
    const params = new URLSearchParams(window.location.search);
    const out = { offset: Math.max(0, parseInt(params.get("offset") || "0", 10) || 0) };
    for (const f of FIELDS) out[f] = params.get(f) || "";
    return out;
  }

  function query(withPaging) {
    const params = new URLSearchParams();
    for (const f of FIELDS) {
      if (!state[f] || (f === "sort" && !withPaging)) continue;
      params.set(f, f === "country" ? state[f].toUpperCase() : state[f]);
    }
    if (withPaging) {
      params.set("limit", String(PAGE));
      if (state.offset) params.set("offset", String(state.offset));
    }
    return params;
  }

  function writeForm() {
    for (const f of FIELDS) {
      const input = form.elements.namedItem(f);
      if (input) input.value = state[f] || (f === "sort" ? "-date" : "");
    }
    document.getElementById("area-clear").hidden = !state.bbox;
  }

  function update(changes, push = true) {
    state = { ...state, offset: 0, ...changes };
    const params = query(true);
    params.delete("limit");
    const url = params.toString() ? `?${params}` : window.location.pathname;
    if (push) window.history.pushState(null, "", url);
    writeForm();
    load();
  }

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  const map = new T.WorldMap(document.getElementById("map"), {
    shapesUrl: config.shapesUrl,
    tileUrl: config.tileUrl,
    onCountry: (code) => update({ country: code }),
    note: (text) => { document.getElementById("map-note").textContent = text; },
  });
  document.getElementById("map-attribution").textContent = config.tileUrl ? config.tileAttribution || "" : "";
  const shapesReady = map.loadShapes().catch((err) => {
    document.getElementById("map-note").textContent = `Country shapes could not be read: ${err.message}`;
  });

  function row(e) {
    const link = el("a", { href: `/events/${encodeURIComponent(e.id)}`, class: "event-link" }, e.type);
    const type = el("td", {}, el("span", { class: `type-badge ${T.typeClass(e.type)}` }, link));
    if (e.modality !== "asserted") type.append(" ", el("span", { class: "modality" }, e.modality));
    return el("tr", { "data-id": e.id, "data-type": e.type },
      el("td", { class: "nowrap" }, T.when(e.date)), type, el("td", {}, T.where(e.location)),
      el("td", {}, T.actors(e)), el("td", {}, T.counts(e)), el("td", { class: "num" }, String(e.n_articles)));
  }

  function drawTable(page) {
    const body = document.querySelector("#events tbody");
    clear(body);
    for (const e of page.items) body.append(row(e));
    if (!page.items.length) {
      body.append(el("tr", {}, el("td", { colspan: "6", class: "empty" },
        page.total ? "No events on this page." : "No events match. Load articles with `tocsin ingest`, or loosen the filters.")));
    }
    const shown = page.items.length ? `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}` : `0 of ${page.total}`;
    document.getElementById("summary").textContent = `${shown} events`;
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = page.next_offset === null;
  }

  function drawCountries(byCountry) {
    const list = document.getElementById("countries");
    clear(list);
    for (const b of byCountry) if (b.key) list.append(el("option", { value: b.key }, `${b.n} events`));
  }

  let lastStats = null;
  let framed = false;

  function drawStats(stats) {
    lastStats = stats;
    const box = T.drawTimeline(document.getElementById("timeline"), stats.timeline, config.types || [],
      (since, until) => update({ since, until }));
    const undated = stats.by_day.filter((b) => b.key === null).reduce((a, b) => a + b.n, 0);
    const note = document.querySelector(".timeline-panel .note");
    note.textContent = `events per ${box.binDays === 1 ? "day" : `${box.binDays} days`} by type (the day their dates start)` +
      `${undated ? `; ${undated} undated not drawn` : ""}; click a bar to keep its days`;
    T.drawLegend(document.getElementById("legend"), stats.by_type, (type) => update({ type }));
    drawCountries(stats.by_country);
  }

  async function load() {
    const ticket = ++loading;
    document.body.dataset.state = "loading";
    say("Loading…");
    try {
      const [page, stats] = await Promise.all([
        T.getJSON(`/api/events?${query(true)}`), T.getJSON(`/api/stats?${query(false)}`)]);
      if (ticket !== loading) return; // a newer request is on its way
      drawTable(page);
      drawStats(stats);
      await shapesReady;
      map.shadeCountries(stats.by_country);
      map.showEvents(page.items);
      if (!framed) {  // frame the events once; afterwards the view is the user's
        map.fit(page.items, state.bbox);
        framed = true;
      }
      say("");
      document.body.dataset.state = "ready";
    } catch (err) {
      if (ticket !== loading) return;
      say(`Could not load the events: ${err.message}`, true);
      document.body.dataset.state = "error";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = {};
    for (const f of FIELDS) {
      const input = form.elements.namedItem(f);
      if (input) changes[f] = input.value.trim();
    }
    update(changes);
  });
  for (const id of ["f-type", "f-sort", "f-since", "f-until"]) {
    document.getElementById(id).addEventListener("change", () => form.requestSubmit());
  }
  document.getElementById("f-reset").addEventListener("click", () => {
    const empty = {};
    for (const f of FIELDS) empty[f] = "";
    update(empty);
  });
  document.getElementById("prev").addEventListener("click", () => update({ offset: Math.max(0, state.offset - PAGE) }));
  document.getElementById("next").addEventListener("click", () => update({ offset: state.offset + PAGE }));
  document.getElementById("zoom-in").addEventListener("click", () => map.zoom(1.6));
  document.getElementById("zoom-out").addEventListener("click", () => map.zoom(1 / 1.6));
  document.getElementById("zoom-reset").addEventListener("click", () => map.reset());
  document.getElementById("area-set").addEventListener("click", () => update({ bbox: map.bbox() }));
  document.getElementById("area-clear").addEventListener("click", () => update({ bbox: "" }));
  window.addEventListener("popstate", () => { state = readURL(); writeForm(); load(); });
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastStats) drawStats(lastStats); }, 150);
  });

  writeForm();
  load();
})();
