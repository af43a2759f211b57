#!/usr/bin/env bash
# Shared by bin/demo and bin/test: finds a JDK 25 and installs the Debian/Ubuntu packages Pechatka
# needs (as root), or prints the exact command to run (as an ordinary user).
# Source it; do not run it.

PECHATKA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Prints the packages of "$@" that are not installed.
pechatka_missing_packages() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s ' "$p"
    fi
  done
}

# pechatka_install_packages required|optional PACKAGE...
# Installs missing packages when root. Otherwise prints the command; returns 1 when they are required.
pechatka_install_packages() {
  local need="$1"; shift
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "pechatka: not a Debian/Ubuntu system; make sure these are installed: $*" >&2
    return 0
  fi
  local missing
  missing="$(pechatka_missing_packages "$@")"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "pechatka: installing ${missing}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing} >&2
    return $?
  fi
  echo "pechatka: these packages are missing; install them with:" >&2
  echo "" >&2
  echo "    sudo apt-get install -y ${missing}" >&2
  echo "" >&2
  [ "$need" = optional ] && return 0
  return 1
}

# Sets JAVA_HOME to a JDK 25 or newer, or explains how to get one.
pechatka_find_java() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/jdk-25* \
      /usr/lib/jvm/temurin-2[6-9]-jdk-* /opt/java/openjdk; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    version=""
    # the JDK's release file says its version; starting a JVM to ask would cost every start 0.1-0.2 s
    if [ -f "$candidate/release" ]; then
      version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")"
    fi
    if [ -z "$version" ]; then
      version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    fi
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
pechatka: a JDK 25 is needed (Debian's default java is older). Install Eclipse Temurin 25:

    sudo apt-get install -y wget apt-transport-https gpg
    wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo gpg --dearmor -o /usr/share/keyrings/adoptium.gpg
    echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $(. /etc/os-release; echo $VERSION_CODENAME) main" | sudo tee /etc/apt/sources.list.d/adoptium.list
    sudo apt-get update && sudo apt-get install -y temurin-25-jdk

or point JAVA_HOME at any JDK 25.
MSG
  return 1
}

# pechatka_jvm_options ARRAY_NAME
# Appends the JVM options for the resident app to the named bash array (each measured, see
# docs/performance.md "Start-up and memory"):
#   -XX:+UseSerialGC   a small heap needs no parallel collector: less CPU at start, no G1 card
#                      tables and remembered sets (G1 committed 45 MB of its own structures here)
#   -Xms16m -Xmx512m   start small (the default initial heap, 1/64 of RAM, let the start touch
#                      100+ MB before the first collection); room for 16 MiB messages, several at once
#   -XX:TieredStopAtLevel=1  C1 only: a third less CPU until listening; the requests stay well
#                      under a millisecond (the token and the person dominate every signature)
#   -Dprism.order=sw   JavaFX draws its few small windows in software: no OpenGL driver stack
#                      (Mesa's llvmpipe alone was 45 MB resident), no GL trouble in VMs and remote
#                      desktops; bin/pechatka also sets GDK_GL=disable so GTK does not load it either
pechatka_jvm_options() {
  local -n _opts="$1"
  _opts+=(-XX:+UseSerialGC -Xms16m -Xmx512m -XX:TieredStopAtLevel=1 -Dprism.order=sw)
}

# pechatka_aot_fresh CACHE JAR JVM_OPTION...
# True when CACHE exists, is newer than the application's jars and the JDK, and was made by this
# JDK with these options.
pechatka_aot_fresh() {
  local aot="$1" jar="$2" lib stamp=""
  shift 2
  [ -f "$aot" ] && [ -f "$aot.stamp" ] || return 1
  [ "$aot" -nt "$jar" ] && [ "$aot" -nt "$JAVA_HOME/lib/modules" ] || return 1
  for lib in "$(dirname "$jar")"/lib/*.jar; do
    [ "$aot" -nt "$lib" ] || return 1
  done
  IFS= read -r stamp < "$aot.stamp" || true
  [ "$stamp" = "$JAVA_HOME $*" ]
}

# pechatka_aot_train CACHE JAR JVM_OPTION...
# Makes the ahead-of-time cache (JDK 25, one-step training: -XX:AOTCacheOutput): starts the app with
# a throwaway data directory on a free port, waits until it listens, stops it; the JVM writes the
# cache as it exits. Another start making the cache at the same time (the lock) makes this one
# return 1 at once: it starts without the cache. The cache is moved into place whole, so a start
# never reads half a file.
pechatka_aot_train() {
  local aot="$1" jar="$2" failed=""
  shift 2
  command -v flock >/dev/null 2>&1 || return 1
  # the app needs a display to start; without one (a server, CI) commands run without the cache
  [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || return 1
  # a training that failed for this build and these options is not tried at every start
  if [ -f "$aot.failed" ] && [ "$aot.failed" -nt "$jar" ]; then
    IFS= read -r failed < "$aot.failed" || true
    [ "$failed" = "$JAVA_HOME $*" ] && return 1
  fi
  (
    flock -n 9 || exit 1
    work="$(mktemp -d "${TMPDIR:-/tmp}/pechatka-aot.XXXXXX")" || exit 1
    # written next to the cache so that the final rename is atomic (same file system)
    tmp="$aot.$$.tmp"
    trap 'rm -rf "$work" "$tmp" "$tmp.config" "$tmp.stamp"' EXIT
    echo "pechatka: preparing the start-up cache (once after each build or JDK update, about 10 s)" >&2
    "$JAVA_HOME/bin/java" "$@" "-XX:AOTCacheOutput=$tmp" -jar "$jar" \
      --data-dir "$work/data" --port 0 --no-tray >"$work/out" 2>&1 &
    pid=$!
    listening=no
    # a warm start listens within 2 s on a slow machine; one that has not after 30 s is failing
    for _ in $(seq 1 300); do
      if grep -q '^listening on ' "$work/out"; then listening=yes; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    # the JVM writes the cache on its way out (a few seconds); never wait for ever
    for _ in $(seq 1 1200); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$listening" = yes ] && [ -s "$tmp" ]; then
      rm -f "$aot.failed"
      printf '%s\n' "$JAVA_HOME $*" > "$tmp.stamp" &&
        mv -f "$tmp.stamp" "$aot.stamp" && mv -f "$tmp" "$aot" && exit 0
    fi
    echo "pechatka: could not prepare the start-up cache; starting without it (until the next build)." \
      "The training run said:" >&2
    tail -n 20 "$work/out" >&2
    printf '%s\n' "$JAVA_HOME $*" > "$aot.failed" || true
    exit 1
  ) 9>"$aot.lock"
}

# Maven on JDK 25 warns about sun.misc.Unsafe in its own libraries; keep the output readable.
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
