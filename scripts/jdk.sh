# Sourced by ./fapiao and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: JAVA_HOME if it is new enough, else the default `java`, else the newest JDK in the
# folder that holds the default one (on Debian, /usr/lib/jvm).

fapiao_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]); exit }'
}

fapiao_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(fapiao_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  local default_java
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    default_java=$(readlink -f "$default_java")
    local default_home=${default_java%/bin/java}
    major=$(fapiao_java_major "$default_java")
    if [ "${major:-0}" -ge 21 ] && [ -x "$default_home/bin/javac" ]; then
      export JAVA_HOME=$default_home; return 0
    fi
    for candidate in "$(dirname "$default_home")"/*/; do
      candidate=${candidate%/}
      [ -x "$candidate/bin/javac" ] && [ ! -L "$candidate" ] || continue
      major=$(fapiao_java_major "$candidate/bin/java")
      if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate; best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "fapiao: no JDK 21 or newer found. Install one and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# fapiao_jvm_flags: the flags every Fapiao JVM is started with, in FAPIAO_JVM_FLAGS. gRPC's Netty,
# RocksDB and the font code use native access and sun.misc.Unsafe's memory methods, for which a JDK
# 24+ prints warnings at every start. Granting them explicitly says the project means it and keeps
# the output for what a person must read. A JDK that does not know a flag is not given it.
fapiao_jvm_flags() {
  local java="$JAVA_HOME/bin/java" flags="--enable-native-access=ALL-UNNAMED"
  if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    flags="$flags --sun-misc-unsafe-memory-access=allow"
  fi
  export FAPIAO_JVM_FLAGS="$flags"
}

# fapiao_select_jdk: JAVA_HOME and FAPIAO_JVM_FLAGS for this run.
fapiao_select_jdk() {
  fapiao_find_jdk && fapiao_jvm_flags
}
