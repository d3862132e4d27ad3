"""One module per page of the main window; each defines one :class:`Page` subclass.

To replace a page (for example ``contacts.py``), keep the module name and the class name listed in
:data:`beratung.gui.main_window.PAGE_CLASSES` and the constructor ``(services, parent=None)``.
"""

from beratung.gui.pages.base import Page

__all__ = ["Page"]
