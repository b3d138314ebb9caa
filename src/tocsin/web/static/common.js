"use strict";
// Helpers shared by the dashboard's scripts. Everything the API returns may hold article text, which is
// untrusted: it reaches the page only as text nodes (textContent, append of strings) or as attribute values
// set one by one, never as markup (no innerHTML, insertAdjacentHTML or document.write anywhere).
(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";

  function fill(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // An HTML element: props.class, props.text, props.on<event>, other props become attributes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    return fill(node, children);
  }

  // An SVG element with attributes; a `title` child gives its tooltip.
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.setAttribute("class", value);
      else if (key === "title") node.append(fill(document.createElementNS(SVG_NS, "title"), [value]));
      else node.setAttribute(key, String(value));
    }
    return fill(node, children);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail;
      const message = typeof detail === "string" ? detail : JSON.stringify(detail || response.statusText);
      throw new Error(`${response.status}: ${message}`);
    }
    return body;
  }

  function when(date) {
    if (!date) return "undated";
    if (date.precision === "day") return date.start;
    if (date.precision === "month") return `${date.start.slice(0, 7)} (month)`;
    if (date.precision === "year") return `${date.start.slice(0, 4)} (year)`;
    return `${date.start} – ${date.end} (${date.precision})`;
  }

  function where(location) {
    if (!location) return "—";
    return location.country ? `${location.name} (${location.country})` : location.name;
  }

  function figure(value) {
    if (value === null || value === undefined) return "∞";
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  }

  function counts(event) {
    return Object.entries(event.counts || {}).map(([key, c]) => {
      const range = c.min !== c.value || c.max !== c.value ? ` (${figure(c.min)}–${figure(c.max)})` : "";
      return `${key} ${figure(c.value)}${range}`;
    }).join(", ");
  }

  function actors(event) {
    const seen = new Set();
    for (const a of event.actors || []) seen.add(`${a.role}: ${a.name}`);
    return Array.from(seen).join("; ");
  }

  // The event type's colour comes from /types.css (class t-TYPE); SVG shapes read it through this class too.
  function typeClass(type) {
    return /^[A-Z_]+$/.test(type) ? `t-${type}` : "";
  }

  window.Tocsin = { el, svg, clear, getJSON, when, where, figure, counts, actors, typeClass };
})();
