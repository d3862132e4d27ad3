"""Program icons for the installer, drawn from ``resources/icons/app.svg``.

    python packaging/make_icons.py OUT_DIR

Writes ``beratung-<size>.png`` for every size of ``beratung.gui.icons.APP_ICON_SIZES`` and
``beratung.ico`` holding all of them (the Windows program and setup icon). Run by
``build_bundle.py`` with the Python that has Beratung installed; the icons are build output and
are not committed.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path


def write_icons(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    from beratung.gui.icons import app_icon_pngs

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = app_icon_pngs()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size, data in pngs.items():
        path = out_dir / f"beratung-{size}.png"
        path.write_bytes(data)
        written.append(path)
    frames = [Image.open(io.BytesIO(pngs[size])) for size in sorted(pngs, reverse=True)]
    ico = out_dir / "beratung.ico"
    frames[0].save(ico, format="ICO", sizes=[f.size for f in frames], append_images=frames[1:])
    written.append(ico)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for written_path in write_icons(Path(sys.argv[1])):
        print(written_path)
