"""Start-up time to the first shown window: CJM Studio beside a bare PySide6 window.

Floor: a bare PySide6 window (QMainWindow with one label, the same size), frozen the
same way (PyInstaller one-folder, no archive, stripped) and started the same way.
Each program runs on its own Xvfb display; the time is from starting the process to
the X server mapping its first top-level window, seen by ``xev -root`` (no hook in the
app needed). Runs alternate between the programs; medians of several runs and ratios.

Rows: the frozen bundle (``dist/cjm-studio``, build it with ``make dist``) opening the
retail-checkout example, the same from the source checkout (``.venv``), and as a
proxy for "open and render a map" the whole ``cjm-studio --self-test`` run offscreen.

Run: .venv/bin/python bench/bench_startup.py [--runs N] [--bundle DIR]
Needs Xvfb and xev (Debian: xvfb, x11-utils); without them, or without PyInstaller for
the frozen floor, the rows that cannot run are skipped and say so.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "retail-checkout.cjm"
BARE_WINDOW = """\
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("A bare PySide6 window"))
window.resize(1400, 900)
window.show()
sys.exit(app.exec())
"""
TIMEOUT = 60.0


@contextmanager
def x_display() -> Iterator[str]:
    """A private Xvfb display, e.g. ':7'."""
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert server.stdout is not None
        number = server.stdout.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class MapWatcher:
    """Reports when a top-level window is mapped on ``display`` (via ``xev -root``)."""

    def __init__(self, display: str) -> None:
        self.events: queue.Queue[float] = queue.Queue()
        self.process = subprocess.Popen(
            ["stdbuf", "-oL", "xev", "-display", display, "-root", "-event", "substructure"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
        )
        threading.Thread(target=self._read, daemon=True).start()
        time.sleep(0.3)  # let xev select its events before anything starts

    def _read(self) -> None:
        assert self.process.stdout is not None
        mapping = False
        for line in self.process.stdout:
            seen = time.perf_counter()
            if line.startswith("MapNotify"):
                mapping = True
            elif mapping and "override" in line:
                mapping = False
                if "override NO" in line:  # not a tooltip or popup menu
                    self.events.put(seen)

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def time_to_window(command: list[str], display: str, watcher: MapWatcher) -> float:
    """Seconds from starting ``command`` to its first mapped top-level window."""
    watcher.drain()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, DISPLAY=display, HOME=home, XDG_CONFIG_HOME=f"{home}/config",
                   XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache",
                   QT_QPA_PLATFORM="xcb")
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            shown = watcher.events.get(timeout=TIMEOUT)
        finally:
            process.kill()
            process.wait()
    return shown - started


def time_to_exit(command: list[str]) -> float:
    """Seconds a command takes to run to its end, offscreen."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config",
                   XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache",
                   QT_QPA_PLATFORM="offscreen")
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=TIMEOUT)
    return time.perf_counter() - started


def frozen_bare_window() -> Path | None:
    """The bare window frozen like build.spec freezes the app (cached under build/)."""
    try:
        import PyInstaller  # type: ignore[import-untyped]
    except ImportError:
        return None
    key = hashlib.sha256((BARE_WINDOW + PyInstaller.__version__).encode()).hexdigest()[:12]
    folder = ROOT / "build" / "bench-startup" / key
    program = folder / "dist" / "bare" / "bare"
    if not program.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        source = folder / "bare.py"
        source.write_text(BARE_WINDOW, "utf-8")
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--onedir", "--windowed", "--debug", "noarchive", "--strip", "--name", "bare",
             "--exclude-module", "tkinter", "--distpath", str(folder / "dist"),
             "--workpath", str(folder / "work"), "--specpath", str(folder), str(source)],
            check=True,
        )
    return program


def folder_megabytes(path: Path) -> float:
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1024**2


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "cjm-studio")
    args = parser.parse_args()
    if not (shutil.which("Xvfb") and shutil.which("xev") and shutil.which("stdbuf")):
        print("bench_startup: skipped (needs Xvfb, xev and stdbuf: apt-get install xvfb x11-utils)")
        return 0

    venv_bin = Path(sys.executable).parent
    pairs: list[tuple[str, list[str], list[str]]] = []  # (how, app, floor)
    frozen_app = args.bundle / ("cjm-studio.exe" if os.name == "nt" else "cjm-studio")
    with tempfile.TemporaryDirectory() as scratch:
        bare_source = Path(scratch) / "bare.py"
        bare_source.write_text(BARE_WINDOW, "utf-8")
        if frozen_app.exists():
            bare = frozen_bare_window()
            if bare is not None:
                pairs.append(("frozen (PyInstaller one-folder)", [str(frozen_app), str(EXAMPLE)],
                              [str(bare)]))
            else:
                print("frozen rows skipped: PyInstaller is not installed")
        else:
            print(f"frozen rows skipped: no {frozen_app} (build it with: make dist)")
        pairs.append(("source checkout (.venv)", [str(venv_bin / "cjm-studio"), str(EXAMPLE)],
                      [sys.executable, str(bare_source)]))

        results: list[tuple[str, list[float], list[float]]] = []
        with x_display() as display:
            watcher = MapWatcher(display)
            try:
                for how, app, floor in pairs:
                    time_to_window(app, display, watcher)  # warm the file cache
                    time_to_window(floor, display, watcher)
                    app_times, floor_times = [], []
                    for _ in range(args.runs):
                        app_times.append(time_to_window(app, display, watcher))
                        floor_times.append(time_to_window(floor, display, watcher))
                    results.append((how, app_times, floor_times))
            finally:
                watcher.close()

        print(f"Start-up to the first shown window, median of {args.runs} runs (Xvfb)")
        print("| started from | CJM Studio ms | bare PySide6 window ms | ratio |")
        print("|---|---:|---:|---:|")
        for how, app_times, floor_times in results:
            ratio = statistics.median(app_times) / statistics.median(floor_times)
            print(f"| {how} | {median_ms(app_times)} | {median_ms(floor_times)} | {ratio:.2f}x |")

        if frozen_app.exists():
            command = [str(frozen_app), "--self-test", str(EXAMPLE)]
            time_to_exit(command)
            self_test = [time_to_exit(command) for _ in range(args.runs)]
            print(f"\nFrozen `cjm-studio --self-test` (start, open the example, render it "
                  f"offscreen, exit): median {median_ms(self_test)} ms")
            print(f"Bundle folder: {folder_megabytes(args.bundle):.1f} MB ({args.bundle})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
