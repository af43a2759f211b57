#!/usr/bin/env bash
# Builds the Debian/Ubuntu package target/packaging/pechatka_<version>_<arch>.deb.
#
#   packaging/linux/build-deb.sh [OUT_DIR]     (default target/packaging)
#
# 1. build-app-image.sh: jlinked runtime + jpackage app image + AOT cache (OUT_DIR/image/Pechatka);
# 2. jpackage --type deb --app-image: the payload under /opt/pechatka, Depends computed from the
#    runtime's native libraries plus ours (--linux-package-deps), no --linux-shortcut (it makes
#    dpkg -i fail on systems without a menu directory: /work/shared/reference/stack-notes.md);
# 3. dpkg-deb -R / -b: the control part rebuilt with our maintainer scripts and debconf question
#    (jpackage's --resource-dir templates cannot add debconf's templates/config files nor files
#    outside /opt), plus /usr/bin/pechatka, the menu entry and the icons. See packaging/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../bin/setup.sh"
pechatka_find_java
cd "$PECHATKA_ROOT"
out="$(realpath -m "${1:-target/packaging}")"
start="$(date +%s.%N)"
"$here/build-app-image.sh" "$out"
version="$(cat "$out/version.txt")"
app_version="${version%%-*}"
# Debian orders 0.1.0~SNAPSHOT before 0.1.0: a snapshot is replaced by the release
deb_version="${version/-/\~}-1"
arch="$(dpkg --print-architecture)"

t0="$(date +%s.%N)"
rm -rf "$out/deb" "$out/root" && mkdir -p "$out/deb"
# jpackage's deb is only unpacked again below: not compressed (dpkg-deb reads these variables)
DPKG_DEB_COMPRESSOR_TYPE=none "$JAVA_HOME/bin/jpackage" --type deb --app-image "$out/image/Pechatka" --name Pechatka \
  --linux-package-name pechatka --install-dir /opt --app-version "$app_version" --linux-app-release 1 \
  --description "Electronic signatures for government portals" --vendor "Pechatka" \
  --linux-deb-maintainer pechatka@users.noreply.github.com \
  --linux-menu-group "Utility;Security" --linux-app-category utils \
  --linux-package-deps "libgtk-3-0 | libgtk-3-0t64, libp11-kit0, debconf (>= 0.5) | debconf-2.0" \
  --dest "$out/deb"
jdeb="$(ls "$out"/deb/pechatka_*.deb)"
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%-12s %5.1f s\n", "jpackage-deb", b - a }' >> "$out/build-times.txt"
t1="$(date +%s.%N)"

# --- the control part and the files outside /opt ---
root="$out/root"
dpkg-deb -R "$jdeb" "$root"
[ -x "$root/opt/pechatka/bin/Pechatka" ] || { echo "build-deb: $jdeb has no /opt/pechatka/bin/Pechatka" >&2; exit 1; }
# jpackage copies the image without keeping modification times; the AOT cache checks the jars'
# times (build-app-image.sh): give every file back the time it has in the image
(cd "$out/image/Pechatka" && find . -type f) | while IFS= read -r f; do
  [ ! -e "$root/opt/pechatka/$f" ] || touch -h -r "$out/image/Pechatka/$f" "$root/opt/pechatka/$f"
done
for f in postinst prerm postrm config; do
  install -m 0755 "$here/debian/$f" "$root/DEBIAN/$f"
done
install -m 0644 "$here/debian/templates" "$root/DEBIAN/templates"
rm -f "$root/DEBIAN/preinst"
install -D -m 0755 "$here/pechatka-wrapper.sh" "$root/usr/bin/pechatka"
install -D -m 0644 "$here/pechatka.desktop" "$root/usr/share/applications/pechatka.desktop"
for size in 256 128 64 48 32; do
  install -D -m 0644 "$out/icons/pechatka-$size.png" "$root/usr/share/icons/hicolor/${size}x$size/apps/pechatka.png"
done
# jpackage's copyright file names no licence; ours is the project's
install -D -m 0644 LICENSE "$root/usr/share/doc/pechatka/copyright"
control="$root/DEBIAN/control"
# libasound2 became libasound2t64 in Debian 13 and Ubuntu 24.04 (the 64-bit time_t transition)
sed -i -e "s/^Version: .*/Version: $deb_version/" -e 's/\blibasound2\b,/libasound2 | libasound2t64,/' \
  -e "s/^Installed-Size: .*/Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)/" "$control"
grep -q '^Homepage:' "$control" || echo "Homepage: https://github.com/pechatka/pechatka" >> "$control"
# tokens: the PC/SC daemon and OpenSC's module serve most smart cards; suggested, not pulled in,
# so a silent install needs nothing beyond the dependencies
echo "Suggests: pcscd, opensc-pkcs11" >> "$control"
sed -i '/^$/d' "$control"
deb="$out/pechatka_${deb_version}_${arch}.deb"
rm -f "$out"/pechatka_*.deb
# the files keep their modification times: the AOT cache checks them (build-app-image.sh)
# gzip: every dpkg reads it, and the runtime's modules are compressed already (jlink --compress),
# so xz saves little here for minutes more on two cores; PECHATKA_DEB_COMPRESSION=xz to compare
case "${PECHATKA_DEB_COMPRESSION:-gzip}" in
  xz) zopts=(-Zxz -z6) ;;
  *) zopts=(-Zgzip -z6) ;;
esac
dpkg-deb --root-owner-group "${zopts[@]}" --threads-max="$(nproc)" -b "$root" "$deb" >/dev/null
rm -rf "$root" "$out/deb"
now="$(date +%s.%N)"
awk -v a="$t1" -v b="$now" 'BEGIN { printf "%-12s %5.1f s\n", "dpkg-deb", b - a }' >> "$out/build-times.txt"
awk -v a="$t0" -v b="$now" 'BEGIN { printf "%-12s %5.1f s\n", "deb", b - a }' >> "$out/build-times.txt"
awk -v a="$start" -v b="$now" 'BEGIN { printf "%-12s %5.1f s\n", "total", b - a }' >> "$out/build-times.txt"
echo "build-deb: $deb ($(du -h "$deb" | cut -f1), installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"
cat "$out/build-times.txt"
