#!/usr/bin/env bash
# Where the CPU of a Fabric network under load goes: samples every orderer and peer with perf (Go's
# symbols are in the binaries) and the chaincode services' JVMs with JDK Flight Recorder for the same
# seconds, then prints, per process, the share of its samples in each kind of work (ECDSA verify and
# sign, hashing, TLS, protobuf, gRPC/HTTP2, the state database, logging, the Go runtime's GC and
# scheduler, the kernel) and each JVM's hottest frames. Run it while a load runs, e.g.
#
#   ./fapiao bench ledger --ledger fabric --network /tmp/fb --keep --clients 32 --seconds 90 &
#   sleep 60; bench/profile-fabric.sh --network /tmp/fb --seconds 30 --out /tmp/profile
#
#   bench/profile-fabric.sh --network DIR [--seconds N] [--out DIR]   (needs perf; root or perf_event_paranoid <= 1)
#   bench/profile-fabric.sh --summarise PERF_DATA                       (the summary of a recording again)
#
# docs/benchmarks.md, "Where Fabric's CPU goes", shows what it printed and how to read it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"

network=""
seconds=30
out=""
summarise=""
while [ $# -gt 0 ]; do
  case "$1" in
    --network) network=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --summarise) summarise=$2; shift 2 ;;
    *) echo "profile: unknown option $1" >&2; exit 2 ;;
  esac
done

# Each sample's stack, leaf first, is put in the first category any of its frames matches, in this
# order: the crypto first (a signature check inside a TLS read is a signature check), the runtime last.
categorise() {
  awk '
    function flush() {
      if (proc == "") return
      cat = "other"
      n = split("ecdsa-verify ecdsa-sign sha256 tls-aes protobuf grpc-http2 statedb logging gc sched-syscall kernel", order, " ")
      for (i = 1; i <= n; i++) if (hit[order[i]]) { cat = order[i]; break }
      count[proc, cat]++; total[proc]++; cats[cat] = 1
      proc = ""; delete hit
    }
    /^$/ { flush(); next }
    /^[^\t]/ { flush(); proc = $1; next }
    {
      f = $2
      if (f ~ /ecdsa\.(Verify|VerifyASN1)|ecdsa\.verify|p256.*Verify|verifyECDSA/) hit["ecdsa-verify"] = 1
      else if (f ~ /ecdsa\.(Sign|SignASN1)|ecdsa\.sign|signECDSA/) hit["ecdsa-sign"] = 1
      else if (f ~ /sha256|sha512|(^|\.)Hash|block(AMD64|AVX|SHA)/) hit["sha256"] = 1
      else if (f ~ /crypto\/tls|crypto\/aes|gcm|crypto\/cipher/) hit["tls-aes"] = 1
      else if (f ~ /protobuf|protoimpl|proto\.(Marshal|Unmarshal|Clone|Size)|protoutil/) hit["protobuf"] = 1
      else if (f ~ /grpc|http2/) hit["grpc-http2"] = 1
      else if (f ~ /leveldb|kvledger|statedb|blkstorage|fsync|Fsync/) hit["statedb"] = 1
      else if (f ~ /zap|flogging|zapcore|logging/) hit["logging"] = 1
      else if (f ~ /runtime\.(gc|mallocgc|scanobject|markroot|bgsweep|sweepone|greyobject|findObject|wbBuf|gcDrain)/) hit["gc"] = 1
      else if (f ~ /runtime\.(schedule|findRunnable|park|futex|notewakeup|usleep|epoll|netpoll|mcall|stealWork)|syscall\.|internal\/poll/) hit["sched-syscall"] = 1
      else if (f ~ /^(_raw|__|do_|entry_|sys_|x64_)|_sys_/) hit["kernel"] = 1
    }
    END {
      flush()
      printf "%-22s %7s", "process", "samples"
      n = split("ecdsa-verify ecdsa-sign sha256 tls-aes protobuf grpc-http2 statedb logging gc sched-syscall kernel other", order, " ")
      for (i = 1; i <= n; i++) printf " %13s", order[i]
      printf "\n"
      for (p in total) {
        printf "%-22s %7d", p, total[p]
        for (i = 1; i <= n; i++) printf " %12.1f%%", 100 * count[p, order[i]] / total[p]
        printf "\n"
      }
    }'
}

# jfr print's execution samples, each in the first kind of work any frame of its stack matches.
jvm_categorise() {
  awk '
    function flush() {
      if (!open) return
      cat = "other"
      n = split("logging crypto json protobuf grpc-netty contract shim-router", order, " ")
      for (i = 1; i <= n; i++) if (hit[order[i]]) { cat = order[i]; break }
      count[cat]++; total++
      open = 0; delete hit
    }
    /jdk.ExecutionSample/ { flush(); open = 1; next }
    /^[ \t]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(/ {
      f = $1
      if (f ~ /java\.util\.logging|fabric\.Logger|ConsoleHandler|Formatter\.format/) hit["logging"] = 1
      else if (f ~ /bouncycastle|java\.security|sun\.security|javax\.crypto/) hit["crypto"] = 1
      else if (f ~ /jackson|io\.fapiao\.protocol\.json|org\.json|everit/) hit["json"] = 1
      else if (f ~ /com\.google\.protobuf/) hit["protobuf"] = 1
      else if (f ~ /io\.grpc|netty/) hit["grpc-netty"] = 1
      else if (f ~ /io\.fapiao/) hit["contract"] = 1
      else if (f ~ /org\.hyperledger\.fabric/) hit["shim-router"] = 1
    }
    END {
      flush()
      n = split("logging crypto json protobuf grpc-netty contract shim-router other", order, " ")
      printf "  %d samples:", total
      for (i = 1; i <= n; i++) if (total) printf "  %s %.1f%%", order[i], 100 * count[order[i]] / total
      printf "\n"
    }'
}

# perf script's output with each process named by its node (pid → name from the run folder).
named_stacks() {
  local data=$1
  perf script -i "$data" -F comm,pid,ip,sym 2>/dev/null | awk -v names="$2" '
    BEGIN { n = split(names, pairs, ","); for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); name[kv[1]] = kv[2] } }
    /^\t/ { print; next }
    /^$/ { print; next }
    { pid = $2; print (pid in name ? name[pid] : $1 "-" pid) }'
}

if [ -n "$summarise" ]; then
  names=""
  [ -f "$summarise.names" ] && names=$(cat "$summarise.names")
  named_stacks "$summarise" "$names" | categorise | sort
  exit 0
fi

[ -n "$network" ] || { echo "profile: --network DIR is required" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile: perf is not installed" >&2; exit 1; }
network=$(cd "$network" && pwd)
out=${out:-$(mktemp -d /tmp/fabric-profile.XXXXXX)}
mkdir -p "$out"
fapiao_select_jdk

pids=() names=()
for file in "$network"/run/orderer*.pid "$network"/run/peer*.pid; do
  [ -f "$file" ] || continue
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || continue
  node=$(basename "$file" .pid)
  pids+=("$pid"); names+=("$pid=${node%%.fapiao.local}")
done
[ ${#pids[@]} -gt 0 ] || { echo "profile: no orderer or peer runs from $network" >&2; exit 1; }
(IFS=,; echo "${names[*]}") > "$out/perf.data.names"

jvms=()
for file in "$network/run/chaincode.pid" "$network/bench-floor/service.pid"; do
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && jvms+=("$(cat "$file")")
done
for pid in "${jvms[@]}"; do
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=fabric-profile duration="${seconds}s" settings=profile \
    filename="$out/jvm-$pid.jfr" >/dev/null
done
top -b -d 1 -n "$seconds" -p "$(IFS=,; echo "${pids[*]}${jvms[*]:+,}$(IFS=,; echo "${jvms[*]:-}")")" > "$out/top.txt" &
top_pid=$!
echo "profile: sampling ${#pids[@]} Go processes with perf and ${#jvms[@]} JVM(s) with JFR for $seconds s into $out" >&2
perf record -F 199 -g -p "$(IFS=,; echo "${pids[*]}")" -o "$out/perf.data" -- sleep "$seconds" 2>/dev/null
wait "$top_pid" || true
sleep 2

echo "Share of each Go process's CPU samples by kind of work (perf, $seconds s, 199 Hz):"
named_stacks "$out/perf.data" "$(cat "$out/perf.data.names")" | categorise | sort
for pid in "${jvms[@]}"; do
  [ -f "$out/jvm-$pid.jfr" ] || continue
  echo
  echo "JVM $pid ($(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -o 'fapiao-[a-z-]*\.jar' || echo java)):" \
    "share of its Java samples (JFR) by kind of work, each sample in the first kind any frame of its stack matches"
  "$JAVA_HOME/bin/jfr" print --stack-depth 64 --events jdk.ExecutionSample "$out/jvm-$pid.jfr" | jvm_categorise
  echo "  hottest leaf frames:"
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample "$out/jvm-$pid.jfr" \
    | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); top[$0]++; n++ }
           END { for (f in top) printf "%6.1f%%  %s\n", 100 * top[f] / n, f }' | sort -rn | head -8
done
echo
echo "profile: recordings in $out (perf report -i $out/perf.data; jfr print $out/jvm-*.jfr; top.txt)" >&2
