#!/usr/bin/env bash
# Richtet die Entwicklungsumgebung ein (wird von ./run-app und ./run-tests aufgerufen):
#   1. python3 >= 3.11 suchen,
#   2. .venv im Repository anlegen, falls es fehlt,
#   3. `pip install -e '.[test,postgres]'`, falls .venv neu ist oder sich pyproject.toml
#      seit der letzten Installation geändert hat (Stempeldatei mit Hash in .venv),
#   4. unter Linux prüfen, ob Qt alle Systembibliotheken und mindestens eine Schrift findet;
#      fehlende Debian-Pakete als root mit apt-get installieren, sonst die sudo-Zeile nennen.
#
# Umgebungsvariablen:
#   BERATUNG_PYTHON            bestimmter Python-Interpreter für das Anlegen von .venv
#   BERATUNG_SKIP_SYSTEM_CHECK=1   Schritt 4 überspringen (eigene Verantwortung)
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$BERATUNG_ROOT"

EXTRAS="test,postgres"
STAMP="$BERATUNG_VENV/.beratung-install-stamp"

# ---------------------------------------------------------------- 1. Python finden
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in "${BERATUNG_PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if have "$candidate" && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------- 2./3. .venv
venv_ok() {
    [ -x "$BERATUNG_VENV/bin/python" ] && python_ok "$BERATUNG_VENV/bin/python" \
        && "$BERATUNG_VENV/bin/python" -m pip --version >/dev/null 2>&1
}

create_venv() {
    local python
    if ! python="$(find_python)"; then
        if have apt-get; then
            # Debian 12 liefert Python 3.11 als python3.
            apt_install "Python" python3 python3-venv
            python="$(find_python)" || die "Kein python3 >= 3.11 gefunden (auch nach apt-get)."
        else
            die "Kein python3 >= 3.11 gefunden. Bitte Python 3.11 oder neuer installieren (oder BERATUNG_PYTHON=/pfad/zu/python3 setzen)."
        fi
    fi
    say "Lege virtuelle Umgebung .venv an (mit $python, $("$python" -V 2>&1)) ..."
    rm -rf "$BERATUNG_VENV"
    if ! "$python" -m venv "$BERATUNG_VENV" >/dev/null 2>&1; then
        rm -rf "$BERATUNG_VENV"
        # Debian-Python ohne ensurepip: Paket python3-venv fehlt.
        if have dpkg-query && [[ "$python" == /usr/bin/* ]]; then
            local ver
            ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            apt_install "Python" "python${ver}-venv"
            "$python" -m venv "$BERATUNG_VENV" || die "python -m venv ist fehlgeschlagen."
        else
            "$python" -m venv "$BERATUNG_VENV" || die "python -m venv ist fehlgeschlagen."
        fi
    fi
}

wanted_stamp() {
    {
        printf 'extras=%s\n' "$EXTRAS"
        "$BERATUNG_VENV/bin/python" -c 'import sys; print(sys.version)'
        cat pyproject.toml
    } | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    venv_ok || create_venv
    local want
    want="$(wanted_stamp)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        return 0
    fi
    say "Installiere Beratung mit Abhängigkeiten in .venv (pip install -e '.[$EXTRAS]'); beim ersten Mal dauert das einige Minuten ..."
    rm -f "$STAMP"
    "$BERATUNG_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --upgrade pip </dev/null || say "Hinweis: pip ließ sich nicht aktualisieren; weiter mit der vorhandenen Version."
    "$BERATUNG_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -e ".[$EXTRAS]" </dev/null || die "pip install -e '.[$EXTRAS]' ist fehlgeschlagen."
    printf '%s\n' "$want" >"$STAMP"
    say "Installation abgeschlossen."
}

# ---------------------------------------------------------------- 4. Qt-Systembibliotheken
# Bibliothek (soname) -> Debian-12-Paket. Ermittelt mit `dpkg -S` für alle Bibliotheken, die
# ldd für die unten geprüften Qt-Module und -Plugins meldet.
soname_package() {
    case "$1" in
        libEGL.so.1) echo libegl1 ;;
        libGL.so.1) echo libgl1 ;;
        libGLX.so.0) echo libglx0 ;;
        libGLdispatch.so.0) echo libglvnd0 ;;
        libOpenGL.so.0) echo libopengl0 ;;
        libX11-xcb.so.1) echo libx11-xcb1 ;;
        libX11.so.6) echo libx11-6 ;;
        libXau.so.6) echo libxau6 ;;
        libXdmcp.so.6) echo libxdmcp6 ;;
        libSM.so.6) echo libsm6 ;;
        libICE.so.6) echo libice6 ;;
        libXext.so.6) echo libxext6 ;;
        libXrender.so.1) echo libxrender1 ;;
        libavahi-client.so.3) echo libavahi-client3 ;;
        libavahi-common.so.3) echo libavahi-common3 ;;
        libbrotlicommon.so.1 | libbrotlidec.so.1) echo libbrotli1 ;;
        libbsd.so.0) echo libbsd0 ;;
        libcap.so.2) echo libcap2 ;;
        libcom_err.so.2) echo libcom-err2 ;;
        libcups.so.2) echo libcups2 ;;
        libdbus-1.so.3) echo libdbus-1-3 ;;
        libdrm.so.2) echo libdrm2 ;;
        libexpat.so.1) echo libexpat1 ;;
        libffi.so.8) echo libffi8 ;;
        libfontconfig.so.1) echo libfontconfig1 ;;
        libfreetype.so.6) echo libfreetype6 ;;
        libgbm.so.1) echo libgbm1 ;;
        libgcc_s.so.1) echo libgcc-s1 ;;
        libgcrypt.so.20) echo libgcrypt20 ;;
        libglib-2.0.so.0 | libgthread-2.0.so.0 | libgobject-2.0.so.0 | libgio-2.0.so.0) echo libglib2.0-0 ;;
        libgmp.so.10) echo libgmp10 ;;
        libgnutls.so.30) echo libgnutls30 ;;
        libgpg-error.so.0) echo libgpg-error0 ;;
        libgssapi_krb5.so.2) echo libgssapi-krb5-2 ;;
        libhogweed.so.6) echo libhogweed6 ;;
        libidn2.so.0) echo libidn2-0 ;;
        libk5crypto.so.3) echo libk5crypto3 ;;
        libkeyutils.so.1) echo libkeyutils1 ;;
        libkrb5.so.3) echo libkrb5-3 ;;
        libkrb5support.so.0) echo libkrb5support0 ;;
        liblz4.so.1) echo liblz4-1 ;;
        liblzma.so.5) echo liblzma5 ;;
        libmd.so.0) echo libmd0 ;;
        libnettle.so.8) echo libnettle8 ;;
        libp11-kit.so.0) echo libp11-kit0 ;;
        libpcre2-8.so.0) echo libpcre2-8-0 ;;
        libpng16.so.16) echo libpng16-16 ;;
        libstdc++.so.6) echo libstdc++6 ;;
        libsystemd.so.0) echo libsystemd0 ;;
        libtasn1.so.6) echo libtasn1-6 ;;
        libunistring.so.2) echo libunistring2 ;;
        libwayland-client.so.0) echo libwayland-client0 ;;
        libwayland-cursor.so.0) echo libwayland-cursor0 ;;
        libwayland-egl.so.1) echo libwayland-egl1 ;;
        libxcb-cursor.so.0) echo libxcb-cursor0 ;;
        libxcb-glx.so.0) echo libxcb-glx0 ;;
        libxcb-icccm.so.4) echo libxcb-icccm4 ;;
        libxcb-image.so.0) echo libxcb-image0 ;;
        libxcb-keysyms.so.1) echo libxcb-keysyms1 ;;
        libxcb-randr.so.0) echo libxcb-randr0 ;;
        libxcb-render-util.so.0) echo libxcb-render-util0 ;;
        libxcb-render.so.0) echo libxcb-render0 ;;
        libxcb-shape.so.0) echo libxcb-shape0 ;;
        libxcb-shm.so.0) echo libxcb-shm0 ;;
        libxcb-sync.so.1) echo libxcb-sync1 ;;
        libxcb-util.so.1) echo libxcb-util1 ;;
        libxcb-xfixes.so.0) echo libxcb-xfixes0 ;;
        libxcb-xinerama.so.0) echo libxcb-xinerama0 ;;
        libxcb-xinput.so.0) echo libxcb-xinput0 ;;
        libxcb-xkb.so.1) echo libxcb-xkb1 ;;
        libxcb.so.1) echo libxcb1 ;;
        libxkbcommon-x11.so.0) echo libxkbcommon-x11-0 ;;
        libxkbcommon.so.0) echo libxkbcommon0 ;;
        libz.so.1) echo zlib1g ;;
        libzstd.so.1) echo libzstd1 ;;
        *) return 1 ;;
    esac
}

# Qt-Dateien, deren Abhängigkeiten wir prüfen: die Module, die Beratung benutzt, die
# Plattform-Plugins offscreen (Tests), xcb und wayland (Desktop) und die Druckunterstützung.
qt_files() {
    local pyside="$1" f
    for f in QtCore QtGui QtWidgets QtPrintSupport QtPdf QtPdfWidgets QtSvg QtSvgWidgets \
        QtNetwork QtTest; do
        [ -e "$pyside/$f.abi3.so" ] && echo "$pyside/$f.abi3.so"
    done
    for f in "$pyside"/Qt/plugins/platforms/libqoffscreen.so \
        "$pyside"/Qt/plugins/platforms/libqxcb.so \
        "$pyside"/Qt/plugins/platforms/libqwayland.so \
        "$pyside"/Qt/plugins/printsupport/*.so \
        "$pyside"/Qt/plugins/xcbglintegrations/*.so \
        "$pyside"/Qt/plugins/imageformats/*.so; do
        [ -e "$f" ] && echo "$f"
    done
    return 0
}

missing_sonames() {
    local pyside="$1"
    qt_files "$pyside" | while read -r f; do ldd "$f" 2>/dev/null || true; done \
        | awk '/=> not found/ {print $1}' | sort -u
}

fonts_present() {
    if have fc-list; then
        [ -n "$(fc-list 2>/dev/null | head -n1)" ]
    else
        find /usr/share/fonts /usr/local/share/fonts \
            \( -name '*.ttf' -o -name '*.otf' -o -name '*.pfb' \) -print -quit 2>/dev/null \
            | grep -q .
    fi
}

check_system() {
    [ "$(uname -s)" = "Linux" ] || return 0
    [ "${BERATUNG_SKIP_SYSTEM_CHECK:-}" = "1" ] && return 0
    have ldd || return 0

    local pyside
    pyside="$("$BERATUNG_VENV/bin/python" -c \
        'import importlib.util as u; print(u.find_spec("PySide6").submodule_search_locations[0])')" \
        || die "PySide6 ist in .venv nicht installiert."

    local missing packages=() unknown=() so pkg
    missing="$(missing_sonames "$pyside")"
    for so in $missing; do
        if pkg="$(soname_package "$so")"; then
            packages+=("$pkg")
        else
            unknown+=("$so")
        fi
    done
    if ! fonts_present; then
        packages+=(fontconfig fonts-dejavu-core)
    fi
    if [ "${#packages[@]}" -gt 0 ]; then
        if have dpkg-query; then
            # Doppelte entfernen, Reihenfolge stabil.
            mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
            apt_install "Qt" "${packages[@]}"
        else
            die "Qt findet diese Systembibliotheken nicht: $missing (und/oder keine Schrift). Bitte mit dem Paketmanager des Systems installieren."
        fi
    fi
    if [ "${#unknown[@]}" -gt 0 ]; then
        die "Qt findet diese Systembibliotheken nicht, und ich kenne das passende Paket nicht: ${unknown[*]}"
    fi
    if [ "${#packages[@]}" -gt 0 ]; then
        missing="$(missing_sonames "$pyside")"
        [ -z "$missing" ] || die "Auch nach apt-get fehlen Qt noch Bibliotheken: $missing"
        fonts_present || die "Auch nach apt-get ist keine Schrift installiert (fc-list ist leer)."
    fi
}

ensure_venv
check_system
