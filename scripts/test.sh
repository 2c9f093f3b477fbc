#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and RabbitMQ (started by setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
dotnet build Lineage.sln -c Release -v q -nologo
# One test project at a time: the TorchSharp suites are CPU-bound and a 2-core machine thrashes
# when they overlap with the integration tests.
dotnet test Lineage.sln -c Release --no-build -m:1 -v q -nologo --logger "console;verbosity=minimal"
