"""Drive the book's live widgets in a real JupyterLab through headless Chromium.

The reusable part of the browser latency benchmark (``benchmarks/bench_lab_latency.py``) and
of any JupyterLab test: start and stop a JupyterLab server, open a notebook, run all its cells,
find the widgets (an ``ipywidgets`` VBox of sliders around one ``<img class="widget-image">``,
as ``assetalloc.widgets.base.FigureWidget`` builds it), move a slider by keyboard or by mouse
drag, and time each move from the input event to the new figure painted.

The server leaves its root folder as it found it: autosave is off, checkpoints, workspaces,
settings and runtime files go to a temporary folder. It exposes the app in the page
(``window.jupyterapp``) so that the driver can wait for the kernel and watch its messages.

Typical use::

    with lab_server(Path("book"), env={"PYTHONPATH": "lib"}) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = open_notebook(browser, server, "01_diversification.ipynb").page
        run_all(page)
        for widget in find_widgets(page):
            slider = widget.sliders[0]
            move = press_key(page, widget, slider, "ArrowRight")
            print(move.latency_ms, move.changed)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Browser, ElementHandle, Locator, Page, Playwright

#: Debian's Chromium; Playwright's own browsers are not downloaded.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox"]
#: What jupyterlab-myst logs for each {term} role: the glossary is another page, which only the site
#: links. Not counted as a console error.
GLOSSARY_NOT_LINKED = "Cross reference target was not found: term-"
#: JupyterLab's own cell toolbar (its overlap check, ``_cellToolbarOverlapsContents``) throws when it
#: looks at a Markdown cell that its default windowing has not rendered: JupyterLab's error, shown to
#: no one, which every notebook of prose gets. Not counted as a page error.
JUPYTERLAB_TOOLBAR_ERROR = "_cellToolbarOverlapsContents"
VIEWPORT = {"width": 1280, "height": 1000}  # a laptop screen
#: Added to LAB_SETTINGS by a test that reads every cell's text: every cell rendered (no windowing).
EVERY_CELL_RENDERED = {"@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"}}

#: JupyterLab settings for a driven session: no autosave (the notebook on disk stays as it is), no
#: news or update checks (no network). The rest as a student has it, windowing included: by default
#: JupyterLab skips rendering cells out of view ("contentVisibility"), which the latency benchmark keeps.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}

#: A slider's value, min and max from its noUiSlider, given its handle.
SLIDER_STATE = """(handle) => {
    const slider = handle.closest('.noUi-target').noUiSlider;
    return {value: Number(slider.get(true)), min: slider.options.range.min, max: slider.options.range.max};
}"""

#: A widget's root: the VBox that holds the figure's image as a direct child.
WIDGET_ROOT = ".widget-vbox:has(> img.widget-image)"

#: Output areas that show an error: a traceback or stderr, or a widget that failed to render.
#: (textContent, not innerText, throughout: JupyterLab does not lay out cells out of view, whose
#: innerText is then empty.)
ERROR_OUTPUTS = """() => [...document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
    )].map((node) => node.textContent.slice(0, 300))
    .concat([...document.querySelectorAll('.jp-OutputArea-output')]
        .filter((node) => node.textContent.includes('Error displaying widget'))
        .map((node) => node.textContent.slice(0, 300)))"""

#: Every Markdown cell of the open notebook drawn by jupyterlab-myst (its ``.myst`` part has text),
#: unless the cell's source is empty. The cells render one by one after the notebook opens.
MARKDOWN_RENDERED = """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-MarkdownCell')].every(
    (cell) => cell.querySelector('.myst')?.textContent.trim() || !cell.querySelector('.cm-content')?.textContent.trim()
)"""

#: The notebook's kernel: idle, and no cell waiting or running ([*]).
KERNEL_QUIET = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel?.sessionContext?.session?.kernel;
    const busy = [...panel.node.querySelectorAll('.jp-InputPrompt')].some((p) => p.textContent.includes('*'));
    return kernel?.status === 'idle' && !busy;
}"""

#: In-page timing of one move. ``arm`` records the figure's hash and starts watching: the input
#: (capture-phase keydown or mouseup) stamps t0; the kernel's messages are logged; a change of the
#: image's src is followed by img.decode() and the next animation frame (the paint). ``pending``
#: resolves with the stamps, or with no paint when the kernel went idle without sending a new
#: image, when ``cancel`` is called (the input did not move the slider), or when time ran out.
PROBE = """() => {
    if (window.__labProbe) { return; }
    const hash = async (src) => {
        const bytes = await (await fetch(src)).arrayBuffer();
        const digest = await crypto.subtle.digest('SHA-256', bytes);
        return {sha: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
                bytes: bytes.byteLength};
    };
    const messages = [];
    let hooked = null;
    const hook = () => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        if (hooked === kernel) { return; }
        kernel.iopubMessage.connect((_, msg) => messages.push({
            at: performance.now(), type: msg.header.msg_type, date: msg.header.date,
            state: msg.content.execution_state,
            buffers: (msg.buffers || []).reduce((sum, b) => sum + (b.byteLength || 0), 0),
        }));
        hooked = kernel;
    };
    window.__labProbe = {
        async arm(img, timeoutMs) {
            hook();
            const before = await hash(img.src);
            const record = {t0: null, wallOffset: Date.now() - performance.now(), before: before.sha};
            const first = messages.length;
            const onInput = () => { if (record.t0 === null) { record.t0 = performance.now(); } };
            document.addEventListener('keydown', onInput, true);
            document.addEventListener('mouseup', onInput, true);
            let observer;
            const painted = new Promise((resolve) => {
                observer = new MutationObserver(async () => {
                    observer.disconnect();
                    record.tSrc = performance.now();
                    await img.decode().catch(() => null);
                    record.tDecoded = performance.now();
                    requestAnimationFrame(() => { record.tPaint = performance.now(); resolve(true); });
                });
                observer.observe(img, {attributes: true, attributeFilter: ['src']});
            });
            const idleWithoutImage = new Promise((resolve) => {
                const poll = setInterval(() => {
                    const seen = messages.slice(first);
                    const idle = seen.findIndex((m) => m.type === 'status' && m.state === 'idle');
                    const image = seen.some((m) => m.type === 'comm_msg' && m.buffers > 0);
                    if (idle >= 0 && !image && performance.now() - seen[idle].at > 500
                            && !seen.slice(idle + 1).some((m) => m.state === 'busy')) {
                        clearInterval(poll); resolve(false);
                    }
                }, 50);
                setTimeout(() => { clearInterval(poll); resolve(false); }, timeoutMs);
            });
            const cancelled = new Promise((resolve) => { window.__labProbe.cancel = () => resolve(false); });
            window.__labProbe.pending = Promise.race([painted, idleWithoutImage, cancelled]).then(async (changed) => {
                observer.disconnect();
                document.removeEventListener('keydown', onInput, true);
                document.removeEventListener('mouseup', onInput, true);
                record.messages = messages.slice(first);
                record.painted = changed;
                if (changed) {
                    const after = await hash(img.src);
                    record.after = after.sha; record.bytes = after.bytes;
                }
                return record;
            });
        },
    };
}"""


@dataclass
class LabServer:
    """A running JupyterLab server: its base URL and process."""

    url: str
    process: subprocess.Popen
    scratch: Path


@dataclass
class NotebookPage:
    """An open notebook's page and the console errors (and uncaught page errors) seen on it so far."""

    page: Page
    console_errors: list[str] = field(default_factory=list)


@dataclass
class Slider:
    """One slider of a widget: its label and its handle."""

    label: str
    handle: Locator
    track_px: float
    box: Locator  # the box beside it that shows its value and takes a typed one

    def state(self, handle: ElementHandle | None = None) -> dict[str, float]:
        """The slider's value, min and max, from its noUiSlider (its aria-valuenow is rounded to 0.1).

        ``handle``: the handle already found (``self.handle.element_handle()``). During a timed move
        it must be: finding it again runs Playwright's selector engine over the whole notebook in
        the page (about 20 ms of the page's time), which would delay what is being timed.
        """
        return (handle or self.handle).evaluate(SLIDER_STATE)


@dataclass
class LabWidget:
    """One live figure widget on the page: its sliders, its image and the source of its cell."""

    index: int
    root: Locator
    image: Locator
    cell_source: str
    sliders: list[Slider] = field(default_factory=list)


@dataclass
class Move:
    """One timed move: from the input event to the new figure painted, and its stages (ms).

    The stages add up to ``latency_ms``: ``to_kernel`` (input to the kernel going busy: the
    page's handling, the websocket, the server), ``kernel`` (busy to the image message being
    sent, both by the kernel's clock: model, PNG), ``delivery`` (that message to the image's
    new src: server, websocket, widget model, blob), ``decode`` (``img.decode()``) and
    ``paint`` (to the next animation frame). ``changed`` is true when a new image came and its
    SHA-256 differs from the one before; a move that brought no new image has no times.
    ``moved`` is false when the input left the slider where it was (at the end of its range).
    """

    how: str
    changed: bool
    moved: bool = True
    latency_ms: float | None = None
    to_kernel_ms: float | None = None
    kernel_ms: float | None = None
    delivery_ms: float | None = None
    decode_ms: float | None = None
    paint_ms: float | None = None
    png_bytes: int | None = None


def free_port() -> int:
    """A TCP port free on localhost now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing() -> str | None:
    """Why JupyterLab cannot be driven here (JupyterLab or Chromium missing), or None."""
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        return "JupyterLab is not installed (pip install -e '.[lab]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


def _write_settings(settings_dir: Path, settings: Mapping[str, Mapping]) -> None:
    """Write the settings (by plugin) as JupyterLab user settings files."""
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll the server's status API until it answers; fail if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout:.0f} s")


def start_lab(root: Path, env: Mapping[str, str] | None = None, timeout: float = 60,
              settings: Mapping[str, Mapping] | None = None) -> LabServer:
    """Start JupyterLab on a free localhost port, serving ``root``, with no token and no browser.

    ``env`` is added to the server's environment (and so to its kernels'), e.g. a PYTHONPATH.
    ``settings`` (by plugin, e.g. :data:`EVERY_CELL_RENDERED`) are added to :data:`LAB_SETTINGS`.
    The server's log goes to ``lab.log`` in its scratch folder.
    """
    scratch = Path(tempfile.mkdtemp(prefix="lab-driver-"))
    _write_settings(scratch / "settings", {**LAB_SETTINGS, **(settings or {})})
    port = free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
        f"--ServerApp.root_dir={root.resolve()}", "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={scratch / 'settings'}", f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
    ]
    environment = {**os.environ, "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"), **(env or {})}
    log = (scratch / "lab.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", process, scratch)
    try:
        _wait_until_up(server.url, process, timeout)
    except BaseException:
        stop_lab(server)
        raise
    return server


def stop_lab(server: LabServer) -> None:
    """Stop the server and its kernels (SIGTERM to its process group, then SIGKILL) and remove its scratch folder."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()
    shutil.rmtree(server.scratch, ignore_errors=True)


@contextmanager
def lab_server(root: Path, env: Mapping[str, str] | None = None,
               settings: Mapping[str, Mapping] | None = None) -> Iterator[LabServer]:
    """:func:`start_lab` as a context manager that always stops the server."""
    server = start_lab(root, env, settings=settings)
    try:
        yield server
    finally:
        stop_lab(server)


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Debian Chromium."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_notebook(browser: Browser, server: LabServer, path: str, timeout: float = 60) -> NotebookPage:
    """A new page with the notebook at ``path`` (relative to the server's root) open, its prose drawn and its kernel idle.

    A chapter's MyST ``.md`` opens with the Notebook viewer (jupytext), as *Open With → Notebook* does.
    """
    page = browser.new_page(viewport=VIEWPORT)
    opened = NotebookPage(page)
    page.on("console", lambda message: message.type == "error" and not message.text.startswith(GLOSSARY_NOT_LINKED)
            and opened.console_errors.append(message.text))
    page.on("pageerror", lambda error: JUPYTERLAB_TOOLBAR_ERROR in (error.stack or "")
            or opened.console_errors.append(str(error)))
    page.set_default_timeout(timeout * 1e3)
    if path.endswith(".md"):
        page.goto(f"{server.url}/lab?reset")
        page.wait_for_function("() => window.jupyterapp !== undefined")
        page.evaluate("""async (path) => {
            await window.jupyterapp.restored;
            await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
        }""", path)
    else:
        page.goto(f"{server.url}/lab/tree/{path}?reset")
    page.wait_for_function(
        "() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'",
        timeout=timeout * 1e3)
    page.wait_for_function(MARKDOWN_RENDERED, timeout=timeout * 1e3)
    page.evaluate(PROBE)
    return opened


def wait_quiet(page: Page, quiet_s: float = 1.5, timeout: float = 300) -> None:
    """Wait until the kernel has been idle, with no cell running, for ``quiet_s`` seconds in a row."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(KERNEL_QUIET):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_s:
                return
        else:
            quiet_since = None
        time.sleep(0.2)
    raise TimeoutError(f"the kernel was still busy after {timeout:.0f} s")


def run_all(page: Page, timeout: float = 300) -> float:
    """Run every cell (the Run All Cells command) and wait for the kernel to be quiet; the seconds it took."""
    start = time.monotonic()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_quiet(page, timeout=timeout)
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.widget-image')].every((img) => img.complete && img.naturalWidth > 0)")
    return time.monotonic() - start


def error_outputs(page: Page) -> list[str]:
    """The text of every error output on the page: tracebacks, stderr, widgets that failed to display."""
    return page.evaluate(ERROR_OUTPUTS)


def find_widgets(page: Page) -> list[LabWidget]:
    """Every figure widget on the page, in page order, with its sliders."""
    found = []
    roots = page.locator(WIDGET_ROOT)
    for index in range(roots.count()):
        root = roots.nth(index)
        source = root.evaluate(
            "(node) => [...(node.closest('.jp-CodeCell')?.querySelectorAll('.jp-InputArea .cm-line') ?? [])]"
            ".map((line) => line.textContent).join('\\n')")
        widget = LabWidget(index, root, root.locator("> img.widget-image"), source)
        sliders = root.locator(".widget-slider")
        for number in range(sliders.count()):
            slider = sliders.nth(number)
            track = slider.locator(".noUi-target").bounding_box() or {"width": 0.0}
            box = slider.locator("xpath=following-sibling::*[contains(@class, 'widget-text')][1]//input")
            widget.sliders.append(Slider(slider.locator(".widget-label").first.text_content().strip(),
                                         slider.locator(".noUi-handle"), track["width"], box))
        found.append(widget)
    return found


def _arm(page: Page, widget: LabWidget, timeout: float) -> None:
    """Scroll the widget into view and start timing its next figure (see PROBE)."""
    widget.root.scroll_into_view_if_needed()
    page.evaluate("([img, ms]) => window.__labProbe.arm(img, ms)", [widget.image.element_handle(), timeout * 1e3])


def _result(page: Page, how: str, moved: bool) -> Move:
    """Wait for the armed move's figure (or no change) and split its time into stages."""
    record = page.evaluate("() => window.__labProbe.pending")
    if not record["painted"] or record["t0"] is None:
        return Move(how, changed=False, moved=moved)
    status = [m for m in record["messages"] if m["type"] == "status" and m["state"] == "busy"]
    images = [m for m in record["messages"] if m["type"] == "comm_msg" and m["buffers"] > 0]
    wall_t0 = record["t0"] + record["wallOffset"]
    busy = _iso_ms(status[0]["date"]) if status else None
    sent = _iso_ms(images[-1]["date"]) if images else None
    return Move(
        how, changed=record["after"] != record["before"], latency_ms=record["tPaint"] - record["t0"],
        to_kernel_ms=None if busy is None else busy - wall_t0,
        kernel_ms=None if None in (busy, sent) else sent - busy,
        delivery_ms=None if sent is None else record["tSrc"] + record["wallOffset"] - sent,
        decode_ms=record["tDecoded"] - record["tSrc"], paint_ms=record["tPaint"] - record["tDecoded"],
        png_bytes=record["bytes"],
    )


def _iso_ms(date: str) -> float:
    """Milliseconds since the epoch of a Jupyter message date (ISO 8601, microseconds kept)."""
    return datetime.fromisoformat(date).timestamp() * 1e3


def _moved(page: Page, slider: Slider, handle: ElementHandle, before: float, within_s: float = 0.0) -> bool:
    """Whether the input moved the slider (within ``within_s`` seconds); if not, stop waiting for a figure."""
    deadline = time.monotonic() + within_s
    while True:
        if slider.state(handle)["value"] != before:
            return True
        if time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    page.evaluate("() => window.__labProbe.cancel()")
    return False


def press_key(page: Page, widget: LabWidget, slider: Slider, key: str, timeout: float = 6) -> Move:
    """Focus the slider's handle, press ``key`` once (ArrowRight, ArrowLeft...) and time the new figure."""
    handle = slider.handle.element_handle()
    handle.focus()
    _arm(page, widget, timeout)
    before = slider.state(handle)["value"]
    page.keyboard.press(key)
    return _result(page, f"key {key}", _moved(page, slider, handle, before))


def drag(page: Page, widget: LabWidget, slider: Slider, dx: float, timeout: float = 6) -> Move:
    """Drag the slider's handle ``dx`` pixels with the mouse and time the new figure (from the release)."""
    _arm(page, widget, timeout)  # scrolls the widget into view first: the handle's box is read after
    handle = slider.handle.element_handle()
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = slider.state(handle)["value"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()
    return _result(page, f"drag {dx:+.0f}px", _moved(page, slider, handle, before))


def type_value(page: Page, widget: LabWidget, slider: Slider, text: str, timeout: float = 6) -> Move:
    """Type ``text`` into the slider's value box, press Enter and time the new figure (from the Enter).

    The kernel reads the text and moves the slider, so the move is awaited up to ``timeout`` seconds.
    """
    slider.box.fill(text)
    _arm(page, widget, timeout)
    handle, box = slider.handle.element_handle(), slider.box.element_handle()
    before = slider.state(handle)["value"]
    box.press("Enter")
    return _result(page, f"type {text}", _moved(page, slider, handle, before, within_s=timeout))


def shut_down(page: Page) -> None:
    """Shut the notebook's kernel down and close the page (unsaved changes are dropped)."""
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.close()
