"""``beratung db upgrade|check|backup|restore|password``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from beratung.cli.runtime import Runtime, with_database_key
from beratung.services.database import (
    KEY_ENV,
    DatabaseService,
    Schema,
    account_name,
    clear_server_password,
    head_revision,
    open_database,
    server_account,
    store_server_password,
)
from beratung.services.encryption import (
    DECRYPT_EXPLANATION,
    LOST_KEY_EXPLANATION,
    EncryptionService,
    validate_new_key,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help="Datenbank aktualisieren, prüfen, sichern, wiederherstellen")
    actions = parser.add_subparsers(dest="db_command", metavar="AKTION", required=True)

    up = actions.add_parser("upgrade", help="Schema auf den neuesten Stand bringen (mit Sicherung)")
    up.set_defaults(handler=_upgrade)

    check = actions.add_parser("check", help="Schema, Integrität und Fremdschlüssel prüfen")
    check.set_defaults(handler=_check)

    backup = actions.add_parser("backup", help="eine Sicherungskopie anlegen")
    backup.add_argument("--to", metavar="DATEI", type=Path, help="Zieldatei oder -ordner")
    backup.set_defaults(handler=_backup)

    restore = actions.add_parser("restore", help="eine Sicherung zurückspielen")
    restore.add_argument("file", metavar="DATEI", type=Path)
    restore.set_defaults(handler=_restore)

    encrypt = actions.add_parser(
        "encrypt",
        help="die Datenbank (SQLite) mit SQLCipher verschlüsseln; der Schlüssel wird abgefragt "
        f"oder aus {KEY_ENV} gelesen",
    )
    encrypt.add_argument("--yes", action="store_true", help="ohne Rückfrage (für Skripte)")
    encrypt.add_argument(
        "--remember", action="store_true", help="den Schlüssel im Schlüsselbund des Systems merken"
    )
    encrypt.set_defaults(handler=_encrypt)

    decrypt = actions.add_parser("decrypt", help="die verschlüsselte Datenbank entschlüsseln")
    decrypt.add_argument("--yes", action="store_true", help="ohne Rückfrage (für Skripte)")
    decrypt.set_defaults(handler=_decrypt)

    password = actions.add_parser(
        "password",
        help="Kennwort der Teamdatenbank (PostgreSQL) im Schlüsselbund des Systems ablegen "
        "oder entfernen",
    )
    password_actions = password.add_subparsers(
        dest="password_command", metavar="AKTION", required=True
    )
    password_set = password_actions.add_parser(
        "set", help="Kennwort abfragen (ohne Anzeige) und im Schlüsselbund speichern"
    )
    password_set.set_defaults(handler=_password_set)
    password_clear = password_actions.add_parser(
        "clear", help="gespeichertes Kennwort aus dem Schlüsselbund entfernen"
    )
    password_clear.set_defaults(handler=_password_clear)


def _maintenance(
    runtime: Runtime,
    *,
    must_exist: bool = False,
    read_only: bool = False,
    check_file: bool = True,
) -> DatabaseService:
    """Open as it is, so ``check`` reports an old schema instead of changing it and ``backup``
    copies it unchanged; ``read_only`` for both (nothing written, not even the journal mode).
    ``check_file=False`` is for ``restore``, whose target may be missing or damaged: that is
    exactly when a backup is needed. An encrypted database's key is asked for on a terminal."""
    opened = with_database_key(
        lambda key: open_database(
            runtime.paths, db_path=runtime.db_path, url=runtime.url, schema=Schema.AS_IS,
            must_exist=must_exist, read_only=read_only, check_file=check_file, key=key,
        )
    )
    return DatabaseService(opened.db, runtime.paths)


def _upgrade(args: argparse.Namespace, runtime: Runtime) -> int:
    opened = with_database_key(
        lambda key: open_database(
            runtime.paths, db_path=runtime.db_path, url=runtime.url, schema=Schema.MIGRATE,
            lock=True, key=key,
        )
    )
    where = opened.db.describe()
    opened.close()
    if opened.upgrade is None:
        print(f"Die Datenbank {where} ist bereits aktuell (Schema {head_revision()}).")
    else:
        print(opened.upgrade.message())
    return 0


def _check(args: argparse.Namespace, runtime: Runtime) -> int:
    service = _maintenance(runtime, must_exist=True, read_only=True)
    try:
        report = service.check()
    finally:
        service.db.dispose()
    print(f"Datenbank: {report.database}")
    print(f"Schema: {report.revision or '(leer)'} (aktuell: {report.head})")
    findings = report.integrity.splitlines()
    if findings == ["ok"]:
        print("Integrität: ok")
    else:
        shown = 10
        print(f"Integrität: {len(findings)} Befunde – die Datei ist beschädigt")
        for line in findings[:shown]:
            print(f"  {line}")
        if len(findings) > shown:
            print(f"  … und {len(findings) - shown} weitere")
    if report.foreign_key_problems is None:
        print("Fremdschlüssel-Verletzungen: nicht prüfbar (Datei beschädigt)")
    else:
        print(f"Fremdschlüssel-Verletzungen: {report.foreign_key_problems}")
    if report.revision is None:
        print("Die Datenbank ist leer; „beratung db upgrade“ legt das Schema an.")
    if report.schema_differences:
        print("Abweichungen vom Datenmodell:")
        for line in report.schema_differences:
            print(f"  {line}")
    chain = report.audit_log
    if chain is not None:
        if chain.ok:
            print(
                f"Änderungsprotokoll: {_count(chain.entries, 'Eintrag', 'Einträge')}, "
                "Kette unversehrt "
                f"({chain.redacted} nach Löschungen bereinigt); letzter Eintrag Position "
                f"{chain.head_seq}, Prüfsumme {chain.head_hash[:16]}"
            )
        else:
            found = _count(len(chain.findings), "Befund", "Befunde")
            print(f"Änderungsprotokoll: {found} – es wurde verändert")
            for line in chain.findings[:20]:
                print(f"  {line}")
            if len(chain.findings) > 20:
                print(f"  … und {len(chain.findings) - 20} weitere")
    print("Ergebnis: in Ordnung" if report.ok else "Ergebnis: PROBLEME gefunden")
    if report.integrity != "ok" or report.foreign_key_problems is None:
        if report.good_backup is not None:
            print(f"Neueste intakte Sicherung: {report.good_backup}")
            print(f"Zurückspielen mit: beratung db restore \"{report.good_backup}\"")
        else:
            print("Es gibt keine intakte Sicherung im Sicherungsordner.")
    return 0 if report.ok else 1


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _backup(args: argparse.Namespace, runtime: Runtime) -> int:
    """Copies the file as it is: no upgrade first, so an older database is saved unchanged."""
    service = _maintenance(runtime, must_exist=True, read_only=True)
    try:
        target = service.backup(args.to)
    finally:
        service.db.dispose()
    print(f"Sicherung geschrieben: {target}")
    return 0


def _restore(args: argparse.Namespace, runtime: Runtime) -> int:
    service = _maintenance(runtime, check_file=False)
    try:
        safety = service.restore(args.file, on_wait=_tell_waiting)
    finally:
        service.db.dispose()
    print(f"Die Sicherung {args.file} wurde zurückgespielt.")
    if safety is not None:
        print(f"Der vorherige Stand wurde gesichert: {safety}")
    return 0


def _tell_waiting(seconds: float) -> None:
    """On a terminal, a restore that waits for another program's lock says so at once."""
    if sys.stderr.isatty():
        print(
            "Die Datenbank ist gerade durch ein anderes Programm gesperrt; warte bis zu "
            f"{seconds:.0f} Sekunden …",
            file=sys.stderr,
            flush=True,
        )


def _confirm(explanation: str, question: str, *, yes: bool) -> bool:
    """Print the explanation and ask; ``--yes`` answers for scripts, no terminal means no."""
    print(explanation)
    if yes:
        return True
    if not sys.stdin.isatty():
        print("Ohne Terminal bitte mit --yes bestätigen; es wurde nichts verändert.",
              file=sys.stderr)
        return False
    answer = input(f"{question} [j/N] ").strip().lower()
    return answer in {"j", "ja", "y", "yes"}


def _new_key() -> str | None:
    """The new key: from BERATUNG_DB_KEY (scripts), else typed twice on the terminal."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        print(f"Bitte den Schlüssel in {KEY_ENV} angeben (kein Terminal für die Eingabe); es "
              "wurde nichts verändert.", file=sys.stderr)
        return None
    first = getpass.getpass("Neuer Schlüssel: ")
    validate_new_key(first)
    if getpass.getpass("Schlüssel wiederholen: ") != first:
        print("Die beiden Eingaben stimmen nicht überein; es wurde nichts verändert.",
              file=sys.stderr)
        return None
    return first


def _encrypt(args: argparse.Namespace, runtime: Runtime) -> int:
    """Backup first, then sqlcipher_export into a new file, checked, renamed over the old one
    (services/encryption.py); refused while a Beratung window has the database open."""
    service = _maintenance(runtime, must_exist=True, read_only=True)
    try:
        encryption = EncryptionService(service.db, runtime.paths)
        if not encryption.applies:
            print("Verschlüsseln gibt es nur für eine SQLite-Datei.", file=sys.stderr)
            return 1
        if encryption.is_encrypted:
            print(f"Die Datenbank {service.db.describe()} ist bereits verschlüsselt.")
            return 0
        if not _confirm(LOST_KEY_EXPLANATION, "Datenbank jetzt verschlüsseln?", yes=args.yes):
            return 1
        key = _new_key()
        if key is None:
            return 1
        change = encryption.encrypt(key, remember=args.remember)
    finally:
        service.db.dispose()
    print(f"Die Datenbank {change.database} ist jetzt verschlüsselt.")
    print(f"Der vorherige, unverschlüsselte Stand ist gesichert: {change.backup}")
    print("Ältere Sicherungen im Sicherungsordner sind unverschlüsselt; bitte löschen Sie sie, "
          "wenn sie nicht mehr gebraucht werden.")
    if change.keyring_problem is not None:
        print(f"Fehler: {change.keyring_problem} Die Datenbank ist trotzdem verschlüsselt; der "
              f"Schlüssel wird beim Start abgefragt oder aus {KEY_ENV} gelesen.", file=sys.stderr)
        return 1
    if change.remembered:
        print("Der Schlüssel ist im Schlüsselbund des Systems gespeichert.")
    return 0


def _decrypt(args: argparse.Namespace, runtime: Runtime) -> int:
    service = _maintenance(runtime, must_exist=True, read_only=True)
    try:
        encryption = EncryptionService(service.db, runtime.paths)
        if not encryption.is_encrypted:
            print(f"Die Datenbank {service.db.describe()} ist nicht verschlüsselt.")
            return 0
        if not _confirm(DECRYPT_EXPLANATION, "Datenbank jetzt entschlüsseln?", yes=args.yes):
            return 1
        change = encryption.decrypt()
    finally:
        service.db.dispose()
    print(f"Die Datenbank {change.database} ist jetzt unverschlüsselt.")
    print(f"Der vorherige, verschlüsselte Stand ist gesichert: {change.backup}")
    return 0


def _password_set(args: argparse.Namespace, runtime: Runtime) -> int:
    """Asks twice with getpass (never echoed, never an argument that would show in the
    process list or the shell history) and stores it in the OS keyring."""
    account = server_account(runtime.paths, db_path=runtime.db_path, url=runtime.url)
    name = account_name(account)
    first = getpass.getpass(f"Kennwort für {name}: ")
    if getpass.getpass("Kennwort wiederholen: ") != first:
        print("Die beiden Eingaben stimmen nicht überein; es wurde nichts gespeichert.",
              file=sys.stderr)
        return 1
    store_server_password(account, first)
    print(f"Das Kennwort für {name} ist im Schlüsselbund des Systems gespeichert.")
    return 0


def _password_clear(args: argparse.Namespace, runtime: Runtime) -> int:
    account = server_account(runtime.paths, db_path=runtime.db_path, url=runtime.url)
    name = account_name(account)
    if clear_server_password(account):
        print(f"Das Kennwort für {name} wurde aus dem Schlüsselbund entfernt.")
    else:
        print(f"Im Schlüsselbund war kein Kennwort für {name} gespeichert.")
    return 0
