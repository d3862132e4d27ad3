"""Widgets of the consultations area: list model, entry form, follow-ups, charts, networking.

Used by the pages ``Beratungen`` (:mod:`beratung.gui.pages.consultations`), ``Auswertungen``
(:mod:`beratung.gui.pages.reports`) and the Wiedervorlagen panel of the ``Übersicht``.
"""
