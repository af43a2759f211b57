#!/usr/bin/env bash
# Start time of a Pechatka app image with and without its AOT cache (the figures in docs/install.md):
#
#   packaging/linux/measure-start.sh [IMAGE_DIR] [RUNS]   (default target/packaging/image/Pechatka, 5)
#
# Copies the image twice (one copy without the -XX:AOTCache line in its launcher config), starts
# each RUNS times, alternating, with a fresh data directory, --port 0 --no-tray, and prints the
# medians of the time from exec to the "listening on" line. Uses xvfb-run when DISPLAY is unset.
set -euo pipefail
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
image="$(realpath "${1:-target/packaging/image/Pechatka}")"
runs="${2:-5}"
grep -q 'AOTCache=' "$image/lib/app/Pechatka.cfg" || { echo "measure-start: $image has no AOT cache" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -a "$image" "$work/with"
cp -a "$image" "$work/without"
sed -i '/AOTCache=/d' "$work/without/lib/app/Pechatka.cfg"
export GDK_GL=disable

# once: prints the seconds from exec to "listening on"
once() {
  local d="$work/run" start pid
  rm -rf "$d" && mkdir -p "$d"
  start="$(date +%s.%N)"
  "$1/bin/Pechatka" --data-dir "$d/data" --port 0 --no-tray > "$d/out" 2>&1 &
  pid=$!
  until grep -qs '^listening on ' "$d/out"; do
    kill -0 "$pid" 2>/dev/null || { cat "$d/out" >&2; echo "measure-start: $1 did not start" >&2; exit 1; }
    sleep 0.02
  done
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }'
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: > "$work/with.txt"; : > "$work/without.txt"
for _ in $(seq 1 "$runs"); do
  once "$work/with" >> "$work/with.txt"
  once "$work/without" >> "$work/without.txt"
done
w="$(median < "$work/with.txt")"; wo="$(median < "$work/without.txt")"
echo "start to listening, median of $runs: with the AOT cache $w s, without $wo s ($(awk -v a="$w" -v b="$wo" 'BEGIN { printf "%.2f", a / b }')x)"
