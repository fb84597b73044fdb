#!/usr/bin/env bash
# Entry point of the fapiao-chaincode image: the `fapiao` contract as a chaincode service
# (io.fapiao.chaincode.server.ChaincodeService), configured by the CHAINCODE_* variables that
# ServiceSettings documents. CHAINCODE_ID, when not given, is the package id the package step wrote
# on the shared volume: the id every peer installed, which the service must be started with.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../init/lib.sh"

if [ -z "${CHAINCODE_ID:-}" ]; then
  id_file="$config/chaincode/package-id"
  [ -s "$id_file" ] || die "CHAINCODE_ID is not set and $id_file does not exist; the package step has not run"
  CHAINCODE_ID=$(cat "$id_file")
  export CHAINCODE_ID
fi
log "serving $CHAINCODE_ID on ${CHAINCODE_SERVER_ADDRESS:-?}"
# shellcheck disable=SC2086  # the options are words on purpose
exec java ${JAVA_OPTS:-} -jar /opt/fapiao/fapiao-chaincode.jar "$@"
