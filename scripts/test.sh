#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and RabbitMQ (started by setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
# The parity tests read the reference fixtures in ../shared. A clone made elsewhere from a local checkout
# (git clone /work/main /tmp/x) has none beside it: use the ones beside the checkout it was cloned from.
if [[ -z "${LINEAGE_SHARED:-}" && ! -d "$root/../shared/fixtures" ]]; then
  origin="$(git -C "$root" remote get-url origin 2>/dev/null || true)"
  if [[ -n "$origin" && -d "$origin/../shared/fixtures" ]]; then
    export LINEAGE_SHARED="$(cd "$origin/../shared" && pwd)"
    echo "[test] reference fixtures: $LINEAGE_SHARED (beside the origin checkout)"
  else
    echo "[test] warning: no ../shared/fixtures beside $root and LINEAGE_SHARED is unset: the parity tests will fail" >&2
  fi
fi
dotnet build Lineage.sln -c Release -v q -nologo
# One test project at a time: the TorchSharp suites are CPU-bound and a 2-core machine thrashes
# when they overlap with the integration tests.
dotnet test Lineage.sln -c Release --no-build -m:1 -v q -nologo --logger "console;verbosity=minimal"
