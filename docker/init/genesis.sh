#!/usr/bin/env bash
# Init step 2 (fapiao-fabric-init image, i.e. hyperledger/fabric-tools with these scripts): configtx.yaml
# and the genesis block of channel `fapiao` from configtxgen. The channel's organisations, policies,
# the four SmartBFT consenters and their timeouts are network/fabric.sh's; only the addresses differ
# (container host names instead of 127.0.0.1). Idempotent: an existing block is kept, since the
# orderers may already have joined with it.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

block="$config/$channel.block"
if [ -s "$block" ]; then
  log "genesis block already at $block"
  exit 0
fi
[ -f "$crypto/consortium.yaml" ] || die "no consortium in $crypto; the crypto step has not run"

write_configtx() {
  local k id
  echo "# Written by docker/init/genesis.sh; network/fabric.sh writes the same channel for loopback."
  echo "Organizations:"
  for k in 0 1 2 3; do
    id=$(msp_id "$k")
    cat <<EOF
  - &${orgs[$k]}
    Name: $id
    ID: $id
    MSPDir: $(org_dir "$k")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$id.member')"}
      Writers: {Type: Signature, Rule: "OR('$id.member')"}
      Admins: {Type: Signature, Rule: "OR('$id.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$id.peer')"}
    OrdererEndpoints: ["$(orderer_address "$k")"]
    AnchorPeers: [{Host: $(peer_name "$k"), Port: $(peer_port "$k")}]
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
  for k in 0 1 2 3; do
    cat <<EOF
        - ID: $((k + 1))
          Host: $(orderer_name "$k")
          Port: $(orderer_port "$k")
          MSPID: $(msp_id "$k")
          Identity: $(orderer_dir "$k")/msp/signcerts/$(orderer_name "$k")-cert.pem
          ClientTLSCert: $(orderer_dir "$k")/tls/server.crt
          ServerTLSCert: $(orderer_dir "$k")/tls/server.crt
EOF
  done
  cat <<EOF
      # network/fabric.sh's timeouts: a dead leader is detected in seconds, not SmartBFT's default minute.
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
}

mkdir -p "$config"
write_configtx | write_atomically "$config/configtx.yaml"
log "creating the genesis block of channel $channel (4 SmartBFT consenters)"
configtxgen -configPath "$config" -profile FapiaoChannel -channelID "$channel" -outputBlock "$block.tmp"
mv -f "$block.tmp" "$block"
# Readable by the project's images too (this step runs as root in Fabric's image).
chmod 0644 "$block" "$config/configtx.yaml"
log "done: $block"
