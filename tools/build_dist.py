"""Builds the CJM Studio bundle with PyInstaller and packs it into one archive.

    .venv/bin/python tools/build_dist.py [--dist DIR] [--work DIR] [--no-archive]

Makes ``dist/cjm-studio/`` (both programs, ``cjm-studio`` and ``cjm``, sharing one
``_internal/`` folder; on macOS also ``dist/CJM Studio.app``) and the archive
``dist/cjm-studio-VERSION-PLATFORM.tar.gz`` (``.zip`` on Windows), then prints the sizes
of both. On Linux the bundle also gets ``install-linux.sh`` and its desktop files, so an
unpacked archive installs itself. Runs on Linux, macOS and Windows alike.
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "cjm-studio"
APP_BUNDLE = "CJM Studio.app"


def version() -> str:
    """app.__version__, read without importing the app."""
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__version__":
            assert isinstance(node.value, ast.Constant)
            return str(node.value.value)
    raise SystemExit("error: no __version__ in app/__init__.py")


def platform_tag() -> str:
    """linux-x86_64, macos-arm64, windows-amd64..."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    return f"{system}-{platform.machine().lower() or 'unknown'}"


def folder_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links not followed or counted)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            file = Path(folder, name)
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def run_pyinstaller(dist: Path, work: Path) -> None:
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec"),
    ]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def glibc_needed(bundle: Path) -> str:
    """The newest GLIBC symbol version any file of the bundle asks for, e.g. '2.36'.

    Qt's wheels ask for 2.34, but Python and the system libraries PyInstaller copies from
    the build machine ask for that machine's glibc: build on the oldest system to support.
    """
    if not shutil.which("objdump"):
        return ""
    newest = (2, 0)
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True)
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols.stdout):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def add_linux_installer(bundle: Path, glibc: str) -> None:
    """The installer script and the files it registers, at the top of the bundle folder,
    with the glibc version the bundle needs (the installer checks it)."""
    shutil.copy2(ROOT / "packaging" / "install-linux.sh", bundle / "install-linux.sh")
    shutil.copytree(ROOT / "packaging" / "linux", bundle / "linux", dirs_exist_ok=True)
    if glibc:
        (bundle / "linux" / "glibc-needed").write_text(glibc + "\n", "utf-8")


def make_archive(dist: Path, source: Path, stem: str) -> Path:
    """A .zip on Windows, a .tar.gz elsewhere, holding ``source`` as its top folder."""
    if sys.platform == "win32":
        archive = dist / f"{stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
            for file in sorted(source.rglob("*")):
                zipped.write(file, Path(source.name) / file.relative_to(source))
        return archive
    archive = dist / f"{stem}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=9) as tarred:
        tarred.add(source, arcname=source.name)  # keeps symbolic links (macOS frameworks)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's working folder")
    parser.add_argument("--no-archive", action="store_true", help="only build the folder")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    started = time.monotonic()
    run_pyinstaller(dist, work)
    bundle = dist / NAME
    glibc = ""
    if sys.platform.startswith("linux"):
        glibc = glibc_needed(bundle)
        add_linux_installer(bundle, glibc)
    print(f"built {bundle} in {time.monotonic() - started:.0f} s")
    if glibc:
        print(f"needs:   glibc {glibc} or newer (the build machine's glibc sets this)")
    print(f"folder:  {megabytes(folder_size(bundle))}  {bundle}")
    if sys.platform == "darwin":
        app = dist / APP_BUNDLE
        print(f"app:     {megabytes(folder_size(app))}  {app}")
    if not args.no_archive:
        packed = dist / APP_BUNDLE if sys.platform == "darwin" else bundle
        archive = make_archive(dist, packed, f"{NAME}-{version()}-{platform_tag()}")
        print(f"archive: {megabytes(archive.stat().st_size)}  {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
