#!/usr/bin/env bash
# Programme, die Tests außer Python brauchen (Prüfwerkzeuge). In der CI (CI gesetzt) werden
# fehlende als root mit apt-get installiert; sonst nennt das Skript sie nur, und die Tests, die
# sie brauchen, werden übersprungen (in der CI schlagen sie dann fehl statt zu überspringen).
#
#   desktop-file-validate   (desktop-file-utils)  prüft den Menüeintrag von „beratung desktop-entry“
#   java, javac             (default-jdk-headless) und JAXB (libjaxb-java): veraPDF, der
#                                                 Prüfer für PDF/UA und PDF/A (tests/verapdf.py)
#   Locale de_DE.UTF-8      (locales)             PostgreSQL mit deutschen Fehlermeldungen
#                                                 (Fehler werden am Code erkannt, nicht am Text)
#   Xvfb, AT-SPI, pyatspi   (xvfb, at-spi2-core,  der echte Barrierefreiheitsbaum; installiert
#                            python3-pyatspi)      und geprüft von scripts/atspi-check.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
have desktop-file-validate || missing+=(desktop-file-utils)
{ have javac && have java; } || missing+=(default-jdk-headless)
[ -f /usr/share/java/jaxb-runtime.jar ] || missing+=(libjaxb-java)
has_german_locale() { locale -a 2>/dev/null | grep -qiE '^de_DE\.utf-?8$'; }

can_install() { [ -n "${CI:-}" ] && have apt-get && is_root; }

if [ "${#missing[@]}" -gt 0 ]; then
    if can_install; then
        apt_install "Prüfwerkzeuge der Tests" "${missing[@]}"
    else
        say "Hinweis: Für einige Tests fehlen Debian-Pakete (werden übersprungen): ${missing[*]}"
    fi
fi

if ! has_german_locale; then
    if can_install; then
        deb_installed locales || apt_install "die deutsche Locale" locales
        sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
        grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' >>/etc/locale.gen
        locale-gen >/dev/null || die "locale-gen ist fehlgeschlagen."
    else
        say "Hinweis: Locale de_DE.UTF-8 fehlt; PostgreSQL-Fehler werden nur mit nachgebildeten deutschen Meldungen geprüft."
    fi
fi
exit 0
