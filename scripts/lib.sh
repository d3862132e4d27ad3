# shellcheck shell=bash
# Gemeinsame Hilfsfunktionen für run-app, run-tests und scripts/*.sh.
# Wird mit `source` eingebunden, nicht direkt ausgeführt.

BERATUNG_ROOT="${BERATUNG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BERATUNG_VENV="${BERATUNG_VENV:-$BERATUNG_ROOT/.venv}"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'FEHLER: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

# Ist ein Debian-Paket installiert?
deb_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

_BERATUNG_APT_UPDATED=""

# apt_install "Grund" paket...
# Als root: apt-get update (einmal pro Lauf) und apt-get install -y.
# Sonst: die genaue sudo-Zeile ausgeben und abbrechen.
apt_install() {
    local reason="$1"
    shift
    [ "$#" -gt 0 ] || return 0
    if ! have apt-get; then
        die "Für $reason fehlen Systembibliotheken; bitte diese Pakete mit dem Paketmanager des Systems installieren: $*"
    fi
    if ! is_root; then
        say "Für $reason fehlen Debian-Pakete. Bitte einmal ausführen:"
        say ""
        say "    sudo apt-get update && sudo apt-get install -y $*"
        say ""
        say "und dann den Befehl erneut starten."
        exit 1
    fi
    say "Installiere fehlende Debian-Pakete für $reason: $*"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$_BERATUNG_APT_UPDATED" ]; then
        apt-get update -qq </dev/null || die "apt-get update ist fehlgeschlagen."
        _BERATUNG_APT_UPDATED=1
    fi
    # pytest PostgreSQL runs beside the other steps (run-tests): wait for the other's dpkg lock.
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "$@" </dev/null \
        || die "apt-get install $* ist fehlgeschlagen."
}
