"""``python -m beratung``: same as the ``beratung`` command."""

from beratung.cli import main

raise SystemExit(main())
