"""Entry point of the PyInstaller bundle: both executables run this.

``Beratung`` (the program, no console window on Windows) and ``beratung-cli`` (the command
line) are the same code: :func:`beratung.cli.main` starts the program window when it is given
no command, exactly as the ``beratung`` command of a pip installation does.
"""

import sys

from beratung.cli import main

if __name__ == "__main__":
    sys.exit(main())
