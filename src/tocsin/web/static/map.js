"use strict";
// The event map: country shapes (vendored world-atlas TopoJSON, decoded by topojson-client) in Web Mercator,
// shaded by number of events, the table's events as dots, and map tiles underneath only when a tile URL is
// configured. Drawn in SVG with no library: pan by dragging, zoom with the wheel or the buttons.
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

    // The events of the table as dots, linking to their pages.
    showEvents(events) {
      clear(this.points);
      for (const e of events) {
        const loc = e.location;
        if (!loc || loc.lat === null || loc.lon === null) continue;
        const [x, y] = project(loc.lon, loc.lat);
        const link = svg("a", { href: `/events/${encodeURIComponent(e.id)}`, class: "point" });
        link.append(svg("circle", { cx: x, cy: y, r: 4, class: `dot ${window.Tocsin.typeClass(e.type)}`,
          title: `${e.type} · ${window.Tocsin.when(e.date)} · ${loc.name}` }));
        this.points.append(link);
      }
      this.resizeDots();
    }

    unitsPerPixel() {
      const width = this.svg.clientWidth || 600;
      const height = this.svg.clientHeight || 400;
      return Math.max(this.view.w / width, this.view.h / height);
    }

    resizeDots() {
      const r = 4.5 * this.unitsPerPixel();
      for (const dot of this.points.querySelectorAll("circle")) dot.setAttribute("r", r.toFixed(2));
    }

    applyView() {
      const { x, y, w, h } = this.view;
      this.svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
      this.resizeDots();
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

    // Frame the given events (or a west,south,east,north box) with a margin; the whole world when none has a place.
    fit(events, bbox) {
      let corners = [];
      if (bbox) {
        const [w, s, e, n] = bbox.split(",").map(Number);
        corners = [project(w, n), project(e <= w ? e + 360 : e, s)];
      } else {
        corners = events.filter((e) => e.location && e.location.lat !== null && e.location.lon !== null)
          .map((e) => project(e.location.lon, e.location.lat));
      }
      if (!corners.length) return;
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
