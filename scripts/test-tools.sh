#!/usr/bin/env bash
# Programme, die Tests außer Python brauchen (Prüfwerkzeuge). In der CI (CI gesetzt) werden
# fehlende als root mit apt-get installiert; sonst nennt das Skript sie nur, und die Tests, die
# sie brauchen, werden übersprungen (in der CI schlagen sie dann fehl statt zu überspringen).
#
#   desktop-file-validate   (desktop-file-utils)  prüft den Menüeintrag von „beratung desktop-entry“
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
have desktop-file-validate || missing+=(desktop-file-utils)

[ "${#missing[@]}" -eq 0 ] && exit 0
if [ -n "${CI:-}" ] && have apt-get && is_root; then
    apt_install "Prüfwerkzeuge der Tests" "${missing[@]}"
else
    say "Hinweis: Für einige Tests fehlen Debian-Pakete (werden übersprungen): ${missing[*]}"
fi
