"""The Qt face of the application: main window, pages, dialogs and background operations.

Nothing here opens a database session; widgets call :class:`beratung.services.Services` (through
:func:`beratung.gui.operations.run_operation` for anything slow). ``app.py`` builds the
QApplication and hands the services in.
"""
