#!/usr/bin/env bash
# Install test of the Debian package, as an administrator would run it, on this machine, as root:
# builds the .deb (or takes PECHATKA_DEB=path), preseeds a policy (one trusted origin, autostart on),
# installs silently with apt-get, checks the files, the autostart entry, the policy file and
# `pechatka --version` with no JDK visible, starts the installed app under Xvfb as a throwaway user
# with a temporary HOME, checks that /v1/info and the WebSocket upgrade accept the policy's origin
# and refuse another, adds the local CA to that user's NSS database, then purges the package and
# checks that nothing is left: no packaged file, no policy, no autostart entry, no CA in the NSS
# database, no debconf answer.
#
# CI runs as root on a machine that may be reused: the exit trap stops the app, purges the package,
# deletes the throwaway user, the temporary directory and the preseeded answer, whatever failed.
# It refuses to run when pechatka is already installed or /etc/pechatka/policy.json exists (it
# would change an administrator's set-up). Called by bin/test after the Maven build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../bin/setup.sh"

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=JAVA_HOME,PECHATKA_DEB,PECHATKA_DEB_COMPRESSION "$0" "$@"
  fi
  echo "test-deb: installing a package needs root; run:" >&2
  echo "" >&2
  echo "    sudo $0" >&2
  exit 1
fi

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
ok() { echo "test-deb: ok: $*"; }

if dpkg-query -W -f='${Status}' pechatka 2>/dev/null | grep -q ' installed'; then
  fail "pechatka is installed on this machine already; this test installs and purges it (remove it first)"
fi
[ ! -e /etc/pechatka/policy.json ] || fail "/etc/pechatka/policy.json exists: an administrator's policy, left alone"
[ ! -e /etc/xdg/autostart/pechatka.desktop ] || fail "/etc/xdg/autostart/pechatka.desktop exists already"
# accounts left by an earlier run that was killed before its trap ran (their home is gone)
getent passwd | while IFS=: read -r name _ _ _ _ dir _; do
  case "$name:$dir" in
    pkt[0-9]*:/tmp/pechatka-test-deb.*) [ -d "$dir" ] || userdel "$name" 2>/dev/null || true ;;
  esac
done
etc_existed=no
[ -d /etc/pechatka ] && etc_existed=yes

work="$(mktemp -d /tmp/pechatka-test-deb.XXXXXX)"
chmod 0755 "$work"
user="pkt$$"
app_pid=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  if dpkg-query -W -f='${Status}' pechatka 2>/dev/null | grep -qv 'not-installed'; then
    echo "test-deb: cleaning up: purging pechatka" >&2
    PECHATKA_CLEANUP_USERS="$user" DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pechatka >/dev/null 2>&1 ||
      dpkg --purge pechatka >/dev/null 2>&1
  fi
  echo "pechatka pechatka/policy-file string" | debconf-set-selections 2>/dev/null
  echo PURGE | debconf-communicate pechatka >/dev/null 2>&1
  # what the package may have left if its purge failed half-way (the test then fails anyway)
  rm -f /etc/pechatka/policy.json /etc/xdg/autostart/pechatka.desktop
  [ "$etc_existed" = yes ] || rmdir /etc/pechatka 2>/dev/null
  if getent passwd "$user" >/dev/null; then
    pkill -KILL -u "$user" 2>/dev/null
    userdel "$user" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build ---
if [ -n "${PECHATKA_DEB:-}" ]; then
  deb="$(realpath "$PECHATKA_DEB")"
else
  "$here/build-deb.sh" "$work/build"
  deb="$(ls "$work"/build/pechatka_*.deb)"
fi
ok "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# --- a throwaway user with a temporary home; the app and its clients run as this user ---
home="$work/home"
useradd --system --no-create-home --home-dir "$home" --shell /usr/sbin/nologin "$user"
mkdir -p "$home" && chown "$user:" "$home" && chmod 0700 "$home"
as_user() { runuser -u "$user" -- env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "$@"; }

# --- silent install with a preseeded policy ---
origin="https://portal.example.by"
other="https://other.example.com"
cat > "$work/policy.json" <<JSON
{ "trustedOrigins": ["$origin"], "autostart": true }
JSON
chmod 0644 "$work/policy.json"
echo "pechatka pechatka/policy-file string $work/policy.json" | debconf-set-selections
t0="$(date +%s.%N)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" > "$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "apt-get install"; }
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "test-deb: installed in %.1f s\n", b - a }'
dpkg-query -W -f='${Status}' pechatka | grep -q 'install ok installed' || fail "pechatka not installed"
dpkg -L pechatka > "$work/files"

for f in /opt/pechatka/bin/Pechatka /usr/bin/pechatka; do
  [ -x "$f" ] || fail "$f missing or not executable"
done
for f in /usr/share/applications/pechatka.desktop /opt/pechatka/lib/app/pechatka.aot \
    /usr/share/icons/hicolor/256x256/apps/pechatka.png; do
  [ -f "$f" ] || fail "$f missing"
  grep -qx "$f" "$work/files" || fail "$f not listed by dpkg -L"
done
cmp -s "$work/policy.json" /etc/pechatka/policy.json || fail "/etc/pechatka/policy.json is not the preseeded policy"
[ "$(stat -c %a /etc/pechatka/policy.json)" = 644 ] || fail "/etc/pechatka/policy.json is not 0644"
ok "files in place, policy installed from the preseeded answer"
grep -qx 'Exec=/usr/bin/pechatka' /etc/xdg/autostart/pechatka.desktop || fail "no system autostart entry"
desktop-file-validate /usr/share/applications/pechatka.desktop 2>/dev/null ||
  ! command -v desktop-file-validate >/dev/null || fail "the menu entry is not a valid desktop entry"
ok "autostart entry /etc/xdg/autostart/pechatka.desktop"

# --- pechatka --version with no JDK on the machine: /usr/lib/jvm hidden, empty environment ---
version_out="$(unshare -m sh -c 'mount -t tmpfs none /usr/lib/jvm && env -i PATH=/usr/bin:/bin /usr/bin/pechatka --version' 2>&1)" ||
  fail "pechatka --version without a JDK: $version_out"
echo "$version_out" | grep -q '^Pechatka [0-9]' || fail "pechatka --version said: $version_out"
# the JVM warns on standard error when the AOT cache does not fit the installed files
! echo "$version_out" | grep -q '\[aot' || fail "the installed AOT cache is refused: $version_out"
ok "the AOT cache fits; pechatka --version without any JDK: $(echo "$version_out" | tr '\n' ' ')"

# --- the installed app under Xvfb, as the throwaway user ---
as_user xvfb-run -a -s "-screen 0 1280x1024x24" /usr/bin/pechatka --no-tray --port 0 > "$work/app.out" 2>&1 &
app_pid=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's|^listening on https://127.0.0.1:\([0-9]*\).*|\1|p' "$work/app.out")"
  [ -n "$port" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/app.out" >&2; fail "the installed app did not start listening"; }
ok "installed app listening on port $port"
url="https://127.0.0.1:$port"
# the endpoint refuses other users' connections: curl runs as the app's user
info="$(as_user curl -sk --max-time 10 "$url/v1/info")" || fail "GET /v1/info"
echo "$info" | grep -q '"version"' || fail "/v1/info said: $info"
code() { as_user curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }
[ "$(code -H "Origin: $origin" "$url/v1/info")" = 200 ] || fail "the policy's origin was refused on /v1/info"
[ "$(code -H "Origin: $other" "$url/v1/info")" = 403 ] || fail "another origin was not refused on /v1/info"
ws=(-H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13'
  -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' --http1.1)
[ "$(code --max-time 3 "${ws[@]}" -H "Origin: $origin" "$url/v1/ws")" = 101 ] ||
  fail "the policy's origin could not open the WebSocket"
[ "$(code "${ws[@]}" -H "Origin: $other" "$url/v1/ws")" = 403 ] || fail "another origin could open the WebSocket"
ok "policy origin $origin accepted, $other refused (HTTP and WebSocket upgrade)"
[ -f "$home/.config/autostart/pechatka.desktop" ] || fail "the app did not write the user's autostart entry (policy autostart: true)"

# --- the local CA in the user's browser store, for purge to take out again ---
as_user /usr/bin/pechatka trust install --create-nssdb --no-system > "$work/trust.out" 2>&1 ||
  { cat "$work/trust.out" >&2; fail "pechatka trust install"; }
certutil -L -d "sql:$home/.pki/nssdb" | grep -q 'Pechatka local CA' || fail "the CA is not in the user's NSS database"
ok "local CA added to $home/.pki/nssdb"

kill -TERM "$app_pid"
for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
wait "$app_pid" 2>/dev/null || true
app_pid=""
pkill -TERM -u "$user" 2>/dev/null || true

# --- purge: nothing left ---
PECHATKA_CLEANUP_USERS="$user" DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pechatka > "$work/purge.log" 2>&1 ||
  { cat "$work/purge.log" >&2; fail "apt-get purge"; }
! dpkg-query -W -f='${Status}' pechatka 2>/dev/null | grep -q 'installed' || fail "pechatka still installed"
left=""
while IFS= read -r f; do
  case "$f" in /opt/pechatka*|/usr/bin/pechatka|*/pechatka.desktop|*/pechatka.png|/usr/share/doc/pechatka*)
    [ ! -e "$f" ] || left="$left $f" ;;
  esac
done < "$work/files"
for f in /opt/pechatka /usr/bin/pechatka /etc/pechatka/policy.json /etc/xdg/autostart/pechatka.desktop \
    /var/lib/pechatka /usr/share/applications/pechatka.desktop "$home/.config/autostart/pechatka.desktop"; do
  [ ! -e "$f" ] || left="$left $f"
done
[ -z "$left" ] || { cat "$work/purge.log" >&2; fail "left after purge:$left"; }
[ "$etc_existed" = yes ] || [ ! -e /etc/pechatka ] || fail "/etc/pechatka left after purge"
! certutil -L -d "sql:$home/.pki/nssdb" | grep -q 'Pechatka local CA' || fail "the CA is still in the user's NSS database"
[ -z "$(debconf-show pechatka 2>/dev/null)" ] || fail "debconf still holds: $(debconf-show pechatka)"
ok "purged: no packaged file, policy, autostart entry, CA trust or debconf answer left"
echo "test-deb: PASSED"
