#!/usr/bin/env bash
# Init step 1 (fapiao-tools image): the consortium's MSP folders, the chaincode service's TLS pair and
# each organisation's gateway settings, on the shared volume. Idempotent: what exists is kept, so a
# second `docker compose up` changes nothing (the organisations' settings are rewritten identically).
#
# Compose runs it as root only so that it can hand the freshly created volume to the images' own
# user; everything else runs as that user.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$network_home" "$platform_home"
  chown "$fapiao_uid:$fapiao_gid" "$FAPIAO_ROOT" "$network_home" "$platform_home"
  HOME=/tmp exec setpriv --reuid="$fapiao_uid" --regid="$fapiao_gid" --clear-groups -- "$0" "$@"
fi

ledger_jar=${FAPIAO_LEDGER_JAR:-/opt/fapiao/fapiao-ledger.jar}

# Node TLS certificates carry the node's host name (peer0.hospital.fapiao.local, ...) and localhost,
# 127.0.0.1 as subject alternative names, so the same files serve inside the compose network and
# through the ports published on the host.
write_crypto() {
  if [ -f "$crypto/consortium.yaml" ]; then
    log "consortium already in $crypto"
    return 0
  fi
  log "generating the consortium's MSP folders (a peer and an orderer per organisation)"
  # shellcheck disable=SC2086  # the options are words on purpose
  java ${JAVA_OPTS:-} -jar "$ledger_jar" consortium --network "$crypto" >/dev/null
}

# A TLS key pair for the chaincode service (server) and the peers dialling it (client), issued by
# FinanceOrg's TLS CA, as network/fabric.sh does; the server's names include its container host name.
write_chaincode_tls() {
  local dir="$crypto/chaincode"
  if [ -f "$dir/client.crt" ]; then
    log "chaincode TLS pair already in $dir"
    return 0
  fi
  log "issuing the chaincode service's TLS pair (FinanceOrg's TLS CA)"
  local ca_cert ca_key work kind ext
  ca_cert=$(tls_ca 1)
  ca_key="$(org_dir 1)/tlsca/priv_sk"
  work="$crypto/.chaincode.tmp"
  rm -rf "$work"
  mkdir -p "$work"
  for kind in server client; do
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$kind.key")
    ext="$work/$kind.ext"
    if [ "$kind" = server ]; then
      printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' \
        "$chaincode_host" > "$ext"
    else
      printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' > "$ext"
    fi
    openssl req -new -key "$work/$kind.key" -subj "/C=CN/O=FinanceOrg/CN=chaincode-$kind.finance.fapiao.local" \
      -out "$work/$kind.csr"
    openssl x509 -req -in "$work/$kind.csr" -CA "$ca_cert" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 730 -sha256 -extfile "$ext" -out "$work/$kind.crt" 2>/dev/null
    rm -f "$work/$kind.csr" "$ext"
  done
  cp "$ca_cert" "$work/ca.crt"
  rm -rf "$dir"
  mv "$work" "$dir"
}

# What `platform configure --network` reads: each organisation's own peer's gateway, by host name.
write_organisation_settings() {
  local k
  mkdir -p "$organisations_dir"
  for k in 0 1 2 3; do
    write_atomically "$organisations_dir/$(msp_id "$k").properties" <<EOF
# Written by docker/init/crypto.sh: how organisation $(msp_id "$k")'s services reach its own peer's gateway.
# The identity (fapiao.identity.*) is the service's own user under $(org_dir "$k")/users.
fapiao.ledger.endpoint=$(peer_address "$k")
fapiao.ledger.tls-root-certificate=$(peer_dir "$k")/tls/ca.crt
fapiao.ledger.msp-id=$(msp_id "$k")
fapiao.ledger.channel=$channel
fapiao.ledger.chaincode=$chaincode
EOF
  done
}

mkdir -p "$network_home" "$config" "$platform_home"
write_crypto
write_chaincode_tls
write_organisation_settings
log "done: $crypto"
