#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine (no Docker needed) for Lineage: PostgreSQL, RabbitMQ and Chromium (for the
# Explorer's browser tests) from the distribution's packages, the lineage database and user, node and npm for the
# openai client check, and the TorchSharp native fix for systems whose libstdc++ predates GCC 13.
# Idempotent: every step checks before it acts. Run as root or with sudo available.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

PGUSER_NAME="${LINEAGE_PG_USER:-lineage}"
PGPASS="${LINEAGE_PG_PASSWORD:-lineage}"
PGDB="${LINEAGE_PG_DB:-lineage}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_pkgs=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need_pkgs+=(postgresql)
command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || need_pkgs+=(rabbitmq-server)
command -v patchelf >/dev/null 2>&1 || need_pkgs+=(patchelf)
command -v g++ >/dev/null 2>&1 || need_pkgs+=(g++)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
# node + npm run the official openai client against /v1 (tests/openai-client). A node that brings its own npm
# (another package source's nodejs) is left alone: Debian's npm would conflict with it.
command -v node >/dev/null 2>&1 || need_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || need_pkgs+=(npm)
# The Explorer's browser tests drive Debian's Chromium through Playwright (no browser download); a font for its pages.
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
fc-list 2>/dev/null | grep -i "liberation sans" >/dev/null || need_pkgs+=(fonts-liberation)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package's post-install scripts try to start services; policy-rc.d 101 stops that
  # on machines without systemd, and we start both servers ourselves below.
  if [ ! -f /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# ---------- PostgreSQL ----------
pg_ver="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
if ! pg_lsclusters -h 2>/dev/null | grep . >/dev/null; then
  log "creating PostgreSQL cluster $pg_ver/main"
  $SUDO pg_createcluster "$pg_ver" main >/dev/null
fi
cluster="$(pg_lsclusters -h | awk "NR==1")"
cver="$(echo "$cluster" | awk '{print $1}')"; cname="$(echo "$cluster" | awk '{print $2}')"
if ! pg_lsclusters -h | awk "{print \$4}" | grep online >/dev/null; then
  log "starting PostgreSQL $cver/$cname"
  $SUDO pg_ctlcluster "$cver" "$cname" start
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && su postgres -c "$1"); else (cd / && sudo -u postgres bash -c "$1"); fi; }
for _ in $(seq 1 60); do
  as_pg "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
# Least privilege: the role may log in and owns its database (enough for Marten's schemas and Hangfire's
# tables), nothing more: no superuser, no creating databases or roles.
if [ "$(as_pg "psql -qtAc \"select 1 from pg_roles where rolname='$PGUSER_NAME'\"")" != "1" ]; then
  log "creating role $PGUSER_NAME (no superuser)"
  as_pg "psql -qc \"create role $PGUSER_NAME login nosuperuser nocreatedb nocreaterole noreplication password '$PGPASS'\""
elif [ "$(as_pg "psql -qtAc \"select rolsuper from pg_roles where rolname='$PGUSER_NAME'\"")" = "t" ]; then
  log "warning: role $PGUSER_NAME is a superuser (made by an older setup.sh); Lineage needs only to own its database:"
  log "  sudo -u postgres psql -c 'alter role $PGUSER_NAME nosuperuser nocreatedb nocreaterole'"
fi
if [ "$(as_pg "psql -qtAc \"select 1 from pg_database where datname='$PGDB'\"")" != "1" ]; then
  log "creating database $PGDB"
  as_pg "createdb -O $PGUSER_NAME $PGDB"
fi
# Tests make throwaway schemas; many parallel connections on a 2-core box are fine.
for _ in $(seq 1 30); do
  PGPASSWORD="$PGPASS" psql -h 127.0.0.1 -U "$PGUSER_NAME" -d "$PGDB" -qtAc 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
PGPASSWORD="$PGPASS" psql -h 127.0.0.1 -U "$PGUSER_NAME" -d "$PGDB" -qtAc 'select 1' >/dev/null
log "PostgreSQL accepts connections on 127.0.0.1:5432"

# ---------- RabbitMQ ----------
rabbit_up() { $SUDO rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; }
if ! rabbit_up; then
  log "starting RabbitMQ"
  # Started detached, outside any service manager, so it works in containers too.
  $SUDO bash -c 'HOME=/var/lib/rabbitmq nohup rabbitmq-server >/var/log/rabbitmq/lineage-start.log 2>&1 &' || true
  for _ in $(seq 1 90); do rabbit_up && break; sleep 1; done
fi
rabbit_up || { echo "RabbitMQ did not start; see /var/log/rabbitmq" >&2; exit 1; }
# guest may only connect from localhost, which is all the tests and demo need.
log "RabbitMQ accepts connections on 127.0.0.1:5672"

# ---------- TorchSharp native fix ----------
bash "$here/torchsharp-fix.sh"
log "ready"
