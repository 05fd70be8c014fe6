#!/usr/bin/env bash
# Makes docs/map-<lang>.png from the map SVG of a built site, for the README.
# Usage: scripts/map-picture.sh [lang] [output-folder]   (defaults: en, public)
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
lang="${1:-en}"
out="${2:-public}"
case "$lang" in es) page="$out/es/mapa/index.html" ;; *) page="$out/$lang/map/index.html" ;; esac
[ -f "$page" ] || { echo "no $page: run 'cargo run --release -- build' first" >&2; exit 1; }
command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found: apt-get install librsvg2-bin" >&2; exit 1; }
svg="$(mktemp --suffix=.svg)"
python3 - "$page" "$svg" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
match = re.search(r'<figure class="map">\s*(<svg.*?</svg>)', html, re.S)
if not match:
    sys.exit("no map SVG in " + sys.argv[1])
svg = match.group(1).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
# The page styles state borders with CSS; a standalone picture needs them inline.
svg = svg.replace("</title>", "</title><style>.state{stroke:#fff;stroke-width:0.8;stroke-linejoin:round}</style>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(svg)
PY
mkdir -p docs
rsvg-convert --width 1200 --background-color white "$svg" -o "docs/map-$lang.png"
rm -f "$svg"
echo "wrote docs/map-$lang.png"
