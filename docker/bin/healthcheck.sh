#!/usr/bin/env bash
# Healthcheck of the project's images (docker/compose.yaml): a service is healthy when its
# /actuator/health answers "UP" on the port its properties file gives; the chaincode service when its
# port accepts connections (it speaks only TLS gRPC to peers). bash's /dev/tcp, no curl needed.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../init/lib.sh"

if [ -n "${FAPIAO_SERVICE:-}" ]; then
  port=$(sed -n 's/^server\.port=//p' "$platform_home/services/$FAPIAO_SERVICE.properties")
  exec 3<>"/dev/tcp/127.0.0.1/${port:?no server.port}"
  printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  grep -q '"status":"UP"' <&3
else
  exec 3<>"/dev/tcp/127.0.0.1/${CHAINCODE_SERVER_ADDRESS##*:}"
fi
