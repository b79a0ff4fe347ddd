"""Page weight of every page of the built book, as a browser loads it.

Serves _build/html on 127.0.0.1, opens each page of the table of contents in
headless Chromium and adds up the bytes of every response the page needed
(HTML, styles, scripts, images, fonts). Target: each chapter
page under 1.5 MB. Build the book first (make html). Each row also names the
heaviest resources of the page, the first place to look when a page grows.

Two sizes are reported: the bytes as the browser decodes them (the local server here sends
everything uncompressed: the stricter figure, the one held against the target) and the bytes
a static host that compresses text (HTML, CSS, JavaScript, SVG; gzip level 6, as GitHub Pages
and most hosts do) would send; images and fonts are already compressed and count as they are.

Run: .venv/bin/python benchmarks/bench_pages.py [SITE]   (SITE: a built html folder,
default _build/html; for example the html folder of a build made with --path-output)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

from assetalloc.book import toc_pages
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
TARGET_MB = 1.5
#: How many of a page's heaviest resources each row names.
HEAVIEST = 3
#: Content types a static host compresses.
COMPRESSED_TYPES = ("text/", "javascript", "json", "svg", "xml")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(site: Path = SITE) -> list[dict]:
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: build the book first (make html)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for page_path in toc_pages(ROOT / "_toc.yml"):
                page = browser.new_page()
                responses = []
                page.on("response", lambda response, found=responses: found.append(response))
                page.goto(f"{origin}/{page_path}", wait_until="networkidle")
                bodies = {response.url: (response.body(), response.headers.get("content-type", ""))
                          for response in responses if response.ok}
                sizes = {url: len(body) for url, (body, _) in bodies.items()}
                sent = sum(len(gzip.compress(body, 6)) if any(kind in content for kind in COMPRESSED_TYPES) else len(body)
                           for body, content in bodies.values())
                heaviest = sorted(sizes, key=sizes.get, reverse=True)[:HEAVIEST]
                results.append(
                    {"benchmark": f"page weight: {page_path}", "megabytes": sum(sizes.values()) / 1e6,
                     "gzip_megabytes": sent / 1e6, "requests": len(sizes), "target_mb": TARGET_MB,
                     "heaviest": ", ".join(f"{url.removeprefix(origin)} ({sizes[url] / 1e6:.2f} MB)" for url in heaviest)}
                )
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return results


if __name__ == "__main__":
    for row in main(Path(sys.argv[1]) if len(sys.argv) > 1 else SITE):
        print(f"{row['benchmark']:<45} {row['megabytes']:6.2f} MB, {row['gzip_megabytes']:.2f} MB gzipped  ({row['requests']} requests, "
              f"target < {row['target_mb']} MB; heaviest {row['heaviest']})")
