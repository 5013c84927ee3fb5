#!/usr/bin/env bash
# Rebuild the plotly.js files in static/ (see scripts/plotly_bundle/README.md and static/README.md) with npm:
# the dashboard's plotly.js bundle and plotly.js's Georgian locale, of the version in scripts/plotly_bundle.
#     bash scripts/update_plotly_js.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is needed (Debian: apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp scripts/plotly_bundle/package.json scripts/plotly_bundle/entry.js scripts/plotly_bundle/build.js "$work/"
(cd "$work" && npm install --silent --no-audit --no-fund >/dev/null)
version="$(cd "$work" && node -p "require('plotly.js/package.json').version")"
rm -f static/plotly-ogp-*.min.js static/plotly-locale-ka-*.js
(cd "$work" && node build.js "plotly-ogp-$version.min.js" >/dev/null)
cp "$work/plotly-ogp-$version.min.js" static/
cp "$work/node_modules/plotly.js/dist/plotly-locale-ka.js" "static/plotly-locale-ka-$version.js"
cp "$work/node_modules/plotly.js/LICENSE" static/plotly.js-LICENSE.txt
ls -l static/plotly-*
