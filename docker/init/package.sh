#!/usr/bin/env bash
# Init step 3 (fapiao-fabric-init image): the chaincode-as-a-service package every peer installs, and
# its package id, which the chaincode service is started with. The package holds only where the
# service listens (chaincode.finance.fapiao.local) and the TLS pair the peers dial it with; the same
# bytes give the same id on every peer. Idempotent: an existing package and id are kept.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$config/chaincode"
id_file="$dir/package-id"
if [ -s "$dir/fapiao.tar.gz" ] && [ -s "$id_file" ]; then
  log "package already built: $(cat "$id_file")"
  exit 0
fi
tls="$crypto/chaincode"
[ -f "$tls/client.crt" ] || die "no chaincode TLS pair in $tls; the crypto step has not run"

pem_json() { awk '{printf "%s\\n", $0}' "$1"; }

work="$dir/.src.tmp"
rm -rf "$work"
mkdir -p "$work"
cat > "$work/connection.json" <<EOF
{
  "address": "$chaincode_host:$(chaincode_port)",
  "dial_timeout": "10s",
  "tls_required": true,
  "client_auth_required": true,
  "client_key": "$(pem_json "$tls/client.key")",
  "client_cert": "$(pem_json "$tls/client.crt")",
  "root_cert": "$(pem_json "$tls/ca.crt")"
}
EOF
printf '{"type":"ccaas","label":"%s_%s"}\n' "$chaincode" "$cc_version" > "$work/metadata.json"
# Reproducible archives: the package id is the hash of these bytes.
tar_opts=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
tar "${tar_opts[@]}" -C "$work" -cf - connection.json | gzip -n > "$work/code.tar.gz"
tar "${tar_opts[@]}" -C "$work" -cf - metadata.json code.tar.gz | gzip -n > "$work/fapiao.tar.gz"
# The package embeds the client key: readable by its owner only, as the key itself is.
chmod 0600 "$work/fapiao.tar.gz"
mv -f "$work/fapiao.tar.gz" "$dir/fapiao.tar.gz"
rm -rf "$work"

peer_cli 1 lifecycle chaincode calculatepackageid "$dir/fapiao.tar.gz" | write_atomically "$id_file"
chmod 0644 "$id_file"
log "package $(cat "$id_file")"
