"use strict";
// The dashboard: filters kept in the page's URL (so a view can be bookmarked and shared), events, counts and
// places read from /api/events, /api/stats and /api/places, drawn as a table, a map of every matching event
// and a timeline; the exports link to /api/events.csv and /api/events.geojson with the same filters.
(function () {
  const T = window.Tocsin;
  const { el, clear } = T;
  const config = JSON.parse(document.body.dataset.config || "{}");
  const FIELDS = ["country", "since", "until", "actor", "actor_kind", "modality", "min_killed", "text", "sort", "bbox"];
  const PAGE = 50;
  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");
  const families = config.families || [];
  const familyOf = new Map();
  families.forEach((f, i) => f.types.forEach((t) => familyOf.set(t, i)));
  let state = readURL();
  let loading = 0;

  function readURL() {
    const params = new URLSearchParams(window.location.search);
    const out = { offset: Math.max(0, parseInt(params.get("offset") || "0", 10) || 0), type: params.getAll("type") };
    for (const f of FIELDS) out[f] = params.get(f) || "";
    return out;
  }

  // The filters as a query string; `what`: "page" (the table's, with paging and order) or "filters" only.
  function query(what) {
    const params = new URLSearchParams();
    for (const t of state.type) params.append("type", t);
    for (const f of FIELDS) {
      if (!state[f] || (f === "sort" && what !== "page")) continue;
      params.set(f, f === "country" ? state[f].toUpperCase() : state[f]);
    }
    if (what === "page") {
      params.set("limit", String(PAGE));
      if (state.offset) params.set("offset", String(state.offset));
    }
    return params;
  }

  function typeSummary() {
    const chosen = new Set(state.type);
    if (!chosen.size) return "any";
    const names = [];
    const left = new Set(chosen);
    for (const f of families) {
      if (f.types.every((t) => chosen.has(t))) {
        names.push(f.name);
        f.types.forEach((t) => left.delete(t));
      }
    }
    return [...names, ...left].join(", ");
  }

  function writeForm() {
    for (const f of FIELDS) {
      const input = form.elements.namedItem(f);
      if (input) input.value = state[f] || (f === "sort" ? "-date" : "");
    }
    const chosen = new Set(state.type);
    for (const box of form.querySelectorAll('input[name="type"]')) box.checked = chosen.has(box.value);
    syncFamilies();
    document.getElementById("f-type-summary").textContent = typeSummary();
    document.getElementById("area-clear").hidden = !state.bbox;
  }

  function syncFamilies() {
    for (const box of form.querySelectorAll(".family-box")) {
      const types = Array.from(box.closest("fieldset").querySelectorAll('input[name="type"]'));
      const n = types.filter((t) => t.checked).length;
      box.checked = n === types.length;
      box.indeterminate = n > 0 && n < types.length;
    }
  }

  function update(changes, push = true) {
    state = { ...state, offset: 0, ...changes };
    const params = query("page");
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
    families,
    familyOf,
    onCountry: (code) => update({ country: code }),
    onPick: (group) => pick(group),
    note: (text) => { document.getElementById("map-note").textContent = text; },
  });
  document.getElementById("map-attribution").textContent = config.tileUrl ? config.tileAttribution || "" : "";
  const shapesReady = map.loadShapes().catch((err) => {
    document.getElementById("map-note").textContent = `Country shapes could not be read: ${err.message}`;
  });

  function cell(label, ...children) {
    return el("td", { "data-label": label }, ...children);
  }

  function row(e) {
    const link = el("a", { href: `/events/${encodeURIComponent(e.id)}`, class: "event-link" }, e.type);
    const type = cell("Type", el("span", { class: `type-badge ${T.typeClass(e.type)}` }, link));
    if (e.modality !== "asserted") type.append(" ", el("span", { class: "modality" }, e.modality));
    const articles = cell("Articles", String(e.n_articles));
    articles.classList.add("num");
    const day = cell("Date", T.when(e.date));
    day.classList.add("nowrap");
    return el("tr", { "data-id": e.id, "data-type": e.type },
      day, type, cell("Place", T.where(e.location)), cell("Actors", T.actors(e)), cell("Counts", T.counts(e)), articles);
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

  // The families present, with their events and dead; clicking one keeps only its types.
  function drawLegend(byType) {
    const legend = document.getElementById("legend");
    clear(legend);
    const sums = families.map(() => ({ n: 0, killed: 0 }));
    for (const b of byType) {
      const i = familyOf.get(b.key);
      if (i === undefined) continue;
      sums[i].n += b.n;
      sums[i].killed += b.killed || 0;
    }
    families.forEach((f, i) => {
      if (!sums[i].n) return;
      const dead = sums[i].killed ? `, ${T.figure(sums[i].killed)} killed` : "";
      legend.append(el("li", {},
        el("button", { type: "button", class: "legend-item", "data-family": String(i), title: f.types.join(", "),
          onclick: () => update({ type: f.types.slice() }) },
        el("span", { class: `swatch-dot ${T.typeClass(f.types[0])}` }), `${f.name} ${sums[i].n}${dead}`)));
    });
  }

  let lastStats = null;

  function drawStats(stats) {
    lastStats = stats;
    const box = T.drawTimeline(document.getElementById("timeline"), stats.timeline, familyOf, families,
      (since, until) => update({ since, until }));
    const parts = [`events per ${box.binLabel} by type family; month- and year-dated events spread over their span (lighter)`];
    if (stats.undated) parts.push(`${stats.undated} undated not drawn`);
    if (box.before || box.after) parts.push(`${box.before + box.after} outside the axis (before ${box.from} or after ${box.to}) not drawn`);
    parts.push("click a bar to keep its days");
    document.getElementById("timeline-note").textContent = parts.join("; ");
    drawLegend(stats.by_type);
    drawCountries(stats.by_country);
  }

  function drawExports() {
    const q = query("filters").toString();
    document.getElementById("export-csv").href = `/api/events.csv${q ? `?${q}` : ""}`;
    document.getElementById("export-geojson").href = `/api/events.geojson${q ? `?${q}` : ""}`;
  }

  // A cluster or dot clicked on the map: the events it holds, from /api/events with the view's filters.
  let picked = null;
  async function pick(group, more) {
    const panel = document.getElementById("picked");
    const list = document.getElementById("picked-list");
    if (!more) {
      const [w, s, e, n] = group.bbox;
      const params = query("filters");
      // The box of the group's points, within the area filter already there (the group lies inside it).
      params.set("bbox", [w, s, e, n].map((v) => v.toFixed(6)).join(","));
      params.set("sort", state.sort || "-date");
      params.set("limit", "20");
      picked = { params, offset: 0, group };
      clear(list);
      panel.hidden = false;
      document.getElementById("picked-title").textContent = `${group.n} event${group.n === 1 ? "" : "s"} ${group.name ? `at ${group.name}` : "here"}`;
    }
    picked.params.set("offset", String(picked.offset));
    try {
      const page = await T.getJSON(`/api/events?${picked.params}`);
      for (const e of page.items) {
        list.append(el("li", { "data-id": e.id },
          el("span", { class: `type-badge ${T.typeClass(e.type)}` },
            el("a", { href: `/events/${encodeURIComponent(e.id)}`, class: "event-link" }, e.type)),
          ` ${T.when(e.date)} · ${T.where(e.location)}`, T.counts(e) ? ` · ${T.counts(e)}` : ""));
      }
      picked.offset = page.next_offset === null ? null : page.next_offset;
      document.getElementById("picked-more").hidden = page.next_offset === null;
      panel.dataset.total = String(page.total);
      if (!more) panel.scrollIntoView({ block: "nearest" });
    } catch (err) {
      say(`Could not list the events: ${err.message}`, true);
    }
  }
  document.getElementById("picked-more").addEventListener("click", () => { if (picked && picked.offset !== null) pick(picked.group, true); });
  document.getElementById("picked-close").addEventListener("click", () => { document.getElementById("picked").hidden = true; });

  async function load() {
    const ticket = ++loading;
    document.body.dataset.state = "loading";
    say("Loading…");
    drawExports();
    try {
      const filters = query("filters");
      const [page, stats, places] = await Promise.all([
        T.getJSON(`/api/events?${query("page")}`), T.getJSON(`/api/stats?${filters}`),
        T.getJSON(`/api/places?${filters}`)]);
      if (ticket !== loading) return; // a newer request is on its way
      drawTable(page);
      drawStats(stats);
      await shapesReady;
      map.shadeCountries(stats.by_country);
      map.showPlaces(places);
      map.fit(places.places, state.bbox);
      say("");
      document.body.dataset.state = "ready";
    } catch (err) {
      if (ticket !== loading) return;
      say(`Could not load the events: ${err.message}`, true);
      document.body.dataset.state = "error";
    }
  }

  function submit() {
    const changes = { type: Array.from(form.querySelectorAll('input[name="type"]:checked')).map((b) => b.value) };
    for (const f of FIELDS) {
      const input = form.elements.namedItem(f);
      if (input) changes[f] = input.value.trim();
    }
    update(changes);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  for (const box of form.querySelectorAll(".family-box")) {
    box.addEventListener("change", () => {
      for (const t of box.closest("fieldset").querySelectorAll('input[name="type"]')) t.checked = box.checked;
      submit();
    });
  }
  for (const box of form.querySelectorAll('input[name="type"]')) box.addEventListener("change", () => { syncFamilies(); submit(); });
  for (const id of ["f-sort", "f-since", "f-until", "f-actor-kind", "f-modality"]) {
    document.getElementById(id).addEventListener("change", () => form.requestSubmit());
  }
  document.getElementById("f-reset").addEventListener("click", () => {
    const empty = { type: [] };
    for (const f of FIELDS) empty[f] = "";
    update(empty);
  });
  document.getElementById("prev").addEventListener("click", () => update({ offset: Math.max(0, state.offset - PAGE) }));
  document.getElementById("next").addEventListener("click", () => update({ offset: state.offset + PAGE }));
  document.getElementById("zoom-in").addEventListener("click", () => map.zoom(1.6));
  document.getElementById("zoom-out").addEventListener("click", () => map.zoom(1 / 1.6));
  document.getElementById("zoom-fit").addEventListener("click", () => map.fit(map.lastPlaces || [], state.bbox));
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
