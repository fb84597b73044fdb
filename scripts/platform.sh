#!/usr/bin/env bash
# Starts and stops the one-machine platform: the embedded ledger node and the three services, each a
# background Java process with its log and pid file under the platform's home. `./fapiao up|down|status`
# call this after building what is missing; the end-to-end test calls it directly with its own home
# and ports. It builds nothing itself.
#
#   scripts/platform.sh up     [--home DIR] [--port-base N] [--network DIR]
#                                                             start (first run: consortium + governance);
#                                                             with --network, on a running Fabric network
#                                                             (network/fabric.sh up) instead of the node
#   scripts/platform.sh down   [--home DIR]                   stop every process, newest first
#   scripts/platform.sh status [--home DIR]                   which processes run, and their URLs
#
# Ports: ledger N+51 (7051 by default, N=7000), his-adapter N+1081, finance-verifier N+1082,
# issuer-api N+1083 (8081-8083). FAPIAO_DATABASE_URL (+ _USER, _PASSWORD), a jdbc:postgresql URL,
# puts the three services' data in PostgreSQL (one schema each) instead of their embedded H2 files.
# Heaps: FAPIAO_SERVICE_JAVA_OPTS (default -Xmx512m; a service's live heap is under 100 MiB, the rest is
# short-lived garbage that a larger default heap lets grow) and FAPIAO_LEDGER_JAVA_OPTS (default -Xmx1g).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"

action=${1:-status}
[ $# -gt 0 ] && shift
home="$root/.fapiao"
port_base=7000
network=""
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --port-base) port_base=$2; shift 2 ;;
    --network) network=$(cd "$2" && pwd); shift 2 ;;
    *) echo "platform: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$home"
home=$(cd "$home" && pwd)
run="$home/run"
logs="$home/logs"
services=(his-adapter finance-verifier issuer-api)
ledger_port=$((port_base + 51))

port_of() {
  case "$1" in
    ledger) echo "$ledger_port" ;;
    his-adapter) echo $((port_base + 1081)) ;;
    finance-verifier) echo $((port_base + 1082)) ;;
    issuer-api) echo $((port_base + 1083)) ;;
  esac
}

# running NAME: its recorded process exists and is not a zombie. A process killed with kill -9 whose
# parent does not reap it (PID 1 of a container often does not) stays a zombie that kill -0 still finds.
running() {
  local pid_file="$run/$1.pid" pid state
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null || echo "?")
  [ "$state" != Z ] && [ "$state" != X ]
}

# wait_for NAME CHECK...: run CHECK until it succeeds; fail with the log's tail if the process dies.
wait_for() {
  local name=$1; shift
  local seconds=${FAPIAO_START_TIMEOUT:-300}
  for _ in $(seq $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! running "$name"; then
      echo "platform: $name stopped while starting; the end of $logs/$name.log:" >&2
      tail -n 40 "$logs/$name.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  echo "platform: $name did not become ready in $seconds s (FAPIAO_START_TIMEOUT); see $logs/$name.log" >&2
  return 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

healthy() {
  # HTTPS under the consortium's CAs (<home>/trust), which issued the services' certificates. The bundle
  # goes beside the services' certificates: run/ holds only pid files.
  [ -d "$home/tls" ] || return 1
  local bundle
  bundle=$(mktemp "$home/tls/.trust-bundle.XXXXXX") || return 1
  cat "$home"/trust/*.pem > "$bundle" 2>/dev/null && mv -f "$bundle" "$home/tls/trust-bundle.pem" \
    || { rm -f "$bundle"; return 1; }
  curl -fsS --cacert "$home/tls/trust-bundle.pem" "https://localhost:$1/actuator/health" 2>/dev/null | grep -q '"UP"'
}

start() {
  local name=$1; shift
  if running "$name"; then
    echo "platform: $name already runs (pid $(cat "$run/$name.pid"))"
    return 0
  fi
  mkdir -p "$run" "$logs"
  # setsid: the process outlives this script and the terminal it was started from.
  setsid "$@" >>"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run/$name.pid"
}

up() {
  fapiao_select_jdk
  local java="$JAVA_HOME/bin/java"
  for jar in embedded-ledger/target/fapiao-ledger.jar cli/target/fapiao-cli.jar \
      his-adapter/target/fapiao-his-adapter.jar finance-verifier/target/fapiao-finance-verifier.jar \
      issuer-api/target/fapiao-issuer-api.jar; do
    [ -f "$root/$jar" ] || { echo "platform: $jar is missing; run ./fapiao build" >&2; exit 1; }
  done

  local configure=(platform configure --home "$home" --ledger "localhost:$ledger_port" --port-base "$port_base")
  if [ -n "$network" ]; then
    # The ledger is the Fabric network's peers; each service uses its own organisation's peer.
    configure+=(--network "$network")
  else
    FAPIAO_LEDGER_DATA_DIR="$home/ledger" FAPIAO_LEDGER_LISTEN_ADDRESS=127.0.0.1 \
      FAPIAO_LEDGER_PORT="$ledger_port" \
      start ledger "$java" $FAPIAO_JVM_FLAGS ${FAPIAO_LEDGER_JAVA_OPTS:--Xmx1g} -jar "$root/embedded-ledger/target/fapiao-ledger.jar" run
    wait_for ledger port_open "$ledger_port"
  fi

  # First run: GM keys and governance; every run: the services' properties (idempotent).
  "$java" $FAPIAO_JVM_FLAGS -jar "$root/cli/target/fapiao-cli.jar" "${configure[@]}"

  for service in "${services[@]}"; do
    # shellcheck disable=SC2086  # the options are words on purpose
    start "$service" "$java" $FAPIAO_JVM_FLAGS ${FAPIAO_SERVICE_JAVA_OPTS:--Xmx512m} -jar "$root/$service/target/fapiao-$service.jar" \
      "--spring.config.additional-location=file:$home/services/$service.properties"
  done
  for service in "${services[@]}"; do
    wait_for "$service" healthy "$(port_of "$service")"
  done
  status
}

down() {
  local name pid
  for name in issuer-api finance-verifier his-adapter ledger; do
    if running "$name"; then
      pid=$(cat "$run/$name.pid")
      kill -TERM "$pid"
      for _ in $(seq 60); do running "$name" || break; sleep 0.5; done
      if running "$name"; then
        echo "platform: $name did not stop in 30 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "stopped $name"
    fi
    rm -f "$run/$name.pid"
  done
}

status() {
  local name url
  local on_network=""
  [ -f "$home/network" ] && on_network=$(cat "$home/network")
  if [ -n "$on_network" ]; then
    echo "  ledger            the Fabric network in $on_network (network/fabric.sh status --home $on_network)"
  fi
  for name in ledger "${services[@]}"; do
    [ "$name" = ledger ] && [ -n "$on_network" ] && continue
    if [ "$name" = ledger ]; then url="grpcs://localhost:$ledger_port (Fabric Gateway)"; else
      url="https://localhost:$(port_of "$name")"; fi
    # Asked, not assumed from a pid file: up only when the process answers (the node its port, a
    # service its health endpoint), starting when it runs but does not answer yet.
    if ! running "$name"; then
      printf '  %-17s down\n' "$name"
    elif { [ "$name" = ledger ] && port_open "$ledger_port"; } || { [ "$name" != ledger ] && healthy "$(port_of "$name")"; }; then
      printf '  %-17s up    %s\n' "$name" "$url"
    else
      printf '  %-17s not answering (pid %s; see %s)\n' "$name" "$(cat "$run/$name.pid")" "$logs/$name.log"
    fi
  done
  if running issuer-api; then
    echo "  OpenAPI UI:       https://localhost:$(port_of issuer-api)/swagger-ui.html"
  fi
  if [ -d "$home/clients" ]; then
    echo "  clients:          $(ls "$home/clients" | tr '\n' ' ')(./fapiao call METHOD URL --as NAME)"
    echo "                    add one: issue its certificate, register it (docs/security.md)"
  fi
  echo "  data and logs:    $home"
}

case "$action" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "platform: up, down or status" >&2; exit 2 ;;
esac
