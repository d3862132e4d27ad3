"""Entities, enumerations and pure rules of the advisory office. No sessions, no Qt.

Deliberately empty: importing ``beratung.domain.snapshots`` must not pull in SQLAlchemy.
"""
