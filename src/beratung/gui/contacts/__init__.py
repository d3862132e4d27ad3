"""The widgets of the Kontakte page: lazy list models, detail forms, import, export, duplicates
and distribution lists. The page itself is :mod:`beratung.gui.pages.contacts`."""
