"""Print the single-page HTML build of the book to one PDF with headless Chromium.

``make pdf`` builds the book as one HTML page (Jupyter Book's ``singlehtml`` builder, for the
teacher or the student edition) and then runs this script, which opens that page in Chromium
(``/usr/bin/chromium`` driven by Playwright), waits until every figure has loaded (the math is
MathML, drawn by the browser itself), and prints it to A4 with the print style sheet the theme
ships (no sidebars, no buttons). Usage:

    python tools/print_pdf.py SINGLEHTML_DIR OUTPUT.pdf
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
#: Milliseconds allowed for the page and its figures.
TIMEOUT_MS = 120_000
#: Paper needs no code (the collapsed cells) and no buttons; figures and tables are not split.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
details.hide, button.toggle-button { display: none !important; }
img, table { break-inside: avoid; }
"""


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """``directory`` served on a free local port (the page loads its styles and fonts over HTTP)."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    class QuietServer(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # Chromium drops connections it no longer needs (fonts, images): not an error

    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: The book's one page, copied to the build's top folder (see :func:`root_page`).
PRINT_PAGE = "print.html"


def root_page(singlehtml: Path) -> str:
    """The book's one page, as a file in the top folder of the build; its name there.

    Jupyter Book's ``index.html`` only redirects to the root document (``book/intro.html``),
    whose links the single-page builder writes relative to the top folder: a copy there
    finds its images and styles.
    """
    index = singlehtml / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{index} does not exist: build the single-page HTML first (make pdf)")
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index.read_text(encoding="utf-8"))
    if redirect is None:
        return "index.html"
    (singlehtml / PRINT_PAGE).write_bytes((singlehtml / redirect.group(1)).read_bytes())
    return PRINT_PAGE


def print_pdf(singlehtml: Path, output: Path) -> None:
    """Print the single-page build in ``singlehtml`` to ``output``."""
    page_path = root_page(singlehtml)
    output.parent.mkdir(parents=True, exist_ok=True)
    with served(singlehtml) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{url}/{page_path}", wait_until="load")
            # Solutions are collapsed dropdowns on screen: open them all for paper.
            page.evaluate("document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'))")
            page.add_style_tag(content=PRINT_CSS)
            page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
            page.emulate_media(media="print")
            page.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("singlehtml", type=Path, help="the singlehtml build folder (holds index.html)")
    parser.add_argument("output", type=Path, help="the PDF to write")
    arguments = parser.parse_args()
    print_pdf(arguments.singlehtml, arguments.output)
    print(f"The printable book is at {arguments.output}")


if __name__ == "__main__":
    main()
