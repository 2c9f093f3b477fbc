#!/usr/bin/env bash
# Runs the tests of the solution. `--unit` runs only the tests that need no PostgreSQL, RabbitMQ, browser or child
# process (trait Category=Unit), without installing anything; with no flag every test runs against real
# PostgreSQL and RabbitMQ (started by setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
filter=()
if [[ "${1:-}" == "--unit" ]]; then
  filter=(--filter "Category=Unit")
else
  bash scripts/setup.sh
fi
dotnet build Lineage.sln -c Release -v q -nologo
# One test project at a time: the TorchSharp suites are CPU-bound and a 2-core machine thrashes
# when they overlap with the integration tests.
# A test that hangs is killed after 15 minutes (the longest, the fault campaign, takes about 3) and named, rather than
# holding CI until its limit.
dotnet test Lineage.sln -c Release --no-build -m:1 -v q -nologo --logger "console;verbosity=minimal" \
  --blame-hang-timeout 15m --blame-hang-dump-type none "${filter[@]}"
