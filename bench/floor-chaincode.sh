#!/usr/bin/env bash
# The ledger bench's put-state floor as a chaincode of its own on a network that network/fabric.sh
# started: its own chaincode-as-a-service package (label floor_1.0), installed on every peer, approved
# by every organisation and committed on the channel with the channel's default endorsement policy
# (MAJORITY, as the fapiao contract), served by its own JVM (bench/target/fapiao-floor-chaincode.jar:
# the shim and the FloorContract only). It is deployed the way fabric.sh deploys `fapiao`, through the
# peer CLI as each organisation's Admin. Benchmarks only: anyone may call floor:PutState and write
# what they like into the `floor` namespace, so the bench deploys it on its own networks
# (docs/benchmarks.md, "The put-state floor").
#
#   bench/floor-chaincode.sh up   --network DIR   install, start the service, approve, commit (idempotent)
#   bench/floor-chaincode.sh down --network DIR   stop the floor's chaincode service (the definition stays)
#
# The service listens on the network's port base + 310 (fabric.sh uses + 300 for fapiao) and reuses
# the TLS key pairs fabric.sh issued for chaincode services (DIR/crypto/chaincode). Its pid, log and
# package are under DIR/bench-floor/. FAPIAO_FLOOR_JAVA_OPTS sets its JVM options (default -Xmx256m);
# CORE_CHAINCODE_LOGGING_LEVEL, when set, its log level (the chaincode service's default: WARNING).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
# shellcheck source=network/fabric-install.sh
. "$root/network/fabric-install.sh"

action=${1:-}
[ $# -gt 0 ] && shift
network=""
while [ $# -gt 0 ]; do
  case "$1" in
    --network) network=$2; shift 2 ;;
    *) echo "floor: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$network" ] || { echo "floor: --network DIR is required (a folder of network/fabric.sh up)" >&2; exit 2; }
network=$(cd "$network" && pwd)
[ -f "$network/port-base" ] || { echo "floor: $network holds no network (no port-base file)" >&2; exit 1; }

channel=fapiao
chaincode=floor
cc_version=1.0
cc_sequence=1
orgs=(HospitalOrg FinanceOrg IssuerOrg AuditorOrg)
domains=(hospital.fapiao.local finance.fapiao.local issuer.fapiao.local auditor.fapiao.local)
port_base=$(cat "$network/port-base")
crypto="$network/crypto"
config="$network/config"
dir="$network/bench-floor"
bin=$(fabric_bin_dir)
jar="$root/bench/target/fapiao-floor-chaincode.jar"

peer_port() { echo $((port_base + 200 + $1)); }
orderer_port() { echo $((port_base + 100 + $1)); }
service_port() { echo $((port_base + 310)); }
org_dir() { echo "$crypto/peerOrganizations/${domains[$1]}"; }
msp_id() { echo "${orgs[$1]}MSP"; }
tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.${domains[$1]}-cert.pem"; }
log() { echo "floor: $*"; }
die() { echo "floor: $*" >&2; exit 1; }

# The peer CLI as organisation k's Admin against its own peer, with nothing of the caller's environment.
peer_cli() {
  local k=$1; shift
  env -i PATH="$PATH" HOME="$HOME" FABRIC_CFG_PATH="$config" FABRIC_LOGGING_SPEC=WARN \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_LOCALMSPID="$(msp_id "$k")" \
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$k")/users/Admin@${domains[$k]}/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(tls_ca "$k")" \
    "$bin/peer" "$@"
}

running() {
  [ -f "$dir/service.pid" ] && kill -0 "$(cat "$dir/service.pid")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pem_json() { awk '{printf "%s\\n", $0}' "$1"; }

write_package() {
  [ -f "$dir/floor.tar.gz" ] && return 0
  mkdir -p "$dir/src"
  cat > "$dir/src/connection.json" <<EOF
{
  "address": "127.0.0.1:$(service_port)",
  "dial_timeout": "10s",
  "tls_required": true,
  "client_auth_required": true,
  "client_key": "$(pem_json "$crypto/chaincode/client.key")",
  "client_cert": "$(pem_json "$crypto/chaincode/client.crt")",
  "root_cert": "$(pem_json "$crypto/chaincode/ca.crt")"
}
EOF
  printf '{"type":"ccaas","label":"%s_%s"}\n' "$chaincode" "$cc_version" > "$dir/src/metadata.json"
  local tar_opts=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar "${tar_opts[@]}" -C "$dir/src" -cf - connection.json | gzip -n > "$dir/src/code.tar.gz"
  tar "${tar_opts[@]}" -C "$dir/src" -cf - metadata.json code.tar.gz | gzip -n > "$dir/floor.tar.gz"
}

package_id() {
  if [ ! -s "$dir/package-id" ]; then
    peer_cli 0 lifecycle chaincode calculatepackageid "$dir/floor.tar.gz" > "$dir/package-id"
  fi
  cat "$dir/package-id"
}

start_service() {
  running && return 0
  [ -f "$jar" ] || die "$jar is missing; build the bench (./mvnw -pl bench -am package -DskipTests)"
  fapiao_select_jdk
  local tls="$crypto/chaincode"
  # shellcheck disable=SC2086  # the options are words on purpose
  setsid env -i PATH="$PATH" HOME="$HOME" \
    ${CORE_CHAINCODE_LOGGING_LEVEL:+CORE_CHAINCODE_LOGGING_LEVEL="$CORE_CHAINCODE_LOGGING_LEVEL"} \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(service_port)" \
    CHAINCODE_ID="$(package_id)" \
    CHAINCODE_TLS_DISABLED=false \
    CHAINCODE_TLS_KEY="$tls/server.key" \
    CHAINCODE_TLS_CERT="$tls/server.crt" \
    CHAINCODE_CLIENT_CA_CERT="$tls/ca.crt" \
    "$JAVA_HOME/bin/java" ${FAPIAO_FLOOR_JAVA_OPTS:--Xmx256m} -jar "$jar" >>"$dir/service.log" 2>&1 < /dev/null &
  echo $! > "$dir/service.pid"
  local i
  for ((i = 0; i < 240; i++)); do
    port_open "$(service_port)" && return 0
    running || { tail -n 30 "$dir/service.log" >&2; die "the floor's chaincode service stopped while starting"; }
    sleep 0.25
  done
  die "the floor's chaincode service did not listen in 60 s; see $dir/service.log"
}

deploy() {
  local id k
  id=$(package_id)
  for k in 0 1 2 3; do
    if ! peer_cli "$k" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "$id"; then
      log "installing $id on peer $k"
      peer_cli "$k" lifecycle chaincode install "$dir/floor.tar.gz" >>"$dir/cli.log" 2>&1 \
        || die "install on peer $k failed; see $dir/cli.log"
    fi
  done
  if peer_cli 0 lifecycle chaincode querycommitted -C "$channel" -n "$chaincode" >/dev/null 2>&1; then
    return 0
  fi
  for k in 0 1 2 3; do
    log "$(msp_id "$k") approves $chaincode $cc_version"
    peer_cli "$k" lifecycle chaincode approveformyorg -o "127.0.0.1:$(orderer_port "$k")" --tls --cafile "$(tls_ca "$k")" \
      -C "$channel" -n "$chaincode" -v "$cc_version" --sequence "$cc_sequence" --package-id "$id" \
      --waitForEventTimeout 60s >>"$dir/cli.log" 2>&1 || die "approval by $(msp_id "$k") failed; see $dir/cli.log"
  done
  local peers=()
  for k in 0 1 2 3; do peers+=(--peerAddresses "127.0.0.1:$(peer_port "$k")" --tlsRootCertFiles "$(tls_ca "$k")"); done
  log "committing $chaincode $cc_version on $channel"
  peer_cli 1 lifecycle chaincode commit -o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$(tls_ca 1)" -C "$channel" \
    -n "$chaincode" -v "$cc_version" --sequence "$cc_sequence" "${peers[@]}" --waitForEventTimeout 60s \
    >>"$dir/cli.log" 2>&1 || die "commit failed; see $dir/cli.log"
}

answers() {
  peer_cli "$1" chaincode query -C "$channel" -n "$chaincode" \
    -c '{"function":"org.hyperledger.fabric:GetMetadata","Args":[]}' 2>/dev/null | grep -q '"floor"'
}

up() {
  mkdir -p "$dir"
  write_package
  start_service
  deploy
  local k i
  for k in 0 1 2 3; do
    for ((i = 0; i < 120; i++)); do answers "$k" && break; sleep 1; done
    answers "$k" || die "the floor contract does not answer on peer $k; see $dir/service.log"
  done
  log "up: chaincode $chaincode $cc_version ($(package_id)), service pid $(cat "$dir/service.pid") on 127.0.0.1:$(service_port)"
}

down() {
  if running; then
    local pid
    pid=$(cat "$dir/service.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped the floor's chaincode service"
  fi
  rm -f "$dir/service.pid"
}

case "$action" in
  up) up ;;
  down) down ;;
  *) echo "floor: up or down (--network DIR)" >&2; exit 2 ;;
esac
