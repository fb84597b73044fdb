#!/usr/bin/env bash
# Init step 6 (fapiao-fabric-init image): the `fapiao` contract's lifecycle, as network/fabric.sh runs
# it: the ccaas package installed on every peer, the definition approved by every organisation (the
# channel's LifecycleEndorsement is MAJORITY), committed, and then called on every peer, which makes
# each peer dial the chaincode service. Idempotent: each step looks first (queryinstalled,
# checkcommitreadiness, querycommitted) and does only what is missing.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

package="$config/chaincode/fapiao.tar.gz"
id_file="$config/chaincode/package-id"
[ -s "$id_file" ] || die "no package id at $id_file; the package step has not run"
id=$(cat "$id_file")

orderer_tls_args() {
  echo -o "$(orderer_address "$1")" --tls --cafile "$(tls_ca "$1")"
}

definition=(-C "$channel" -n "$chaincode" -v "$cc_version" --sequence "$cc_sequence")

install() {
  local k=$1
  if peer_cli "$k" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "$id"; then
    log "$(peer_name "$k") has $id"
    return 0
  fi
  log "installing $id on $(peer_name "$k")"
  peer_cli "$k" lifecycle chaincode install "$package"
}

approved() {
  peer_cli "$1" lifecycle chaincode checkcommitreadiness "${definition[@]}" --output json 2>/dev/null \
    | jq -e --arg msp "$(msp_id "$1")" '.approvals[$msp] == true' >/dev/null
}

approve() {
  local k=$1
  if approved "$k"; then
    log "$(msp_id "$k") has approved $chaincode $cc_version"
    return 0
  fi
  log "$(msp_id "$k") approves $chaincode $cc_version"
  # shellcheck disable=SC2046  # the arguments are words on purpose
  peer_cli "$k" lifecycle chaincode approveformyorg $(orderer_tls_args "$k") "${definition[@]}" \
    --package-id "$id" --waitForEventTimeout 60s
}

committed() {
  peer_cli 1 lifecycle chaincode querycommitted -C "$channel" -n "$chaincode" >/dev/null 2>&1
}

commit() {
  committed && return 0
  local k peers=()
  for k in 0 1 2 3; do peers+=(--peerAddresses "$(peer_address "$k")" --tlsRootCertFiles "$(tls_ca "$k")"); done
  log "committing $chaincode $cc_version on $channel"
  # shellcheck disable=SC2046
  peer_cli 1 lifecycle chaincode commit $(orderer_tls_args 1) "${definition[@]}" "${peers[@]}" \
    --waitForEventTimeout 60s
}

contract_answers() {
  peer_cli "$1" chaincode query -C "$channel" -n "$chaincode" \
    -c '{"function":"org.hyperledger.fabric:GetMetadata","Args":[]}' 2>/dev/null | grep -q '"contracts"'
}

for k in 0 1 2 3; do
  retry 5 3 install "$k" || die "installing on $(peer_name "$k") failed"
done
if committed; then
  log "$chaincode is committed on $channel"
else
  for k in 0 1 2 3; do
    retry 5 3 approve "$k" || die "the approval by $(msp_id "$k") failed"
  done
  retry 5 3 commit || die "committing $chaincode failed"
fi
for k in 0 1 2 3; do
  retry 40 3 contract_answers "$k" || die "the contract does not answer on $(peer_name "$k")"
  log "the contract answers on $(peer_name "$k")"
done
log "done: $chaincode $cc_version ($id) on $channel"
