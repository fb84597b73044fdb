#!/usr/bin/env bash
# Init step 4 (fapiao-fabric-init image): each of the four orderers joins channel `fapiao` with the
# genesis block, through its admin endpoint (osnadmin, mutual TLS as its organisation's Admin).
# Idempotent: an orderer that lists the channel already is left alone.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

block="$config/$channel.block"
[ -s "$block" ] || die "no genesis block at $block; the genesis step has not run"

joined() {
  osnadmin_cli "$1" channel list 2>/dev/null | grep -q "\"name\": *\"$channel\""
}

join() {
  joined "$1" && return 0
  osnadmin_cli "$1" channel join --channelID "$channel" --config-block "$block"
}

for k in 0 1 2 3; do
  if joined "$k"; then
    log "$(orderer_name "$k") is on channel $channel"
    continue
  fi
  log "$(orderer_name "$k") joins channel $channel"
  # The admin endpoint may open a moment after the operations endpoint the healthcheck watches.
  retry 20 3 join "$k" || die "$(orderer_name "$k") could not join $channel"
done
log "done: 4 orderers on $channel"
