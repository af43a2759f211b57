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
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
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

# Maven on JDK 25 warns about sun.misc.Unsafe in its own libraries; keep the output readable.
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
