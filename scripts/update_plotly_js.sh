#!/usr/bin/env bash
# Replace the plotly.js files in static/ (see static/README.md) by those of version $1, from the npm registry:
# the cartesian bundle (npm plotly.js-cartesian-dist-min) and the Georgian locale (dist/ of npm plotly.js).
#     bash scripts/update_plotly_js.sh 4.1.1
# Then set PLOTLY_JS_VERSION in dashboard/ui/plotly_view.py and run tests/ui/test_plotly_view.py.
set -euo pipefail
version="${1:?usage: scripts/update_plotly_js.sh VERSION}"
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is needed (Debian: apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-cartesian-dist-min@$version" "plotly.js@$version" >/dev/null)
tar -xzf "$work/plotly.js-cartesian-dist-min-$version.tgz" -C "$work" package/plotly-cartesian.min.js package/LICENSE
mkdir -p "$work/full"
tar -xzf "$work/plotly.js-$version.tgz" -C "$work/full" package/dist/plotly-locale-ka.js
old="$(basename static/plotly-cartesian-*.min.js .min.js)"
old="${old#plotly-cartesian-}"
rm -f static/plotly-cartesian-*.min.js static/plotly-locale-ka-*.js
cp "$work/package/plotly-cartesian.min.js" "static/plotly-cartesian-$version.min.js"
cp "$work/full/package/dist/plotly-locale-ka.js" "static/plotly-locale-ka-$version.js"
cp "$work/package/LICENSE" static/plotly.js-LICENSE.txt
sed -i "s/${old//./\\.}/$version/g" static/README.md
ls -l static/plotly-*
