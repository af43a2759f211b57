#!/usr/bin/env bash
# Builds Pechatka's Linux app image: a jlinked runtime with only the modules the app needs (JavaFX
# included), the launcher, the unsigned Bouncy Castle jars and an AOT cache made with that runtime.
#
#   packaging/linux/build-app-image.sh [OUT_DIR]     (default target/packaging)
#
# Input: the output of `./mvnw package` (target/pechatka.jar + target/lib, Bouncy Castle unsigned
# there by src/build/UnsignJars.java); it runs `./mvnw -o -DskipTests package` when the jar is missing.
# Output: OUT_DIR/image/Pechatka (the app image: bin/Pechatka, lib/app, lib/runtime) and the
# timings in OUT_DIR/build-times.txt. Needs a display for the AOT training run: uses xvfb-run when
# DISPLAY is unset. PECHATKA_AOT=off builds without the cache (to compare start times).
set -euo pipefail
# the AOT training run starts the app, which needs a display: a virtual one when there is none
if [ -z "${DISPLAY:-}" ] && [ "${PECHATKA_AOT:-on}" != off ]; then
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
source "$(dirname "$0")/../../bin/setup.sh"
pechatka_find_java
cd "$PECHATKA_ROOT"
out="$(realpath -m "${1:-target/packaging}")"
jar=target/pechatka.jar
if [ ! -f "$jar" ]; then
  ./mvnw -o -q -B -DskipTests package
fi
version="$(sed -n 's/^Implementation-Version: *//p' <(unzip -p "$jar" META-INF/MANIFEST.MF) | tr -d '\r')"
[ -n "$version" ] || { echo "build-app-image: no Implementation-Version in $jar" >&2; exit 1; }
# jpackage wants a plain number (1 to 3 parts); the package version says SNAPSHOT (build-deb.sh)
app_version="${version%%-*}"
fxver="$(ls target/lib/javafx-base-*-linux.jar | sed 's/.*javafx-base-\(.*\)-linux.jar/\1/')"

rm -rf "$out/runtime" "$out/input" "$out/image" "$out/icons"
mkdir -p "$out/input/lib" "$out/icons"
times="$out/build-times.txt"
: > "$times"
now() { date +%s.%N; }
# step NAME START: appends "NAME seconds" since START to the timings
step() { awk -v n="$1" -v a="$2" -v b="$(now)" 'BEGIN { printf "%-12s %5.1f s\n", n, b - a }' >> "$times"; }

# --- the application's files: the jar and its libraries, JavaFX excepted (it is in the runtime) ---
cp -p "$jar" "$out/input/"
for lib in target/lib/*.jar; do
  case "$(basename "$lib")" in javafx-*) continue ;; esac
  cp -p "$lib" "$out/input/lib/"
done

# --- the modules: what jdeps sees, plus what is loaded by name at run time ---
t0="$(now)"
deps="$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --class-path "$out/input/lib/*" "$out/input/pechatka.jar")"
# jdk.localedata: Belarusian and Russian month and day names (java.base has English only);
# jdk.crypto.cryptoki: the SunPKCS11 provider Java's KeyStore API names (ipkcs11wrapper does not need it,
# kept for `pechatka doctor` and the JDK's own PKCS#11 config files); jdk.unsupported: JavaFX and
# Jetty use sun.misc.Unsafe; jdk.zipfs: jar file systems; jdk.charsets: windows-1251 and KOI8-R text
# files; jdk.management: the memory figures of `pechatka bench`/doctor.
extra="jdk.localedata,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.management"
modules="$deps,$extra,javafx.controls,javafx.fxml"
# JavaFX's platform jars are modular: on jlink's module path they become modules of the runtime
# (natives included, extracted at first use like from the class path)
fxpath="$(ls target/lib/javafx-*-"$fxver"-linux.jar | tr '\n' ':')"
"$JAVA_HOME/bin/jlink" --module-path "$fxpath" --add-modules "$modules" \
  --include-locales=en,be,ru --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$out/runtime"
step jlink "$t0"
echo "$modules" > "$out/modules.txt"

# --- the icon: the tray's seal ---
"$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "target/classes:target/lib/*" \
  packaging/common/MakeIcon.java "$out/icons" 256 128 64 48 32

# --- the app image ---
t0="$(now)"
# JavaFX is a named module of the runtime here (javafx.graphics loads its natives)
jvm=(--enable-native-access=ALL-UNNAMED,javafx.graphics -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8
  -Xlog:disable -Xlog:all=warning:stderr)
pechatka_jvm_options jvm
jopts=()
for o in "${jvm[@]}"; do jopts+=(--java-options "$o"); done
"$JAVA_HOME/bin/jpackage" --type app-image --name Pechatka --dest "$out/image" \
  --input "$out/input" --main-jar pechatka.jar --main-class org.pechatka.app.Main \
  --runtime-image "$out/runtime" --app-version "$app_version" \
  --description "Electronic signatures for government portals" --vendor "Pechatka" \
  --icon "$out/icons/pechatka-256.png" "${jopts[@]}"
step app-image "$t0"
image="$out/image/Pechatka"
cfg="$image/lib/app/Pechatka.cfg"
[ -f "$cfg" ] || { echo "build-app-image: $cfg missing" >&2; exit 1; }

# --- the AOT cache, made by the image's own launcher and runtime ---
# A cache belongs to one JVM build and one class path (docs/performance.md, "For the installers"):
# the training runs the packaged launcher with -XX:AOTCacheOutput added to its config for that run
# (the launcher does not read JDK_JAVA_OPTIONS), then the cache is named in the launcher's config, relative to the app directory ($APPDIR). dpkg keeps the
# files' modification times, so the cache still fits under /opt/pechatka.
if [ "${PECHATKA_AOT:-on}" != off ]; then
  t0="$(now)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  aot="$image/lib/app/pechatka.aot"
  train() {
    "$image/bin/Pechatka" \
      --data-dir "$work/data" --port 0 --no-tray >"$work/out" 2>&1 &
    local pid=$! listening=no
    for _ in $(seq 1 600); do
      if grep -q '^listening on ' "$work/out"; then listening=yes; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ "$listening" = yes ]
  }
  export GDK_GL=disable
  cp -p "$cfg" "$work/cfg"
  echo "java-options=-XX:AOTCacheOutput=$aot" >> "$cfg"
  trained=yes
  train || trained=no
  cp -p "$work/cfg" "$cfg"
  if [ "$trained" = no ] || [ ! -s "$aot" ]; then
    echo "build-app-image: the AOT training run failed:" >&2
    tail -n 30 "$work/out" >&2
    exit 1
  fi
  echo 'java-options=-XX:AOTCache=$APPDIR/pechatka.aot' >> "$cfg"
  step aot "$t0"
fi
echo "$version" > "$out/version.txt"
echo "build-app-image: $image ($(du -sh "$image" | cut -f1)), modules: $modules"
cat "$times"
