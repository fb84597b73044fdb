#!/usr/bin/env bash
# Init step 5 (fapiao-fabric-init image): each organisation's peer joins channel `fapiao`, as that
# organisation's Admin. Idempotent: a peer that lists the channel already is left alone.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

block="$config/$channel.block"
[ -s "$block" ] || die "no genesis block at $block; the genesis step has not run"

joined() {
  peer_cli "$1" channel list 2>/dev/null | grep -qx "$channel"
}

join() {
  joined "$1" && return 0
  peer_cli "$1" channel join -b "$block"
}

for k in 0 1 2 3; do
  if joined "$k"; then
    log "$(peer_name "$k") is on channel $channel"
    continue
  fi
  log "$(peer_name "$k") joins channel $channel"
  # A peer may need a moment to accept its first channel after the orderers elected a leader.
  retry 20 3 join "$k" || die "$(peer_name "$k") could not join $channel"
done
log "done: 4 peers on $channel"
