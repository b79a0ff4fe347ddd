"""Page weight of every page of the built book, as a browser loads it.

Serves _build/html on 127.0.0.1, opens each page of the table of contents in
headless Chromium and adds up the bytes of every response the page needed
(HTML, styles, scripts, images, MathJax and its fonts). Target: each chapter
page under 1.5 MB. Build the book first (make html).

Run: .venv/bin/python benchmarks/bench_pages.py
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from assetalloc.book import toc_pages
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
TARGET_MB = 1.5
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


def main() -> list[dict]:
    if not (SITE / "index.html").is_file():
        raise SystemExit("build the book first: make html")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for page_path in toc_pages(ROOT / "_toc.yml"):
                page = browser.new_page()
                responses = []
                page.on("response", lambda response: responses.append(response))
                page.goto(f"{origin}/{page_path}", wait_until="networkidle")
                sizes = {response.url: len(response.body()) for response in responses if response.ok}
                heaviest = max(sizes, key=sizes.get)
                results.append(
                    {"benchmark": f"page weight: {page_path}", "megabytes": sum(sizes.values()) / 1e6,
                     "requests": len(sizes), "target_mb": TARGET_MB,
                     "heaviest": f"{heaviest.removeprefix(origin)} ({sizes[heaviest] / 1e6:.2f} MB)"}
                )
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return results


if __name__ == "__main__":
    for row in main():
        print(f"{row['benchmark']:<45} {row['megabytes']:6.2f} MB  ({row['requests']} requests, "
              f"target < {row['target_mb']} MB; heaviest {row['heaviest']})")
