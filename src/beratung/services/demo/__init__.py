"""The demo data set: the scenario of press release P 309/2017 (``beratung demo``).

The Städtetag Baden-Württemberg's office profile and clerks; all 1,101 municipalities of the
shipped directory (Stadtkreise and towns as members) and the 35 Landkreise; the Sozialministerium,
associations and the press; about 280 fictional persons with their roles; the programme
"Quartier 2020" with the applications of 80 member municipalities and 30 non-members advised
before the deadline of 31.07.2017; some 220 consultations over 2017; the Werkstattgespräche in
Reutlingen and Ulm (25.10.2017: about 100 invited, places full, a waiting list with one
promotion, needs with consent, attendance), both held, and the next one planned for 2018 in
Freiburg im Breisgau; and P 309/2017 with its real text.

Rules:

* Demo data is never mixed into a real database without asking: a database that already holds
  organisations or persons is refused unless ``force=True`` (``--force``); a forced run still
  marks the database as demo (``app_meta``), re-uses what exists (municipalities by AGS, topics,
  lists and the programme by name, clerks by initials, an existing office profile) and adds the
  rest.
* Deterministic: everything comes from ``random.Random(2017)`` and fixed dates in 2017. The only
  dependence on the clock is through ``ctx``: the ``created_at`` stamps, the demo marker's
  timestamp and four follow-ups placed around ``ctx.today()`` (three days ago, today, in four
  and in fourteen days) so that the Übersicht shows due items on whatever day the demo is
  opened. Follow-ups of late 2017 stay open and therefore show as overdue. Registration codes
  and calendar UIDs are drawn from the same random source (the models' defaults would not be).
  One exception: rows changed after their first flush (the advised towns' address data, the
  final press releases) get ``updated_at`` from the models' ``onupdate``, which reads the wall
  clock; the events are written once.
* Speed: one transaction, objects added in bulk, a handful of flushes; no per-row audit entries
  (one "Demodaten angelegt" entry summarises the run).

One module per part of the scenario, run in this order by :class:`DemoService` (``service``):
``office``, ``organisations`` (and the towns the story is about), ``topics``, ``programmes``,
``people``, ``lists``, ``consultations``, ``events``, ``press``. They share one random source
and the 2017 calendar through ``common``; the names and German texts are in ``data``.
"""

from __future__ import annotations

from beratung.services.demo.service import DEMO_CREATED_META_KEY, DemoService, DemoSummary

__all__ = ["DEMO_CREATED_META_KEY", "DemoService", "DemoSummary"]
