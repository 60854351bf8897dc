#!/usr/bin/env bash
# Shared helpers for scripts/run and scripts/test: install what is missing, and run a
# private PostgreSQL 15 cluster under a folder of our own.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages the build and the embedded default need, if any is missing.
ensure_packages() {
  local missing=()
  dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || missing+=(libcurl4-openssl-dev)
  dpkg -s libqrencode-dev >/dev/null 2>&1 || missing+=(libqrencode-dev)
  dpkg -s libpng-dev >/dev/null 2>&1 || missing+=(libpng-dev)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# What the tests need on top: zbarimg, a real QR decoder, reads back the KHQR images Mekong renders.
ensure_test_packages() {
  local missing=()
  command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
  # promtool (from Debian's prometheus package) checks and unit-tests the alert rules.
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# What the console's browser tests need: Debian's Chromium, its chromedriver and Selenium.
ensure_browser_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  /usr/bin/python3 -c 'import selenium' >/dev/null 2>&1 || missing+=(python3-selenium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# What the fuzz run needs: a Python venv (schemathesis comes from PyPI into it).
ensure_venv_packages() {
  if ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "installing: python3-venv" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
  fi
}

# Starts scripts/run (the embedded default) in the background with its output in $1, and
# waits until the gateway answers on 127.0.0.1:8080. Sets SERVICE_PID; stop_service stops it.
SERVICE_PID=
start_service() {
  local log=$1
  if curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1; then
    echo "something already answers on 127.0.0.1:8080; stop it first" >&2
    return 1
  fi
  scripts/run > "$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 600); do
    curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "scripts/run stopped:" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "the service did not come up:" >&2; tail -20 "$log" >&2
  return 1
}
stop_service() {
  if [ -n "$SERVICE_PID" ]; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
  fi
}

# Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATA_DIR PORT: initialise (once) and start a private cluster listening on
# 127.0.0.1:PORT with user "mekong" and database "mekong". Idempotent.
pg_start() {
  local data=$1 port=$2
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U mekong --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on} ${PG_OPTIONS:-}" start >/dev/null
  fi
  local tries=0
  until "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" -q; do
    tries=$((tries + 1)); [ $tries -gt 60 ] && { echo "postgres did not start; see $data/server.log" >&2; return 1; }
    sleep 0.5
  done
  psql -h 127.0.0.1 -p "$port" -U mekong -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='mekong'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U mekong -d postgres -qc "CREATE DATABASE mekong" >/dev/null
}

pg_stop() {
  local data=$1
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# What scripts/bench needs on top: wrk drives the load (pgbench comes with postgresql-15).
ensure_bench_packages() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "installing: wrk" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk >/dev/null
  fi
}
