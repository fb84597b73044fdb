#!/usr/bin/env bash
# A Hyperledger Fabric 3 network on this machine, as native processes on loopback: four SmartBFT
# orderers and four peers (one of each per organisation), the `fapiao` contract as a chaincode
# service, the channel `fapiao`. docs/network.md explains the topology, the policies and the ports.
#
#   network/fabric.sh install                          build Fabric's binaries into a cache (once)
#   network/fabric.sh up     [--home DIR] [--port-base N]   start (first run: crypto, channel, contract)
#   network/fabric.sh down   [--home DIR] [--wipe]     stop every process it started; --wipe deletes DIR
#   network/fabric.sh status [--home DIR]              each node: up or down, height, the BFT leader
#   network/fabric.sh logs   [--home DIR] [NODE]       follow the logs (all, or one node's)
#   network/fabric.sh kill|start NODE [--home DIR]     kill -9 one node, or start it again (fault tests)
#   network/fabric.sh add-org NAME:DOMAIN [--home DIR] a hospital organisation joins the running channel
#                                                      by a config update signed by a majority of admins
#
# Ports (N = 17000 by default): orderers N+100..103 (gRPC), N+110..113 (admin), N+120..123
# (operations); peers N+200..203 (gRPC), N+210..213 (chaincode), N+220..223 (operations); the
# chaincode service N+300. Organisation k (0 HospitalOrg, 1 FinanceOrg, 2 IssuerOrg, 3 AuditorOrg)
# runs orderer k and peer k; an organisation that joins later (add-org) is k = 4, 5, ... and runs a
# peer only. None collides with the embedded platform (7051, 8081-8083).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
# shellcheck source=network/fabric-install.sh
. "$root/network/fabric-install.sh"

action=${1:-status}
[ $# -gt 0 ] && shift
home="$root/.fapiao-network"
port_base=17000
wipe=false
node_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --port-base) port_base=$2; shift 2 ;;
    --wipe) wipe=true; shift ;;
    -*) echo "fabric: unknown option $1" >&2; exit 2 ;;
    *) node_arg=$1; shift ;;
  esac
done

channel=fapiao
chaincode=fapiao
cc_version=1.0
cc_sequence=1
orgs=(HospitalOrg FinanceOrg IssuerOrg AuditorOrg)
domains=(hospital.fapiao.local finance.fapiao.local issuer.fapiao.local auditor.fapiao.local)
founders=(0 1 2 3)

mkdir -p "$home"
home=$(cd "$home" && pwd)
# Organisations that joined after the channel was created (add-org): "NAME DOMAIN" a line.
if [ -f "$home/joined" ]; then
  while read -r joined_name joined_domain; do orgs+=("$joined_name"); domains+=("$joined_domain"); done < "$home/joined"
fi
# Every organisation runs a peer; only the founders run orderers.
members() { seq 0 $((${#orgs[@]} - 1)); }
crypto="$home/crypto"
config="$home/config"
data="$home/data"
run="$home/run"
logs="$home/logs"
bin=$(fabric_bin_dir)

# A saved port base wins, so that `status` and `down` find what `up` started.
if [ -f "$home/port-base" ] && [ "$action" != up ]; then port_base=$(cat "$home/port-base"); fi

orderer_port() { echo $((port_base + 100 + $1)); }
orderer_admin_port() { echo $((port_base + 110 + $1)); }
orderer_ops_port() { echo $((port_base + 120 + $1)); }
peer_port() { echo $((port_base + 200 + $1)); }
peer_cc_port() { echo $((port_base + 210 + $1)); }
peer_ops_port() { echo $((port_base + 220 + $1)); }
chaincode_port() { echo $((port_base + 300)); }

org_dir() { echo "$crypto/peerOrganizations/${domains[$1]}"; }
msp_id() { echo "${orgs[$1]}MSP"; }
orderer_name() { echo "orderer0.${domains[$1]}"; }
peer_name() { echo "peer0.${domains[$1]}"; }
orderer_dir() { echo "$(org_dir "$1")/orderers/$(orderer_name "$1")"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(peer_name "$1")"; }
admin_msp() { echo "$(org_dir "$1")/users/Admin@${domains[$1]}/msp"; }
tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.${domains[$1]}-cert.pem"; }

log() { echo "fabric: $*"; }
die() { echo "fabric: $*" >&2; exit 1; }

running() {
  local pid_file="$run/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start NAME ENV... -- COMMAND...: run COMMAND in the background with exactly the environment given
# (env -i), so nothing of the caller's shell (a peer's CORE_* above all) leaks into another node.
start() {
  local name=$1; shift
  if running "$name"; then return 0; fi
  mkdir -p "$run" "$logs"
  local envs=("PATH=$PATH" "HOME=$HOME")
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  setsid env -i "${envs[@]}" "$@" >>"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run/$name.pid"
}

# wait_for NAME SECONDS CHECK...: run CHECK until it succeeds; fail with the log's tail if NAME dies.
wait_for() {
  local name=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ "$name" != - ] && ! running "$name"; then
      echo "fabric: $name stopped while starting; the end of $logs/$name.log:" >&2
      tail -n 30 "$logs/$name.log" >&2 || true
      return 1
    fi
    sleep 0.25
  done
  echo "fabric: $name was not ready in $seconds s; see $logs/$name.log" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------
# Configuration written on the first start

write_crypto() {
  [ -f "$crypto/consortium.yaml" ] && return 0
  local jar="$root/embedded-ledger/target/fapiao-ledger.jar"
  [ -f "$jar" ] || die "$jar is missing; run ./fapiao build"
  fapiao_select_jdk
  log "generating the consortium's MSP folders (a peer and an orderer per organisation)"
  # The JVM's own warnings go to the log; only a failure is shown.
  "$JAVA_HOME/bin/java" $FAPIAO_JVM_FLAGS -jar "$jar" consortium --network "$crypto" >"$logs/consortium.log" 2>&1 \
    || { cat "$logs/consortium.log" >&2; die "generating the consortium failed"; }
}

# A TLS key pair for the chaincode service (server) and the peers connecting to it (client), issued by
# FinanceOrg's TLS CA, which runs the service in this one-machine shape.
write_chaincode_tls() {
  local dir="$crypto/chaincode"
  [ -f "$dir/client.crt" ] && return 0
  mkdir -p "$dir"
  local ca_cert ca_key
  ca_cert=$(tls_ca 1)
  ca_key="$(org_dir 1)/tlsca/priv_sk"
  local kind
  for kind in server client; do
    openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$dir/$kind.key"
    chmod 600 "$dir/$kind.key"
    local ext="$dir/$kind.ext"
    if [ $kind = server ]; then
      printf 'subjectAltName=DNS:localhost,DNS:chaincode.finance.fapiao.local,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' > "$ext"
    else
      printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' > "$ext"
    fi
    openssl req -new -key "$dir/$kind.key" -subj "/C=CN/O=FinanceOrg/CN=chaincode-$kind.finance.fapiao.local" \
      -out "$dir/$kind.csr"
    openssl x509 -req -in "$dir/$kind.csr" -CA "$ca_cert" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 730 -sha256 -extfile "$ext" -out "$dir/$kind.crt" 2>/dev/null
    rm -f "$dir/$kind.csr" "$ext"
  done
  cp "$ca_cert" "$dir/ca.crt"
}

# Node configuration: Fabric's own sampleconfig, with the ccaas builder's path put where this
# machine has it; every other setting is an environment variable of the node's process.
write_node_config() {
  mkdir -p "$config"
  local sample
  sample=$(fabric_sampleconfig)
  sed "s#/opt/hyperledger/ccaas_builder#$(fabric_ccaas_builder)#" "$sample/core.yaml" > "$config/core.yaml"
  cp "$sample/orderer.yaml" "$config/orderer.yaml"
  cp -r "$sample/msp" "$config/msp" 2>/dev/null || true
}

# configtx.yaml: the channel's organisations, policies, the four BFT consenters and their timeouts.
write_configtx() {
  local k file="$config/configtx.yaml"
  {
    echo "# Written by network/fabric.sh on first start; docs/network.md explains each choice."
    echo "Organizations:"
    for k in "${founders[@]}"; do
      local id
      id=$(msp_id $k)
      cat <<EOF
  - &${orgs[$k]}
    Name: $id
    ID: $id
    MSPDir: $(org_dir $k)/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$id.member')"}
      Writers: {Type: Signature, Rule: "OR('$id.member')"}
      Admins: {Type: Signature, Rule: "OR('$id.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$id.peer')"}
    OrdererEndpoints: ["127.0.0.1:$(orderer_port $k)"]
    AnchorPeers: [{Host: 127.0.0.1, Port: $(peer_port $k)}]
EOF
    done
    cat <<EOF
Profiles:
  FapiaoChannel:
    Policies:
      Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
      Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    Capabilities: {V3_0: true}
    Orderer:
      OrdererType: BFT
      BatchTimeout: 2s
      BatchSize: {MaxMessageCount: 500, AbsoluteMaxBytes: 10 MB, PreferredMaxBytes: 2 MB}
      ConsenterMapping:
EOF
    for k in "${founders[@]}"; do
      cat <<EOF
        - ID: $((k + 1))
          Host: 127.0.0.1
          Port: $(orderer_port $k)
          MSPID: $(msp_id $k)
          Identity: $(orderer_dir $k)/msp/signcerts/$(orderer_name $k)-cert.pem
          ClientTLSCert: $(orderer_dir $k)/tls/server.crt
          ServerTLSCert: $(orderer_dir $k)/tls/server.crt
EOF
    done
    cat <<EOF
      # SmartBFT's own defaults wait a minute for a silent leader; these detect a dead leader in a few
      # seconds on loopback (docs/network.md, "BFT timeouts").
      SmartBFT:
        RequestBatchMaxCount: 500
        RequestBatchMaxBytes: 10485760
        RequestBatchMaxInterval: 50ms
        IncomingMessageBufferSize: 200
        RequestPoolSize: 100000
        RequestForwardTimeout: 1s
        RequestComplainTimeout: 4s
        RequestAutoRemoveTimeout: 1m
        ViewChangeResendInterval: 2s
        ViewChangeTimeout: 6s
        LeaderHeartbeatTimeout: 3s
        LeaderHeartbeatCount: 10
        CollectTimeout: 1s
        SyncOnStart: true
        SpeedUpViewChange: false
      Organizations: [*HospitalOrg, *FinanceOrg, *IssuerOrg, *AuditorOrg]
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Capabilities: {V2_0: true}
    Application:
      Organizations: [*HospitalOrg, *FinanceOrg, *IssuerOrg, *AuditorOrg]
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
        Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
      Capabilities: {V2_5: true}
EOF
  } > "$file"
}

write_genesis() {
  [ -f "$config/$channel.block" ] && return 0
  write_configtx
  log "creating the genesis block of channel $channel (4 SmartBFT consenters)"
  "$bin/configtxgen" -configPath "$config" -profile FapiaoChannel -channelID "$channel" \
    -outputBlock "$config/$channel.block" >"$logs/configtxgen.log" 2>&1 \
    || { tail -n 20 "$logs/configtxgen.log" >&2; die "configtxgen failed"; }
}

# ---------------------------------------------------------------------------------------------
# Nodes

start_orderer() {
  local k=$1 dir name
  dir=$(orderer_dir "$k"); name=$(orderer_name "$k")
  mkdir -p "$data/$name"
  start "$name" \
    FABRIC_CFG_PATH="$config" \
    FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-INFO}" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$k")" \
    ORDERER_GENERAL_LOCALMSPID="$(msp_id "$k")" \
    ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$(tls_ca 0),$(tls_ca 1),$(tls_ca 2),$(tls_ca 3)]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$k")" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$dir/tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$dir/tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$(tls_ca "$k")]" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$k")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_FILELEDGER_LOCATION="$data/$name/ledger" \
    ORDERER_CONSENSUS_WALDIR="$data/$name/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$data/$name/snapshot" \
    -- "$bin/orderer"
}

start_peer() {
  local k=$1 dir name
  dir=$(peer_dir "$k"); name=$(peer_name "$k")
  mkdir -p "$data/$name"
  start "$name" \
    FABRIC_CFG_PATH="$config" \
    FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-INFO}" \
    CORE_PEER_ID="$name" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$k")" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$k")" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_GOSSIP_USELEADERELECTION=false \
    CORE_PEER_GOSSIP_ORGLEADER=true \
    CORE_PEER_LOCALMSPID="$(msp_id "$k")" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$data/$name" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/$name/snapshots" \
    CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$k")" \
    CORE_METRICS_PROVIDER=prometheus \
    CORE_VM_ENDPOINT= \
    -- "$bin/peer" node start
}

# The `peer` CLI as organisation k's Admin, against its own peer.
peer_cli() {
  local k=$1; shift
  env -i PATH="$PATH" HOME="$HOME" FABRIC_CFG_PATH="$config" FABRIC_LOGGING_SPEC=WARN \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$k")" \
    CORE_PEER_LOCALMSPID="$(msp_id "$k")" \
    CORE_PEER_MSPCONFIGPATH="$(admin_msp "$k")" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(tls_ca "$k")" \
    "$bin/peer" "$@"
}

osnadmin() {
  local k=$1; shift
  local admin_tls
  admin_tls="$(org_dir "$k")/users/Admin@${domains[$k]}/tls"
  "$bin/osnadmin" "$@" -o "127.0.0.1:$(orderer_admin_port "$k")" --ca-file "$(tls_ca "$k")" \
    --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key"
}

join_orderers() {
  local k
  for k in "${founders[@]}"; do
    if osnadmin "$k" channel list 2>/dev/null | grep -q "\"name\": *\"$channel\""; then continue; fi
    log "$(orderer_name "$k") joins channel $channel"
    osnadmin "$k" channel join --channelID "$channel" --config-block "$config/$channel.block" >/dev/null
  done
}

join_peers() {
  local k
  for k in $(members); do
    if peer_cli "$k" channel list 2>/dev/null | grep -qx "$channel"; then continue; fi
    log "$(peer_name "$k") joins channel $channel"
    # The peer may need a moment to accept its first channel after the orderers elected a leader.
    local tries
    for tries in 1 2 3 4 5 6 7 8 9 10; do
      if peer_cli "$k" channel join -b "$config/$channel.block" >>"$logs/cli.log" 2>&1; then break; fi
      [ "$tries" = 10 ] && die "$(peer_name "$k") could not join $channel; see $logs/cli.log"
      sleep 1
    done
  done
}

# ---------------------------------------------------------------------------------------------
# The contract as a chaincode service

pem_json() { awk '{printf "%s\\n", $0}' "$1"; }

# The package every peer installs: the same bytes, hence the same package id, which the one
# chaincode service is started with.
write_chaincode_package() {
  local dir="$config/chaincode"
  [ -f "$dir/fapiao.tar.gz" ] && return 0
  mkdir -p "$dir/src"
  cat > "$dir/src/connection.json" <<EOF
{
  "address": "127.0.0.1:$(chaincode_port)",
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
  tar "${tar_opts[@]}" -C "$dir/src" -cf - metadata.json code.tar.gz | gzip -n > "$dir/fapiao.tar.gz"
}

package_id() {
  local file="$config/chaincode/package-id"
  if [ ! -s "$file" ]; then
    peer_cli 0 lifecycle chaincode calculatepackageid "$config/chaincode/fapiao.tar.gz" > "$file"
  fi
  cat "$file"
}

start_chaincode() {
  local jar="$root/chaincode/target/fapiao-chaincode.jar"
  [ -f "$jar" ] || die "$jar is missing; run ./fapiao build"
  fapiao_select_jdk
  local dir="$crypto/chaincode"
  start chaincode \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(chaincode_port)" \
    CHAINCODE_ID="$(package_id)" \
    CHAINCODE_TLS_DISABLED=false \
    CHAINCODE_TLS_KEY="$dir/server.key" \
    CHAINCODE_TLS_CERT="$dir/server.crt" \
    CHAINCODE_CLIENT_CA_CERT="$dir/ca.crt" \
    -- "$JAVA_HOME/bin/java" $FAPIAO_JVM_FLAGS ${FAPIAO_CHAINCODE_JAVA_OPTS:--Xmx384m} -jar "$jar"
  wait_for chaincode 60 port_open "$(chaincode_port)"
}

orderer_tls_args() {
  echo -o "127.0.0.1:$(orderer_port "$1")" --tls --cafile "$(tls_ca "$1")"
}

# through_orderers FIRST DONE-CHECK COMMAND...: run COMMAND, which sends one transaction, with each
# orderer's address in turn from FIRST on, until DONE-CHECK succeeds. The peer CLI sends to one orderer
# only; on a loaded machine that one can still be catching up or in a view change, and its transaction
# is then lost while the others commit. The check first makes a retry safe (Fabric refuses to approve
# or commit the same definition twice).
through_orderers() {
  local first=$1 check=$2 i via
  shift 2
  for i in 0 1 2 3; do
    via=$(( (first + i) % 4 ))
    if $check; then return 0; fi
    # shellcheck disable=SC2046  # the arguments are words on purpose
    "$@" $(orderer_tls_args "$via") >>"$logs/cli.log" 2>&1 && return 0
    $check && return 0
    log "no commit through $(orderer_name "$via"); trying the next orderer"
  done
  return 1
}

# approve K ORDERER: organisation K approves the contract's definition, sending through orderer ORDERER.
approve() {
  local k=$1 via=$2
  approved() { peer_cli "$k" lifecycle chaincode queryapproved -C "$channel" -n "$chaincode" \
    --sequence "$cc_sequence" >/dev/null 2>&1; }
  log "$(msp_id "$k") approves $chaincode $cc_version"
  through_orderers "$via" approved peer_cli "$k" lifecycle chaincode approveformyorg -C "$channel" -n "$chaincode" \
    -v "$cc_version" --sequence "$cc_sequence" --package-id "$(package_id)" --waitForEventTimeout 30s \
    || die "approval by $(msp_id "$k") failed; see $logs/cli.log"
}

committed() {
  peer_cli 1 lifecycle chaincode querycommitted -C "$channel" -n "$chaincode" >/dev/null 2>&1
}

deploy_chaincode() {
  local id k
  id=$(package_id)
  for k in $(members); do
    if ! peer_cli "$k" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "$id"; then
      log "installing $id on $(peer_name "$k")"
      peer_cli "$k" lifecycle chaincode install "$config/chaincode/fapiao.tar.gz" >>"$logs/cli.log" 2>&1 \
        || die "install on $(peer_name "$k") failed; see $logs/cli.log"
    fi
  done
  if committed; then
    return 0
  fi
  for k in "${founders[@]}"; do approve "$k" "$k"; done
  local peers=()
  for k in "${founders[@]}"; do peers+=(--peerAddresses "127.0.0.1:$(peer_port "$k")" --tlsRootCertFiles "$(tls_ca "$k")"); done
  log "committing $chaincode $cc_version on $channel"
  through_orderers 1 committed peer_cli 1 lifecycle chaincode commit -C "$channel" -n "$chaincode" \
    -v "$cc_version" --sequence "$cc_sequence" "${peers[@]}" --waitForEventTimeout 30s \
    || die "commit failed; see $logs/cli.log"
}

contract_answers() {
  peer_cli "$1" chaincode query -C "$channel" -n "$chaincode" \
    -c '{"function":"org.hyperledger.fabric:GetMetadata","Args":[]}' | grep -q '"contracts"'
}

# ---------------------------------------------------------------------------------------------
# What the services and ledger-client need, per organisation

write_organisation_settings() {
  local k file
  mkdir -p "$home/organisations"
  for k in $(members); do
    file="$home/organisations/$(msp_id "$k").properties"
    cat > "$file" <<EOF
# Written by network/fabric.sh up: how organisation $(msp_id "$k")'s services reach its own peer's gateway.
# The identity (fapiao.identity.*) is the service's own user under $(org_dir "$k")/users.
fapiao.ledger.endpoint=localhost:$(peer_port "$k")
fapiao.ledger.tls-root-certificate=$(peer_dir "$k")/tls/ca.crt
fapiao.ledger.msp-id=$(msp_id "$k")
fapiao.ledger.channel=$channel
fapiao.ledger.chaincode=$chaincode
EOF
  done
  echo "$port_base" > "$home/port-base"
}

# ---------------------------------------------------------------------------------------------

up() {
  fabric_install >/dev/null || die "the Fabric binaries are not available (network/fabric.sh install)"
  command -v openssl >/dev/null || die "openssl is needed to issue the chaincode service's TLS certificate"
  mkdir -p "$run" "$logs" "$data"
  echo "$port_base" > "$home/port-base"
  write_crypto
  write_chaincode_tls
  write_node_config
  write_genesis
  local k
  for k in "${founders[@]}"; do start_orderer "$k"; done
  for k in "${founders[@]}"; do wait_for "$(orderer_name "$k")" 60 port_open "$(orderer_admin_port "$k")"; done
  join_orderers
  for k in $(members); do start_peer "$k"; done
  for k in $(members); do wait_for "$(peer_name "$k")" 60 port_open "$(peer_port "$k")"; done
  join_peers
  write_chaincode_package
  start_chaincode
  deploy_chaincode
  for k in $(members); do
    wait_for - 120 contract_answers "$k" || die "the contract does not answer on $(peer_name "$k")"
  done
  write_organisation_settings
  log "network up: channel $channel, contract $chaincode $cc_version ($(package_id))"
  status
}

nodes() {
  local k
  for k in "${founders[@]}"; do orderer_name "$k"; done
  for k in $(members); do peer_name "$k"; done
  echo chaincode
}

stop_node() {
  local name=$1 signal=${2:-TERM} pid
  running "$name" || { rm -f "$run/$name.pid"; return 0; }
  pid=$(cat "$run/$name.pid")
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$run/$name.pid"
}

down() {
  local name
  for name in chaincode $(nodes | grep peer0) $(nodes | grep orderer0); do
    if running "$name"; then stop_node "$name"; echo "stopped $name"; fi
    rm -f "$run/$name.pid"
  done
  if $wipe; then rm -rf "$home"; echo "wiped $home"; fi
}

metric() {
  curl -fsS "http://127.0.0.1:$1/metrics" 2>/dev/null | awk -v m="$2" '$1 ~ "^"m"(\\{|$)" {print $2; exit}'
  return 0
}

status() {
  local k name height leader
  for k in "${founders[@]}"; do
    name=$(orderer_name "$k")
    if running "$name"; then
      height=$(metric "$(orderer_ops_port "$k")" consensus_BFT_committed_block_number)
      leader=$(metric "$(orderer_ops_port "$k")" consensus_BFT_leader_id)
      printf '  %-30s up    127.0.0.1:%s  consenter %s  block %s  leader %s\n' "$name" "$(orderer_port "$k")" \
        $((k + 1)) "${height:-?}" "${leader:-?}"
    else
      printf '  %-30s down\n' "$name"
    fi
  done
  for k in $(members); do
    name=$(peer_name "$k")
    if running "$name"; then
      height=$(metric "$(peer_ops_port "$k")" ledger_blockchain_height)
      printf '  %-30s up    127.0.0.1:%s  height %s\n' "$name" "$(peer_port "$k")" "${height:-?}"
    else
      printf '  %-30s down\n' "$name"
    fi
  done
  if running chaincode; then printf '  %-30s up    127.0.0.1:%s\n' chaincode "$(chaincode_port)"; else
    printf '  %-30s down\n' chaincode; fi
  echo "  data and logs: $home"
}

logs_cmd() {
  if [ -n "$node_arg" ]; then exec tail -n 50 -F "$logs/$node_arg.log"; fi
  exec tail -n 5 -F "$logs"/*.log
}

# kill NODE: kill -9 (a crash, for the fault tests); start NODE: start it again with its data.
kill_node() {
  [ -n "$node_arg" ] || die "kill needs a node name (network/fabric.sh status lists them)"
  running "$node_arg" || die "$node_arg is not running"
  stop_node "$node_arg" KILL
  echo "killed $node_arg"
}

start_node() {
  [ -n "$node_arg" ] || die "start needs a node name"
  local k
  for k in $(members); do
    if [ "$node_arg" = "$(orderer_name "$k")" ] && [ "$k" -lt ${#founders[@]} ]; then
      start_orderer "$k"; wait_for "$node_arg" 60 port_open "$(orderer_port "$k")"; echo "started $node_arg"; return
    fi
    if [ "$node_arg" = "$(peer_name "$k")" ]; then
      start_peer "$k"; wait_for "$node_arg" 60 port_open "$(peer_port "$k")"; echo "started $node_arg"; return
    fi
  done
  [ "$node_arg" = chaincode ] && { start_chaincode; echo "started chaincode"; return; }
  die "no node $node_arg"
}

# ---------------------------------------------------------------------------------------------
# A hospital organisation joins the running channel (docs/network.md, "Growing the network")

configtxlator() { "$bin/configtxlator" "$@"; }

add_org() {
  [ -n "$node_arg" ] || die "add-org needs NAME:DOMAIN, e.g. Hospital2Org:hospital2.fapiao.local"
  command -v jq >/dev/null || die "add-org needs jq (apt-get install jq) to edit the channel configuration"
  local name=${node_arg%%:*} domain=${node_arg#*:}
  [ "$name" != "$node_arg" ] || die "add-org needs NAME:DOMAIN"
  running "$(orderer_name 1)" || die "the network is not running (network/fabric.sh up)"
  # Each step below is skipped when already done, so an interrupted add-org is finished by running
  # it again.
  local k existing
  for k in $(members); do existing=${orgs[$k]}; [ "$existing" != "$name" ] || break; done
  if [ "$existing" != "$name" ]; then
    fapiao_select_jdk
    log "generating $name's MSP folders (Admin, hospital1, peer0)"
    "$JAVA_HOME/bin/java" $FAPIAO_JVM_FLAGS -jar "$root/embedded-ledger/target/fapiao-ledger.jar" consortium "$crypto" \
      --add-hospital "$name:$domain" >"$logs/consortium.log" 2>&1 \
      || { cat "$logs/consortium.log" >&2; die "generating $name's identities failed"; }
    echo "$name $domain" >> "$home/joined"
    orgs+=("$name"); domains+=("$domain")
    k=$((${#orgs[@]} - 1))
  fi
  local id
  id=$(msp_id "$k")
  local work="$config/join-$name"
  mkdir -p "$work"
  cat > "$work/configtx.yaml" <<EOF
Organizations:
  - Name: $id
    ID: $id
    MSPDir: $(org_dir "$k")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$id.member')"}
      Writers: {Type: Signature, Rule: "OR('$id.member')"}
      Admins: {Type: Signature, Rule: "OR('$id.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$id.peer')"}
    AnchorPeers: [{Host: 127.0.0.1, Port: $(peer_port "$k")}]
EOF
  "$bin/configtxgen" -configPath "$work" -printOrg "$id" > "$work/org.json" 2>>"$logs/cli.log" \
    || die "configtxgen -printOrg failed; see $logs/cli.log"
  # The channel's current configuration, the same with the newcomer in its Application group, and
  # the difference between them as a config update.
  # shellcheck disable=SC2046
  peer_cli 1 channel fetch config "$work/config_block.pb" $(orderer_tls_args 1) -c "$channel" >>"$logs/cli.log" 2>&1 \
    || die "cannot fetch the channel configuration; see $logs/cli.log"
  configtxlator proto_decode --input "$work/config_block.pb" --type common.Block \
    | jq '.data.data[0].payload.data.config' > "$work/config.json"
  if jq -e --arg id "$id" '.channel_group.groups.Application.groups | has($id)' "$work/config.json" >/dev/null; then
    log "$id is already in the channel's configuration"
  else
    update_channel_with_org "$id" "$work"
  fi
  start_peer "$k"
  wait_for "$(peer_name "$k")" 60 port_open "$(peer_port "$k")"
  join_peers
  # The newcomer's peer must have read the config block that admits it before its Admin is known.
  wait_for - 120 caught_up "$k" || die "$(peer_name "$k") did not catch up with the channel"
  if ! peer_cli "$k" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "$(package_id)"; then
    peer_cli "$k" lifecycle chaincode install "$config/chaincode/fapiao.tar.gz" >>"$logs/cli.log" 2>&1 \
      || die "install on $(peer_name "$k") failed; see $logs/cli.log"
  fi
  approve "$k" 1
  wait_for - 120 contract_answers "$k" || die "the contract does not answer on $(peer_name "$k")"
  write_organisation_settings
  log "$id joined channel $channel; its gateway: localhost:$(peer_port "$k")"
}

peer_height() {
  peer_cli "$1" channel getinfo -c "$channel" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}

# caught_up K: peer K is as high as FinanceOrg's peer.
caught_up() {
  local mine theirs
  mine=$(peer_height "$1"); theirs=$(peer_height 1)
  [ -n "$mine" ] && [ -n "$theirs" ] && [ "$mine" -ge "$theirs" ]
}

# update_channel_with_org ID WORK: the channel configuration with organisation ID added to its
# Application group, as a config update signed by a majority of the founders' admins.
update_channel_with_org() {
  local id=$1 work=$2
  jq --arg id "$id" --slurpfile org "$work/org.json" '.channel_group.groups.Application.groups[$id] = $org[0]' \
    "$work/config.json" > "$work/modified.json"
  configtxlator proto_encode --input "$work/config.json" --type common.Config --output "$work/config.pb"
  configtxlator proto_encode --input "$work/modified.json" --type common.Config --output "$work/modified.pb"
  configtxlator compute_update --channel_id "$channel" --original "$work/config.pb" --updated "$work/modified.pb" \
    --output "$work/update.pb"
  configtxlator proto_decode --input "$work/update.pb" --type common.ConfigUpdate \
    | jq --arg ch "$channel" '{payload: {header: {channel_header: {channel_id: $ch, type: 2}}, data: {config_update: .}}}' \
    > "$work/update_envelope.json"
  configtxlator proto_encode --input "$work/update_envelope.json" --type common.Envelope --output "$work/update_envelope.pb"
  # Application/Admins is MAJORITY Admins: three of the four founders sign; the third submits.
  log "HospitalOrgMSP and IssuerOrgMSP admins sign the update; FinanceOrgMSP's submits it"
  peer_cli 0 channel signconfigtx -f "$work/update_envelope.pb" >>"$logs/cli.log" 2>&1 || die "signing failed"
  peer_cli 2 channel signconfigtx -f "$work/update_envelope.pb" >>"$logs/cli.log" 2>&1 || die "signing failed"
  # shellcheck disable=SC2046
  peer_cli 1 channel update -f "$work/update_envelope.pb" -c "$channel" $(orderer_tls_args 1) >>"$logs/cli.log" 2>&1 \
    || die "the channel update was refused; see $logs/cli.log"
}

case "$action" in
  install) fabric_install ;;
  add-org) add_org ;;
  up) up ;;
  down) down ;;
  status) status ;;
  logs) logs_cmd ;;
  kill) kill_node ;;
  start) start_node ;;
  *) echo "fabric: install, up, down, status, logs, kill, start or add-org" >&2; exit 2 ;;
esac
