"""Parts of the Auswertungen page (``gui/pages/reports.py``): what its tabs share, and the
events tab (Veranstaltungsstatistik)."""
