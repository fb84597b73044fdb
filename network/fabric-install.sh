#!/usr/bin/env bash
# Builds Hyperledger Fabric's binaries (peer, orderer, configtxgen, configtxlator, osnadmin) and the
# chaincode-as-a-service builder into a cache outside git, from Fabric's release source with its
# vendored Go modules, so no module is downloaded for Fabric itself. Sourced by network/fabric.sh.
#
#   FABRIC_BIN     a folder with ready binaries (Fabric's release tarball's bin/): used as it is
#   FABRIC_SOURCE  the source archive (default: ../shared/fabric/fabric-3.1.5.tar.gz beside the checkout)
#   FABRIC_CACHE   where the build goes (default: ~/.cache/fapiao/fabric-3.1.5); reused when complete

fabric_version=3.1.5
fabric_commit=86c1172bec37e6590c6b1ae6f847833df48d65fc
fabric_binaries=(peer orderer configtxgen configtxlator osnadmin)
ccaas_binaries=(detect build release)

fabric_cache() {
  echo "${FABRIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fapiao/fabric-$fabric_version}"
}

# fabric_bin_dir: the folder that holds (or will hold) the binaries.
fabric_bin_dir() {
  if [ -n "${FABRIC_BIN:-}" ]; then echo "$FABRIC_BIN"; else echo "$(fabric_cache)/bin"; fi
}

# The chaincode-as-a-service builder: a folder with bin/detect, bin/build, bin/release, as a peer's
# chaincode.externalBuilders entry names it.
fabric_ccaas_builder() {
  echo "$(fabric_cache)/ccaas_builder"
}

fabric_installed() {
  local bin b
  bin=$(fabric_bin_dir)
  for b in "${fabric_binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done
  for b in "${ccaas_binaries[@]}"; do [ -x "$(fabric_ccaas_builder)/bin/$b" ] || return 1; done
}

fabric_install() {
  if fabric_installed; then
    echo "fabric: binaries ready in $(fabric_bin_dir)"
    return 0
  fi
  if [ -n "${FABRIC_BIN:-}" ]; then
    # A user's own binaries may lack the ccaas builder (Fabric's release tarball has none), so it
    # is still built from source when a source archive is at hand.
    [ -x "$FABRIC_BIN/peer" ] || { echo "fabric: FABRIC_BIN=$FABRIC_BIN has no peer binary" >&2; return 1; }
  fi
  local source=${FABRIC_SOURCE:-$root/../shared/fabric/fabric-$fabric_version.tar.gz}
  if [ ! -f "$source" ]; then
    echo "fabric: no source archive at $source; set FABRIC_SOURCE to Fabric v$fabric_version's source" \
         "tarball, or FABRIC_BIN to a folder with Fabric's release binaries" >&2
    return 1
  fi
  command -v go >/dev/null || { echo "fabric: building Fabric needs Go (1.23 or newer) on the PATH" >&2; return 1; }
  local cache src bin
  cache=$(fabric_cache)
  bin=$(fabric_bin_dir)
  src="$cache/src/fabric-$fabric_version"
  mkdir -p "$cache/src" "$bin" "$(fabric_ccaas_builder)/bin"
  if [ ! -f "$src/go.mod" ]; then
    echo "fabric: unpacking $source"
    rm -rf "$src"
    tar xzf "$source" -C "$cache/src"
  fi
  # The version stamp Fabric's Makefile puts into its release binaries (common/metadata).
  local pkg=github.com/hyperledger/fabric/common/metadata
  local ldflags="-X $pkg.Version=$fabric_version -X $pkg.CommitSHA=${fabric_commit:0:7}"
  ldflags+=" -X $pkg.BaseDockerLabel=org.hyperledger.fabric -X $pkg.DockerNamespace=hyperledger"
  local targets=()
  local b
  for b in "${fabric_binaries[@]}"; do [ -x "$bin/$b" ] || targets+=("./cmd/$b"); done
  if [ ${#targets[@]} -gt 0 ]; then
    echo "fabric: building ${targets[*]} from vendored sources (1-3 minutes)"
    (cd "$src" && GOFLAGS=-mod=vendor GOPROXY=off go build -buildvcs=false -ldflags "$ldflags" -o "$bin/" "${targets[@]}")
  fi
  echo "fabric: building the chaincode-as-a-service builder"
  (cd "$src/ccaas_builder" && go build -buildvcs=false -o "$(fabric_ccaas_builder)/bin/" ./cmd/detect ./cmd/build ./cmd/release)
  # sampleconfig/ is the starting point of every node's configuration; overrides are written by up.
  rm -rf "$cache/sampleconfig" && cp -r "$src/sampleconfig" "$cache/sampleconfig"
  fabric_installed && echo "fabric: binaries ready in $bin"
}

fabric_sampleconfig() {
  local cache
  cache=$(fabric_cache)
  if [ -d "$cache/sampleconfig" ]; then echo "$cache/sampleconfig"; return; fi
  echo "fabric: no sampleconfig in $cache; run network/fabric.sh install" >&2
  return 1
}
