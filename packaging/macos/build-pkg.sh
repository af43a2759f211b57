#!/usr/bin/env bash
# Builds target/packaging/Pechatka-<version>.pkg on macOS: jlinked runtime (JavaFX included),
# jpackage app image, AOT cache when the training run works, and a .pkg whose postinstall script
# installs an administrator's policy (resources/postinstall). NOT VERIFIED: written on Linux, meant
# for the macos-latest runner of .github/workflows/packages.yml. Unsigned (no Developer ID here):
# sign and notarize with --mac-sign / notarytool before giving it to users. See docs/install.md.
#
# Silent install with a policy: put pechatka-policy.json next to the .pkg, then
#   sudo installer -pkg Pechatka-<version>.pkg -target /
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
out="$root/target/packaging"
[ -f target/pechatka.jar ] || ./mvnw -B -ntp -DskipTests package
version="$(unzip -p target/pechatka.jar META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')"
app_version="${version%%-*}"
# macOS wants a first version number of 1 or more
case "$app_version" in 0.*) app_version="1.${app_version#0.}" ;; esac
rm -rf "$out" && mkdir -p "$out/input/lib" "$out/icons" "$out/res"
cp -p target/pechatka.jar "$out/input/"
for lib in target/lib/*.jar; do
  case "$(basename "$lib")" in javafx-*) ;; *) cp -p "$lib" "$out/input/lib/" ;; esac
done
deps="$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --class-path "$out/input/lib/*" "$out/input/pechatka.jar")"
modules="$deps,jdk.localedata,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.management,javafx.controls,javafx.fxml"
fxpath="$(ls target/lib/javafx-*-mac*.jar | tr '\n' ':')"
"$JAVA_HOME/bin/jlink" --module-path "$fxpath" --add-modules "$modules" --include-locales=en,be,ru \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$out/runtime"
"$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "target/classes:target/lib/*" \
  packaging/common/MakeIcon.java "$out/icons" 1024 512 256 128 64 32 16
iconset="$out/icons/pechatka.iconset" && mkdir -p "$iconset"
for s in 16 32 128 256 512; do
  cp "$out/icons/pechatka-$s.png" "$iconset/icon_${s}x${s}.png"
  cp "$out/icons/pechatka-$((s * 2)).png" "$iconset/icon_${s}x${s}@2x.png" 2>/dev/null ||
    sips -z $((s * 2)) $((s * 2)) "$out/icons/pechatka-1024.png" --out "$iconset/icon_${s}x${s}@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$out/icons/pechatka.icns"
jopts=()
for o in --enable-native-access=ALL-UNNAMED,javafx.graphics -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 \
    -Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -Xms16m -Xmx512m -XX:TieredStopAtLevel=1 -Dprism.order=sw; do
  jopts+=(--java-options "$o")
done
"$JAVA_HOME/bin/jpackage" --type app-image --name Pechatka --dest "$out/image" --input "$out/input" \
  --main-jar pechatka.jar --main-class org.pechatka.app.Main --runtime-image "$out/runtime" \
  --app-version "$app_version" --vendor Pechatka --icon "$out/icons/pechatka.icns" \
  --mac-package-identifier org.pechatka.Pechatka "${jopts[@]}"
app="$out/image/Pechatka.app"
cfg="$app/Contents/app/Pechatka.cfg"
aot="$app/Contents/app/pechatka.aot"
cp -p "$cfg" "$out/cfg.saved"
echo "java-options=-XX:AOTCacheOutput=$aot" >> "$cfg"
work="$(mktemp -d)"
"$app/Contents/MacOS/Pechatka" --data-dir "$work/data" --port 0 --no-tray > "$work/out" 2>&1 &
pid=$! listening=no
for _ in $(seq 1 600); do
  grep -q '^listening on ' "$work/out" && { listening=yes; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$pid" 2>/dev/null || true
cp -p "$out/cfg.saved" "$cfg"
if [ "$listening" = yes ] && [ -s "$aot" ]; then
  echo 'java-options=-XX:AOTCache=$APPDIR/pechatka.aot' >> "$cfg"
else
  echo "build-pkg: the AOT training run failed; the package starts without a cache" >&2
  rm -f "$aot"
fi
rm -rf "$work"
cp "$here/resources/postinstall" "$out/res/postinstall"
"$JAVA_HOME/bin/jpackage" --type pkg --app-image "$app" --name Pechatka --app-version "$app_version" \
  --vendor Pechatka --resource-dir "$out/res" --dest "$out"
ls -l "$out"/*.pkg
