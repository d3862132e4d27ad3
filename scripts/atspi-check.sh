#!/usr/bin/env bash
# Prüft den echten Barrierefreiheitsbaum (AT-SPI) der Oberfläche: startet unter Xvfb mit einem
# eigenen D-Bus und AT-SPI-Bus die App aus .venv mit den Demo-Daten, besucht jede Seite über
# das Menü Ansicht und liest den Baum mit dem System-Python (python3-pyatspi) aus
# (scripts/atspi_dump.py). Schlägt fehl, wenn ein fokussierbarer Knoten keinen Namen hat.
#
#   scripts/atspi-check.sh [AUSGABE.txt]     Baum zusätzlich in diese Datei schreiben
#
# Braucht die Debian-Pakete xvfb, at-spi2-core, python3-pyatspi, dbus. In der CI (CI gesetzt,
# root) werden fehlende installiert; sonst nennt das Skript sie und endet mit Status 77
# (übersprungen). Dauer: etwa eine Minute.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$BERATUNG_ROOT"

missing=()
have Xvfb || missing+=(xvfb)
[ -x /usr/libexec/at-spi-bus-launcher ] || missing+=(at-spi2-core)
/usr/bin/python3 -c 'import pyatspi' >/dev/null 2>&1 || missing+=(python3-pyatspi)
have dbus-run-session || missing+=(dbus)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ -n "${CI:-}" ] && have apt-get && is_root; then
        apt_install "die AT-SPI-Prüfung" "${missing[@]}"
    else
        say "AT-SPI-Prüfung übersprungen; es fehlen Debian-Pakete: ${missing[*]}"
        exit 77
    fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$BERATUNG_VENV/bin/beratung" --data-dir "$work/data" demo >/dev/null
out="${1:-$work/atspi-tree.txt}"

# Xvfb first, so the session bus and what it starts (the AT-SPI registry, which types the keys
# through XTest) know the display; everything else runs inside a private session bus.
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY="$display"
sleep 1
export BERATUNG_ATSPI_WORK="$work" BERATUNG_ATSPI_OUT="$out"
export BERATUNG_ATSPI_APP="$BERATUNG_VENV/bin/beratung"
export BERATUNG_ATSPI_DUMP="$BERATUNG_ROOT/scripts/atspi_dump.py"
# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- bash -euo pipefail -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately >"$BERATUNG_ATSPI_WORK/bus.log" 2>&1 &
    bus=$!
    sleep 1
    QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb \
        "$BERATUNG_ATSPI_APP" --data-dir "$BERATUNG_ATSPI_WORK/data" \
        >"$BERATUNG_ATSPI_WORK/app.log" 2>&1 &
    app=$!
    rc=0
    timeout 110 /usr/bin/python3 "$BERATUNG_ATSPI_DUMP" \
        --out "$BERATUNG_ATSPI_OUT" --timeout 40 || rc=$?
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    kill "$bus" 2>/dev/null || true
    if [ "$rc" -ne 0 ]; then
        echo "AT-SPI-Prüfung fehlgeschlagen (Status $rc); Protokoll der App:" >&2
        tail -n 20 "$BERATUNG_ATSPI_WORK/app.log" >&2 || true
    fi
    exit "$rc"
' 2> >(grep -v "Failed to set fd limit" >&2)
