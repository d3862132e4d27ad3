#!/usr/bin/env bash
# Startet einen Wegwerf-PostgreSQL-Cluster auf 127.0.0.1 (freier Port, eigenes temporäres
# Verzeichnis, fsync aus), führt den übergebenen Befehl mit
#   BERATUNG_TEST_BACKEND=postgresql
#   BERATUNG_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
# aus, stoppt den Cluster danach und löscht das Verzeichnis (auch bei Fehler oder Strg-C).
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest -m db
#
# Exit-Status: der des Befehls; 77, wenn kein PostgreSQL-Server gefunden wurde (dann steht der
# Grund auf stderr und, falls BERATUNG_SKIP_REASON_FILE gesetzt ist, in dieser Datei). Ist CI gesetzt und PostgreSQL fehlt, wird es als root mit apt-get
# installiert. BERATUNG_PG_BINDIR kann auf das Verzeichnis mit initdb/pg_ctl zeigen.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SKIP=77
[ "$#" -gt 0 ] || die "Aufruf: scripts/with-postgres.sh BEFEHL [ARGUMENTE...]"

# ---------------------------------------------------------------- Server suchen
find_bindir() {
    local dir
    if [ -n "${BERATUNG_PG_BINDIR:-}" ]; then
        [ -x "$BERATUNG_PG_BINDIR/initdb" ] && echo "$BERATUNG_PG_BINDIR" && return 0
        return 1
    fi
    # Debian/Ubuntu: /usr/lib/postgresql/<version>/bin, die höchste Version zuerst.
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir" && return 0
    done
    if have initdb && have pg_ctl; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

if ! BINDIR="$(find_bindir)"; then
    if [ -n "${CI:-}" ] && have apt-get && is_root; then
        apt_install "PostgreSQL" postgresql
        # Der Cluster, den das Debian-Paket selbst anlegt, stört nicht (wir nehmen einen freien
        # Port), braucht aber Speicher: anhalten.
        if have pg_ctlcluster; then
            for conf in /etc/postgresql/*/main; do
                [ -d "$conf" ] || continue
                v="$(basename "$(dirname "$conf")")"
                pg_ctlcluster "$v" main stop >/dev/null 2>&1 || true
            done
        fi
        BINDIR="$(find_bindir)" || die "PostgreSQL wurde installiert, aber initdb nicht gefunden."
    elif [ -n "${CI:-}" ]; then
        die "Kein PostgreSQL-Server gefunden (initdb/pg_ctl), und in CI kann ich ihn nicht installieren (kein root oder kein apt-get)."
    else
        reason="kein PostgreSQL-Server gefunden: weder /usr/lib/postgresql/*/bin/initdb noch initdb im PATH; Debian/Ubuntu: apt-get install postgresql"
        say "PostgreSQL-Lauf übersprungen: $reason"
        [ -n "${BERATUNG_SKIP_REASON_FILE:-}" ] && printf '%s' "$reason" >"$BERATUNG_SKIP_REASON_FILE"
        exit "$SKIP"
    fi
fi

PG_ISREADY="$BINDIR/pg_isready"
[ -x "$PG_ISREADY" ] || PG_ISREADY="$(command -v pg_isready || true)"

# ---------------------------------------------------------------- als wer?
# initdb verweigert root; dann als Benutzer postgres (legt das Debian-Paket an).
RUN_AS=()
PG_OWNER=""
if is_root; then
    id postgres >/dev/null 2>&1 \
        || die "Als root brauche ich den Systembenutzer 'postgres' für initdb (apt-get install postgresql legt ihn an)."
    PG_OWNER=postgres
    have runuser || die "Als root brauche ich runuser (Paket util-linux), um initdb als postgres zu starten."
    RUN_AS=(runuser -u postgres --)
fi
pg() { (cd "$PGTMP" && "${RUN_AS[@]}" "$@"); }

# ---------------------------------------------------------------- Cluster anlegen
PGTMP="$(mktemp -d "${TMPDIR:-/tmp}/beratung-pg.XXXXXX")"
PGDATA_DIR="$PGTMP/data"
PGLOG="$PGTMP/server.log"
STARTED=""

# shellcheck disable=SC2317  # wird über trap aufgerufen
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$STARTED" ]; then
        pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGTMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "$PG_OWNER" ]; then
    chown "$PG_OWNER" "$PGTMP"
    # TMPDIR kann für postgres unerreichbar sein (z. B. unter /root): dann /tmp nehmen.
    if ! "${RUN_AS[@]}" test -w "$PGTMP"; then
        rm -rf "$PGTMP"
        PGTMP="$(mktemp -d /tmp/beratung-pg.XXXXXX)"
        PGDATA_DIR="$PGTMP/data"
        PGLOG="$PGTMP/server.log"
        chown "$PG_OWNER" "$PGTMP"
    fi
fi
chmod 700 "$PGTMP"

free_port() {
    "${BERATUNG_VENV}/bin/python" -c \
        'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT="${BERATUNG_PG_PORT:-$(free_port)}"

say "Starte Wegwerf-PostgreSQL ($("$BINDIR/postgres" --version 2>/dev/null || echo "$BINDIR")) auf 127.0.0.1:$PORT ..."
if ! pg "$BINDIR/initdb" -D "$PGDATA_DIR" --auth=trust -U postgres --encoding=UTF8 \
    --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1; then
    # Ältere Systeme ohne C.UTF-8
    rm -rf "$PGDATA_DIR"
    if ! pg "$BINDIR/initdb" -D "$PGDATA_DIR" --auth=trust -U postgres --encoding=UTF8 \
        --no-locale >"$PGTMP/initdb.log" 2>&1; then
        cat "$PGTMP/initdb.log" >&2
        die "initdb ist fehlgeschlagen."
    fi
fi

STARTED=1
if ! pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $PGTMP -F" start >/dev/null; then
    cat "$PGLOG" >&2 || true
    die "PostgreSQL ließ sich nicht starten."
fi

if [ -n "$PG_ISREADY" ]; then
    for _ in $(seq 1 60); do
        "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U postgres && break
        sleep 0.5
    done
    "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U postgres \
        || { cat "$PGLOG" >&2; die "PostgreSQL antwortet nicht auf 127.0.0.1:$PORT."; }
fi

export BERATUNG_TEST_BACKEND=postgresql
export BERATUNG_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"

set +e
"$@"
rc=$?
set -e
exit "$rc"
