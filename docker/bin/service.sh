#!/usr/bin/env bash
# Entry point of the fapiao-his-adapter, fapiao-finance-verifier and fapiao-issuer-api images: the
# Spring Boot service named by FAPIAO_SERVICE (set by the image), with the properties file that the
# configure step wrote for it on the shared volume, as scripts/platform.sh starts it on one machine.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../init/lib.sh"

service=${FAPIAO_SERVICE:?FAPIAO_SERVICE names the service: his-adapter, finance-verifier or issuer-api}
properties="$platform_home/services/$service.properties"
[ -f "$properties" ] || die "$properties does not exist; the configure step has not run"
# shellcheck disable=SC2086  # the options are words on purpose
exec java ${JAVA_OPTS:-} -jar "/opt/fapiao/fapiao-$service.jar" \
  "--spring.config.additional-location=file:$properties" "$@"
