#!/usr/bin/env bash
# Healthcheck of the project's images (docker/compose.yaml): a service is healthy when its
# /actuator/health answers "UP" on the port its properties file gives; the chaincode service when its
# port accepts connections (it speaks only TLS gRPC to peers). openssl for the services' HTTPS (the
# certificate is not checked here: the question is whether the service answers), bash's /dev/tcp else.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../init/lib.sh"

if [ -n "${FAPIAO_SERVICE:-}" ]; then
  port=$(sed -n 's/^server\.port=//p' "$platform_home/services/$FAPIAO_SERVICE.properties")
  printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' \
    | openssl s_client -quiet -connect "127.0.0.1:${port:?no server.port}" -servername localhost 2>/dev/null \
    | grep -q '"status":"UP"'
else
  exec 3<>"/dev/tcp/127.0.0.1/${CHAINCODE_SERVER_ADDRESS##*:}"
fi
