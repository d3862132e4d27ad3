"""Engine, sessions, SQLite settings, migrations and backups. No Qt."""
