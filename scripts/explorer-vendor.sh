#!/usr/bin/env bash
# Refreshes the Explorer's vendored browser libraries from npm: installs exactly what
# src/Lineage.Api/Explorer/npm/package-lock.json pins, copies each library's browser build and
# licence into src/Lineage.Api/Explorer/Assets/vendor, and writes MANIFEST.tsv (package, version,
# file, SHA-256) that ExplorerVendorSpecs checks against the lockfile. The copies are committed, so
# building and serving the Explorer needs neither npm nor a network; run this only to change a version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm_dir="$root/src/Lineage.Api/Explorer/npm"
out="$root/src/Lineage.Api/Explorer/Assets/vendor"
cd "$npm_dir"
npm ci --no-audit --no-fund --ignore-scripts
rm -rf "$out"
mkdir -p "$out/licenses"
manifest="$out/MANIFEST.tsv"
printf 'package\tversion\tfile\tsha256\n' > "$manifest"
version_of() { node -p "require('./node_modules/$1/package.json').version"; }
# package  source-in-package  target-name
copy() {
  local package="$1" source="$2" target="$3"
  cp "node_modules/$package/$source" "$out/$target"
  printf '%s\t%s\t%s\t%s\n' "$package" "$(version_of "$package")" "$target" "$(sha256sum "$out/$target" | cut -d' ' -f1)" >> "$manifest"
}
copy chart.js dist/chart.umd.min.js chart.umd.min.js
copy chart.js LICENSE.md licenses/chart.js.LICENSE.md
# Chart.js bundles @kurkle/color; cytoscape-dagre bundles @dagrejs/dagre and @dagrejs/graphlib.
copy @kurkle/color LICENSE.md licenses/kurkle-color.LICENSE.md
copy cytoscape dist/cytoscape.min.js cytoscape.min.js
copy cytoscape LICENSE licenses/cytoscape.LICENSE
copy cytoscape-dagre dist/cytoscape-dagre.min.js cytoscape-dagre.min.js
copy cytoscape-dagre LICENSE licenses/cytoscape-dagre.LICENSE
copy @dagrejs/dagre LICENSE licenses/dagre.LICENSE
copy @dagrejs/graphlib LICENSE licenses/graphlib.LICENSE
echo "vendored into $out:"
column -t -s $'\t' "$manifest"
