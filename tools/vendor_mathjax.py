"""Put MathJax 3 where the site serves it (.vendor/mathjax), from the Python package index.

The book's pages load MathJax from their own site, never from a CDN, so that
they work offline (a classroom without internet). MathJax 3.2.2's browser build
(its ``es5/`` folder) is taken from the wheel of ``django-static-mathjax``,
which ships MathJax's files unchanged (Apache-2.0, like MathJax); only pip is
needed, and nothing is committed. Run by the Makefile (``make html``).

The pages load MathJax as separate components (``_config.yml``: ``mathjax_path`` and
``mathjax3_config.loader``), lighter than the combined ``tex-chtml.js``; the whole folder is
kept so that TeX packages a chapter may need are loaded on demand from the site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "django-static-mathjax==3.2.2.1"
MEMBER_PREFIX = "mathjax/static/mathjax/es5/"
TARGET = Path(__file__).resolve().parents[1] / ".vendor" / "mathjax"
#: The files every page with math loads (the entry point first, as in the Makefile's target).
COMPONENTS = ("startup.js", "core.js", "input/tex.js", "output/chtml.js", "output/chtml/fonts/tex.js",
              "a11y/assistive-mml.js")


def main() -> None:
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--dest", download, PACKAGE],
            check=True,
        )
        (wheel,) = Path(download).glob("*.whl")
        shutil.rmtree(TARGET, ignore_errors=True)
        with zipfile.ZipFile(wheel) as archive:
            members = [name for name in archive.namelist() if name.startswith(MEMBER_PREFIX) and not name.endswith("/")]
            for name in members:
                destination = TARGET / name[len(MEMBER_PREFIX):]
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(name))
    missing = [name for name in COMPONENTS if not (TARGET / name).is_file()]
    if missing:
        raise SystemExit(f"{PACKAGE} did not contain {', '.join(MEMBER_PREFIX + name for name in missing)}")
    print(f"MathJax: {len(members)} files in {TARGET}")


if __name__ == "__main__":
    main()
