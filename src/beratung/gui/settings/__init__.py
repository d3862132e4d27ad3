"""The tabs of the Einstellungen page, one module each; :mod:`beratung.gui.pages.settings`
assembles them."""
