#!/usr/bin/env bash
# Init step 7 (fapiao-tools image): `fapiao platform configure --network`, as `./fapiao up --fabric`
# runs it: the GM (SM2) keys on the first run, the ledger's governance brought to the development plan
# as FinanceOrg's Admin through its peer's gateway (only what is missing), and one properties file per
# service under platform/services/, each naming its organisation's peer by host name. Idempotent by
# design of the command.
set -euo pipefail
# shellcheck source=docker/init/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cli_jar=${FAPIAO_CLI_JAR:-/opt/fapiao/fapiao-cli.jar}
[ -d "$organisations_dir" ] || die "no $organisations_dir; the crypto step has not run"

# The services listen on port-base + 1081..1083: 8081, 8082, 8083, as on one machine, on every
# interface of their container (compose publishes them on the host's loopback by default).
# shellcheck disable=SC2086  # the options are words on purpose
java ${JAVA_OPTS:-} -jar "$cli_jar" platform configure --home "$platform_home" --network "$network_home" \
  --port-base 7000 --bind-address 0.0.0.0
log "done: $platform_home/services"
