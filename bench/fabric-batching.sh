#!/usr/bin/env bash
# An experiment, not a deployment tool: a network of network/fabric.sh whose channel was created with
# other block-cutting settings, to measure them before anyone changes fabric.sh's configtx. It starts
# the network once as fabric.sh writes it (crypto, configtx.yaml, the channel), stops it, edits the
# SmartBFT batching values in DIR/config/configtx.yaml, throws the channel away (DIR/data and the
# genesis block) and starts again: fabric.sh then finds a genesis block and uses it, and joins,
# installs and commits everything anew on the new channel. docs/benchmarks.md, "Batching", has the
# figures it gave.
#
#   bench/fabric-batching.sh --home DIR [--port-base N] [--interval 50ms] [--max-count 500] [--two-of-four]
#
# --two-of-four: the channel's default endorsement policy (every chaincode's, the floor's too) becomes
# any two of the four organisations' peers instead of MAJORITY (three of four).
#
# Afterwards: ./fapiao bench ledger --ledger fabric --network DIR ...; network/fabric.sh down --home DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=network/fabric-install.sh
. "$root/network/fabric-install.sh"

home="" port_base=21000 interval="" max_count="" two_of_four=""
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --port-base) port_base=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --max-count) max_count=$2; shift 2 ;;
    --two-of-four) two_of_four=yes; shift ;;
    *) echo "batching: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$home" ] || { echo "batching: --home DIR is required" >&2; exit 2; }
mkdir -p "$home"
home=$(cd "$home" && pwd)

if [ ! -f "$home/config/configtx.yaml" ]; then
  "$root/network/fabric.sh" up --home "$home" --port-base "$port_base" >/dev/null
fi
[ -d "$home/bench-floor" ] && "$root/bench/floor-chaincode.sh" down --network "$home" >/dev/null
"$root/network/fabric.sh" down --home "$home" >/dev/null
config="$home/config/configtx.yaml"
[ -n "$interval" ] && sed -i "s/^\( *RequestBatchMaxInterval:\).*/\1 $interval/" "$config"
if [ -n "$max_count" ]; then
  sed -i "s/MaxMessageCount: [0-9]*/MaxMessageCount: $max_count/; s/^\( *RequestBatchMaxCount:\).*/\1 $max_count/" "$config"
fi
if [ -n "$two_of_four" ]; then
  rule="OutOf(2, 'HospitalOrgMSP.peer', 'FinanceOrgMSP.peer', 'IssuerOrgMSP.peer', 'AuditorOrgMSP.peer')"
  sed -i "s/^\( *\)Endorsement: {Type: ImplicitMeta, Rule: \"MAJORITY Endorsement\"}/\1Endorsement: {Type: Signature, Rule: \"$rule\"}/" "$config"
fi
rm -rf "$home/data" "$home/config/fapiao.block"
"$(fabric_bin_dir)/configtxgen" -configPath "$home/config" -profile FapiaoChannel -channelID fapiao \
  -outputBlock "$home/config/fapiao.block" >"$home/logs/configtxgen.log" 2>&1
echo "batching: channel recreated with $(grep -o 'RequestBatchMaxInterval: .*' "$config"), $(grep -o 'MaxMessageCount: [0-9]*' "$config"), $(grep -E '^ {8}Endorsement:' "$config" | tail -1 | sed 's/^ *//')"
exec "$root/network/fabric.sh" up --home "$home" --port-base "$port_base"
