"use strict";
// The event map: country shapes (vendored world-atlas TopoJSON, decoded by topojson-client) in Web Mercator,
// shaded by number of events, every matching event as a mark (/api/places groups them by point; marks closer
// than a few pixels on screen merge into a cluster, redrawn at each zoom), and map tiles underneath only when a
// tile URL is configured. Drawn in SVG with no library: pan by dragging, zoom with the wheel or the buttons.
(function () {
  const { svg, clear } = window.Tocsin;
  const WORLD = 1024; // the world's width (and height) in map units
  const MAX_LAT = 85.0511; // Web Mercator's square world
  const HOME = { x: 0, y: 30, w: WORLD, h: 690 }; // 84°N to 58°S: the inhabited world

  function project(lon, lat) {
    const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
    const x = ((lon + 180) / 360) * WORLD;
    const y = (WORLD / 2) * (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI);
    return [x, y];
  }

  function unproject(x, y) {
    const lon = (x / WORLD) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / WORLD))) * 180) / Math.PI;
    return [lon, lat];
  }

  // A ring as SVG path data; longitudes are unwrapped so a ring crossing the antimeridian stays whole.
  function ringPath(ring) {
    let previous = null;
    let shift = 0;
    const parts = [];
    for (const [lon, lat] of ring) {
      if (previous !== null) {
        if (lon + shift - previous > 180) shift -= 360;
        else if (lon + shift - previous < -180) shift += 360;
      }
      previous = lon + shift;
      const [x, y] = project(lon + shift, lat);
      parts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    }
    return parts.length ? `M${parts.join("L")}Z` : "";
  }

  function geometryPath(geometry) {
    if (!geometry) return "";
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polygons.map((polygon) => polygon.map(ringPath).join("")).join("");
  }

  // Light to dark blue by the logarithm of the count: a few countries dominate the news.
  function shade(n, max) {
    if (!n) return "#eef0f2";
    const t = max > 1 ? Math.log(n) / Math.log(max) : 1;
    const light = 86 - 50 * t;
    return `hsl(212 60% ${light.toFixed(0)}%)`;
  }

  class WorldMap {
    constructor(element, options) {
      this.svg = element;
      this.options = options; // { shapesUrl, tileUrl, onCountry(code), note(text) }
      this.view = { ...HOME };
      this.tiles = svg("g", { class: "tiles" });
      this.countries = svg("g", { class: "countries" });
      this.points = svg("g", { class: "points" });
      this.svg.append(svg("rect", { class: "sea", x: -WORLD, y: -WORLD, width: 3 * WORLD, height: 3 * WORLD }),
        this.tiles, this.countries, this.points);
      this.shapes = new Map(); // alpha-2 code → path element
      this.names = new Map();
      if (options.tileUrl) this.svg.classList.add("over-tiles"); // shapes turn translucent over the tiles
      this.applyView();
      this.listen();
    }

    async loadShapes() {
      const { shapesUrl } = this.options;
      if (!shapesUrl || !window.topojson) {
        this.options.note("Country shapes are not built (run `make install`): events are drawn without them.");
        return;
      }
      const topology = await fetch(shapesUrl).then((r) => r.json());
      const features = window.topojson.feature(topology, topology.objects.countries).features;
      for (const feature of features) {
        const code = feature.id || "";
        const name = (feature.properties && feature.properties.name) || code;
        const path = svg("path", { d: geometryPath(feature.geometry), class: "country", "data-code": code });
        const title = svg("title", {}, name);
        path.append(title);
        if (code) {
          path.addEventListener("click", () => this.options.onCountry(code));
          this.shapes.set(code, path);
          this.names.set(code, { name, title });
        }
        this.countries.append(path);
      }
    }

    // Countries shaded by how many matching events each has.
    shadeCountries(buckets) {
      const counts = new Map(buckets.filter((b) => b.key).map((b) => [b.key, b.n]));
      const max = Math.max(1, ...counts.values());
      for (const [code, path] of this.shapes) {
        const n = counts.get(code) || 0;
        path.style.fill = shade(n, max); // a CSS property: the stylesheet's fill outranks an SVG attribute
        const { name, title } = this.names.get(code);
        title.textContent = `${name} (${code}): ${n} event${n === 1 ? "" : "s"}`;
      }
    }

    // Every matching event: `answer` is /api/places (points with their events' count, dead and types).
    showPlaces(answer) {
      this.lastPlaces = answer.places;
      this.projected = answer.places.map((p) => ({ ...p, xy: project(p.lon, p.lat) }));
      const missing = answer.unlocated;
      this.options.note(`${answer.located} of ${answer.total} matching events on the map` +
        (missing ? `; ${missing} without coordinates (country or region only, or no place) are not` : ""));
      this.cluster();
    }

    // Points within CELL pixels of one another on screen are drawn as one mark (a grid, recomputed per zoom).
    cluster() {
      if (!this.projected) return;
      const CELL = 28;
      const k = this.unitsPerPixel();
      const size = CELL * k;
      const groups = new Map();
      for (const p of this.projected) {
        const key = `${Math.floor(p.xy[0] / size)}:${Math.floor(p.xy[1] / size)}`;
        let g = groups.get(key);
        if (!g) {
          g = { n: 0, killed: 0, types: new Map(), sx: 0, sy: 0, w: 180, e: -180, s: 90, nth: -90, names: new Set() };
          groups.set(key, g);
        }
        g.n += p.n;
        g.killed += p.killed;
        g.sx += p.xy[0] * p.n;
        g.sy += p.xy[1] * p.n;
        g.w = Math.min(g.w, p.lon); g.e = Math.max(g.e, p.lon); g.s = Math.min(g.s, p.lat); g.nth = Math.max(g.nth, p.lat);
        if (p.name) g.names.add(p.name);
        for (const [type, n] of Object.entries(p.types)) g.types.set(type, (g.types.get(type) || 0) + n);
      }
      clear(this.points);
      const { families, familyOf } = this.options;
      // Largest first, so that small marks stay on top and clickable.
      const ordered = [...groups.values()].sort((a, b) => b.killed - a.killed || b.n - a.n);
      for (const g of ordered) {
        const byFamily = new Map();
        for (const [type, n] of g.types) {
          const f = familyOf.get(type);
          byFamily.set(f, (byFamily.get(f) || 0) + n);
        }
        const top = [...byFamily.entries()].sort((a, b) => b[1] - a[1])[0][0];
        const family = families[top];
        const x = g.sx / g.n;
        const y = g.sy / g.n;
        const radius = Math.min(30, 4.5 + 2.4 * Math.sqrt(g.killed)) * k;
        const pad = 0.000002;
        const name = g.names.size === 1 ? [...g.names][0] : "";
        const group = {
          n: g.n, killed: g.killed, name,
          bbox: [Math.max(-180, g.w - pad), Math.max(-90, g.s - pad), Math.min(180, g.e + pad), Math.min(90, g.nth + pad)],
        };
        const mix = [...byFamily.entries()].sort((a, b) => b[1] - a[1])
          .map(([f, n]) => `${families[f] ? families[f].name : "?"} ${n}`).join(", ");
        const title = `${name || `${g.names.size} places`}: ${g.n} event${g.n === 1 ? "" : "s"}` +
          `${g.killed ? `, ${window.Tocsin.figure(g.killed)} killed` : ""} (${mix})`;
        const mark = svg("g", { class: `mark${g.n > 1 ? " cluster" : ""}`, "data-n": g.n, "data-killed": g.killed,
          role: "button", tabindex: "0" });
        mark.append(svg("circle", { cx: x, cy: y, r: radius.toFixed(3),
          class: `dot ${family ? window.Tocsin.typeClass(family.types[0]) : ""}`, title }));
        if (g.n > 1) {
          mark.append(svg("text", { x, y, dy: "0.35em", "text-anchor": "middle", class: "count",
            "font-size": (10 * k).toFixed(3) }, g.n > 999 ? `${Math.round(g.n / 100) / 10}k` : String(g.n)));
        }
        mark.addEventListener("click", () => this.options.onPick(group));
        mark.addEventListener("keydown", (event) => { if (event.key === "Enter") this.options.onPick(group); });
        this.points.append(mark);
      }
    }

    unitsPerPixel() {
      const width = this.svg.clientWidth || 600;
      const height = this.svg.clientHeight || 400;
      return Math.max(this.view.w / width, this.view.h / height);
    }

    applyView() {
      const { x, y, w, h } = this.view;
      this.svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
      clearTimeout(this.clusterTimer);
      this.clusterTimer = setTimeout(() => this.cluster(), 30);
      clearTimeout(this.tileTimer);
      this.tileTimer = setTimeout(() => this.drawTiles(), 120);
    }

    zoom(factor, cx, cy) {
      const v = this.view;
      const w = Math.min(WORLD * 2, Math.max(4, v.w / factor));
      const h = (v.h * w) / v.w;
      const px = cx === undefined ? v.x + v.w / 2 : cx;
      const py = cy === undefined ? v.y + v.h / 2 : cy;
      this.view = { x: px - ((px - v.x) * w) / v.w, y: py - ((py - v.y) * h) / v.h, w, h };
      this.applyView();
    }

    // Frame the given places (or a west,south,east,north box) with a margin; the inhabited world when none.
    fit(places, bbox) {
      let corners = [];
      if (bbox) {
        const [w, s, e, n] = bbox.split(",").map(Number);
        corners = [project(w, n), project(e <= w ? e + 360 : e, s)];
      } else {
        corners = places.map((p) => project(p.lon, p.lat));
      }
      if (!corners.length) {
        this.reset();
        return;
      }
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      const width = this.svg.clientWidth || 600;
      const height = this.svg.clientHeight || 400;
      let w = Math.max(60, (Math.max(...xs) - Math.min(...xs)) * 1.5);
      let h = Math.max(40, (Math.max(...ys) - Math.min(...ys)) * 1.5);
      if (w / h > width / height) h = (w * height) / width; else w = (h * width) / height;
      const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
      const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
      this.view = { x: cx - w / 2, y: cy - h / 2, w: Math.min(w, WORLD * 2), h: Math.min(h, WORLD * 2) };
      this.applyView();
    }

    reset() {
      this.view = { ...HOME };
      this.applyView();
    }

    // The part of the world shown, as west,south,east,north degrees (the API's bbox).
    bbox() {
      const v = this.view;
      const clampX = (x) => Math.max(0, Math.min(WORLD, x));
      const [west, north] = unproject(clampX(v.x), Math.max(0, v.y));
      const [east, south] = unproject(clampX(v.x + v.w), Math.min(WORLD, v.y + v.h));
      const r = (n) => Math.round(n * 1000) / 1000;
      return [r(west), r(south), r(east), r(north)].join(",");
    }

    toMap(event) {
      const point = new DOMPoint(event.clientX, event.clientY);
      const ctm = this.svg.getScreenCTM();
      return ctm ? point.matrixTransform(ctm.inverse()) : { x: this.view.x, y: this.view.y };
    }

    listen() {
      this.svg.addEventListener("wheel", (event) => {
        event.preventDefault();
        const p = this.toMap(event);
        this.zoom(Math.exp(-event.deltaY * 0.0015), p.x, p.y);
      }, { passive: false });
      let drag = null;
      this.svg.addEventListener("pointerdown", (event) => {
        drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, moved: false };
      });
      this.svg.addEventListener("pointermove", (event) => {
        if (!drag) return;
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return; // a click, not a drag
        if (!drag.moved) this.svg.setPointerCapture(event.pointerId);
        drag.moved = true;
        const k = this.unitsPerPixel();
        this.view = { ...drag.view, x: drag.view.x - dx * k, y: drag.view.y - dy * k };
        this.applyView();
      });
      const end = (event) => {
        if (drag && drag.moved) {
          // A drag must not end as a click on the country or dot under the pointer.
          const swallow = (e) => { e.stopPropagation(); e.preventDefault(); };
          this.svg.addEventListener("click", swallow, { capture: true, once: true });
          this.svg.releasePointerCapture(event.pointerId);
        }
        drag = null;
      };
      this.svg.addEventListener("pointerup", end);
      this.svg.addEventListener("pointercancel", end);
      window.addEventListener("resize", () => this.applyView());
    }

    // Raster tiles under the shapes, only when the settings name a tile server (api.tile_url).
    drawTiles() {
      const template = this.options.tileUrl;
      if (!template) return;
      clear(this.tiles);
      const v = this.view;
      const pixels = WORLD / this.unitsPerPixel(); // the world's width on screen
      const z = Math.max(0, Math.min(19, Math.round(Math.log2(pixels / 256))));
      const n = 2 ** z;
      const size = WORLD / n;
      const maxTiles = 64;
      let drawn = 0;
      for (let ty = Math.max(0, Math.floor(v.y / size)); ty <= Math.min(n - 1, Math.floor((v.y + v.h) / size)); ty++) {
        for (let tx = Math.floor(v.x / size); tx <= Math.floor((v.x + v.w) / size) && drawn < maxTiles; tx++) {
          const wrapped = ((tx % n) + n) % n;
          const href = template.replace("{z}", z).replace("{x}", wrapped).replace("{y}", ty);
          this.tiles.append(svg("image", { href, x: tx * size, y: ty * size, width: size, height: size }));
          drawn++;
        }
      }
    }
  }

  window.Tocsin.WorldMap = WorldMap;
})();
