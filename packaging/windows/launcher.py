"""Entry point for the frozen Windows build (PyInstaller); same as the `beratung-gui` script."""

import sys

from beratung.app import main

if __name__ == "__main__":
    sys.exit(main())
