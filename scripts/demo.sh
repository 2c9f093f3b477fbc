#!/usr/bin/env bash
# The main job on embedded defaults: prepares the machine, then runs the demo pipeline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
dotnet run --project src/Lineage.Api -c Release -- demo "$@"
