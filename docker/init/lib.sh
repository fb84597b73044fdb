# shellcheck shell=bash disable=SC2034  # the names are used by the scripts that source this file
# Sourced by every script in docker/init and docker/bin: the names, ports and paths of the container
# topology in docker/compose.yaml. They mirror network/fabric.sh (port base 17000) with container host
# names in place of 127.0.0.1; when one changes here it changes in compose.yaml too.
#
# Everything the containers share lives on one volume, mounted at $FAPIAO_ROOT (default /fapiao) in
# every container that needs it, in network/fabric.sh's layout, so that `fapiao platform configure
# --network` reads it unchanged:
#
#   network/crypto/                 the consortium's MSP folders (fapiao-ledger consortium --network)
#   network/crypto/chaincode/       the chaincode service's TLS server and client pair
#   network/config/                 configtx.yaml, the genesis block fapiao.block
#   network/config/chaincode/       the ccaas package fapiao.tar.gz and its package-id
#   network/organisations/          <MSP>.properties: each organisation's peer gateway
#   platform/                       the services' home (platform configure --home): gm/, clients/,
#                                   services/*.properties, each service's database

FAPIAO_ROOT=${FAPIAO_ROOT:-/fapiao}
network_home="$FAPIAO_ROOT/network"
platform_home="$FAPIAO_ROOT/platform"
crypto="$network_home/crypto"
config="$network_home/config"
organisations_dir="$network_home/organisations"

# The user the project's images run as (docker/Dockerfile); the crypto step hands the volume to it.
fapiao_uid=10001
fapiao_gid=10001

channel=fapiao
chaincode=fapiao
cc_version=1.0
cc_sequence=1
orgs=(HospitalOrg FinanceOrg IssuerOrg AuditorOrg)
domains=(hospital.fapiao.local finance.fapiao.local issuer.fapiao.local auditor.fapiao.local)
port_base=17000

orderer_port() { echo $((port_base + 100 + $1)); }
orderer_admin_port() { echo $((port_base + 110 + $1)); }
peer_port() { echo $((port_base + 200 + $1)); }
chaincode_port() { echo $((port_base + 300)); }
chaincode_host=chaincode.finance.fapiao.local

org_dir() { echo "$crypto/peerOrganizations/${domains[$1]}"; }
msp_id() { echo "${orgs[$1]}MSP"; }
orderer_name() { echo "orderer0.${domains[$1]}"; }
peer_name() { echo "peer0.${domains[$1]}"; }
orderer_address() { echo "$(orderer_name "$1"):$(orderer_port "$1")"; }
peer_address() { echo "$(peer_name "$1"):$(peer_port "$1")"; }
orderer_dir() { echo "$(org_dir "$1")/orderers/$(orderer_name "$1")"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(peer_name "$1")"; }
admin_dir() { echo "$(org_dir "$1")/users/Admin@${domains[$1]}"; }
tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.${domains[$1]}-cert.pem"; }

log() { echo "${0##*/}: $*"; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

# retry TRIES SECONDS COMMAND...: run COMMAND until it succeeds, at most TRIES times, SECONDS apart.
retry() {
  local tries=$1 pause=$2 i
  shift 2
  for ((i = 1; i <= tries; i++)); do
    if "$@"; then return 0; fi
    [ "$i" -lt "$tries" ] && sleep "$pause"
  done
  return 1
}

# The `peer` CLI as organisation k's Admin against its own peer (fabric-tools image: FABRIC_CFG_PATH
# already names Fabric's sample core.yaml).
peer_cli() {
  local k=$1
  shift
  env FABRIC_LOGGING_SPEC=WARN \
    CORE_PEER_ADDRESS="$(peer_address "$k")" \
    CORE_PEER_LOCALMSPID="$(msp_id "$k")" \
    CORE_PEER_MSPCONFIGPATH="$(admin_dir "$k")/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(tls_ca "$k")" \
    peer "$@"
}

# osnadmin against orderer k's admin endpoint, with its organisation Admin's TLS client pair.
osnadmin_cli() {
  local k=$1
  shift
  osnadmin "$@" -o "$(orderer_name "$k"):$(orderer_admin_port "$k")" --ca-file "$(tls_ca "$k")" \
    --client-cert "$(admin_dir "$k")/tls/client.crt" --client-key "$(admin_dir "$k")/tls/client.key"
}

# write_atomically FILE: stdin into FILE through a temporary sibling, so a step interrupted half-way
# leaves no half-written file for the next run to mistake for a finished one.
write_atomically() {
  local file=$1 tmp
  tmp="$(dirname "$file")/.$(basename "$file").tmp.$$"
  cat > "$tmp"
  mv -f "$tmp" "$file"
}
