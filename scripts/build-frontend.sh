#!/usr/bin/env bash
# Build the portal's front-end assets into static/ (the built files are
# committed, so running the portal needs no Node).
#
#   static/css/portal.css                 frontend/portal.scss, compiled (GOV.UK Frontend, council branding)
#   static/js/govuk-frontend.min.js(.map) GOV.UK Frontend JavaScript (an ES module)
#   static/images/favicon.svg             plain council favicon (written by this script)
#
# static/js/init.js is hand-written (it imports and initialises GOV.UK
# Frontend) and is not touched here.
#
# GOV.UK Frontend's own assets (GDS Transport fonts, crown/crest images,
# favicons, manifest.json) are GOV.UK-branded and deliberately NOT copied.
#
# Usage: scripts/build-frontend.sh   (needs Node 20+ and npm)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRONTEND="$ROOT/frontend"
STATIC="$ROOT/static"
GOVUK="$FRONTEND/node_modules/govuk-frontend/dist/govuk"

cd "$FRONTEND"
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

mkdir -p "$STATIC/css" "$STATIC/js" "$STATIC/images"

# --- CSS -------------------------------------------------------------------
"$FRONTEND/node_modules/.bin/sass" \
  --load-path="$FRONTEND/node_modules" \
  --style=compressed \
  --no-source-map \
  --no-error-css \
  "$FRONTEND/portal.scss" "$STATIC/css/portal.css"

# Guard against GOV.UK branding or references to files we do not ship.
if grep -qi "GDS Transport" "$STATIC/css/portal.css"; then
  echo "error: portal.css references the GDS Transport font" >&2
  exit 1
fi
if grep -qiE "@font-face|\.woff2?|url\(" "$STATIC/css/portal.css"; then
  echo "error: portal.css contains @font-face or url() references:" >&2
  grep -oiE "@font-face|url\([^)]*\)" "$STATIC/css/portal.css" | sort -u >&2
  exit 1
fi

# --- JavaScript --------------------------------------------------------------
# govuk-frontend.min.js is an ES module (export { initAll, ... }). Its source
# map is copied too: the file ends with a sourceMappingURL comment, and
# Django's ManifestStaticFilesStorage fails collectstatic if the map is missing.
cp "$GOVUK/govuk-frontend.min.js" "$STATIC/js/govuk-frontend.min.js"
cp "$GOVUK/govuk-frontend.min.js.map" "$STATIC/js/govuk-frontend.min.js.map"

if [[ ! -f "$STATIC/js/init.js" ]]; then
  echo "error: static/js/init.js is missing (it is hand-written, not generated)" >&2
  exit 1
fi

# --- Favicon -----------------------------------------------------------------
# Neutral council favicon: a dark square with a white "L". No GOV.UK assets.
cat > "$STATIC/images/favicon.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><title>Leicester City Council</title><rect width="32" height="32" rx="4" fill="#0b0c0c"/><text x="16" y="24" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="22" font-weight="700" fill="#ffffff">L</text></svg>
SVG

version="$(node -p "require('$FRONTEND/node_modules/govuk-frontend/package.json').version")"
echo "Built front-end assets with govuk-frontend $version into $STATIC"
