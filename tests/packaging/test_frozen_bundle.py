"""The installable bundle: built from a clean copy of the source tree with PyInstaller,
its two programs run from inside it, and the desktop integration files are right.

The build takes a minute or two, so those tests are marked slow (CI runs them too).
The checks of the icons, desktop files and About box text are quick.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parent.parent.parent
IS_LINUX = sys.platform.startswith("linux")
EXE = ".exe" if os.name == "nt" else ""
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"


def run(
    command: list[str | Path],
    timeout: float = 120,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> str:
    """Run a command, fail the test with its output if it fails, return its stdout."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=timeout,
        env=env, cwd=cwd,
    )
    assert result.returncode == 0, (
        f"{command} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def source_files() -> list[str]:
    """What a clean checkout with the uncommitted work holds: tracked and new files, not
    ignored ones (.venv, build/, dist/, caches)."""
    listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                 cwd=ROOT)
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


# ---------------------------------------------------------------- the bundle (slow)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the source tree, build the bundle and its archive from the copy; the dist folder."""
    try:
        import PyInstaller  # type: ignore[import-untyped]
    except ImportError:
        pytest.fail("PyInstaller is missing: it belongs in the test extra (pyproject.toml)")
    del PyInstaller
    base = tmp_path_factory.mktemp("bundle")
    source = base / "source"
    for name in source_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    dist = base / "dist"
    run([sys.executable, source / "tools" / "build_dist.py", "--dist", dist,
         "--work", base / "work"], timeout=1800, cwd=source)
    return dist


@pytest.fixture(scope="module")
def bundle(built: Path) -> Path:
    return built / "cjm-studio"


@pytest.fixture(scope="module")
def cjm(bundle: Path) -> Path:
    return bundle / f"cjm{EXE}"


@pytest.fixture(scope="module")
def sample(cjm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A map made by the frozen command line from the retail-checkout template."""
    path = tmp_path_factory.mktemp("maps") / "X.cjm"
    run([cjm, "new", path, "--template", "retail-checkout"])
    return path


def export_options(cjm: Path) -> str:
    return run([cjm, "export", "--help"])


@pytest.mark.slow
def test_the_bundle_holds_both_programs_and_every_resource(bundle: Path) -> None:
    assert (bundle / f"cjm-studio{EXE}").is_file()
    assert (bundle / f"cjm{EXE}").is_file()
    inside = bundle / "_internal" / "resources"
    for path in sorted((ROOT / "resources").rglob("*")):
        if path.is_file():
            relative = path.relative_to(ROOT / "resources")
            assert (inside / relative).read_bytes() == path.read_bytes(), relative


@pytest.mark.slow
def test_the_bundle_leaves_out_what_nothing_uses(bundle: Path) -> None:
    names = [path.relative_to(bundle).as_posix() for path in bundle.rglob("*")]
    unwanted = ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6WebEngine", "Qt6Multimedia",
                "Qt63D", "Qt6VirtualKeyboard", "Qt/translations", "tkinter", "_tkinter",
                "libgtk-3", "libssl", "/pytest", "/hypothesis", "/mypy",
                # The system's CUPS serves the print plugin (no copy of it or of GnuTLS),
                # and only lxml.etree is there for python-pptx.
                "libcups.so", "libgnutls", "lxml/objectify", "lxml/html", "lxml/isoschematron")
    assert [name for name in names if any(part in name for part in unwanted)] == []
    if IS_LINUX:  # the system's C++ runtime is used (see build.spec)
        assert not any(Path(name).name.startswith("libstdc++") for name in names)


@pytest.mark.slow
def test_the_archive_holds_the_bundle_folder(built: Path, bundle: Path) -> None:
    stem = f"cjm-studio-{__version__}-"
    archives = [path for path in built.iterdir() if path.name.startswith(stem)]
    assert len(archives) == 1, archives
    archive = archives[0]
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.namelist()
    else:
        assert archive.name.endswith(".tar.gz")
        with tarfile.open(archive) as tarred:
            members = tarred.getnames()
    assert f"cjm-studio/cjm-studio{EXE}" in members
    assert f"cjm-studio/cjm{EXE}" in members
    assert "cjm-studio/_internal/resources/fonts/NotoSans-Regular.ttf" in members
    assert all(name.startswith("cjm-studio") for name in members)


@pytest.mark.slow
def test_frozen_cjm_prints_its_version(cjm: Path) -> None:
    assert run([cjm, "--version"]).strip() == f"cjm {__version__}"


@pytest.mark.slow
def test_frozen_cjm_makes_a_map_from_a_template(cjm: Path, sample: Path) -> None:
    assert run([cjm, "check", sample]).strip() == "ok"
    assert "cards: 88" in run([cjm, "info", sample])


@pytest.mark.slow
def test_frozen_cjm_exports_json(cjm: Path, sample: Path) -> None:
    out = sample.with_name("X.json")
    run([cjm, "export", sample, "--json", out])
    assert out.read_text("utf-8").lstrip().startswith("{")


@pytest.mark.slow
def test_frozen_cjm_exports_a_pdf_with_the_bundled_fonts(cjm: Path, sample: Path) -> None:
    if "--pdf" not in export_options(cjm):
        pytest.skip("`cjm export` has no --pdf option yet")
    out = sample.with_name("X.pdf")
    run([cjm, "export", sample, "--pdf", out])
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"NotoSans" in data  # the bundled font is embedded: found inside the bundle


@pytest.mark.slow
def test_frozen_cjm_exports_a_workbook(cjm: Path, sample: Path) -> None:
    if "--xlsx" not in export_options(cjm):
        pytest.skip("`cjm export` has no --xlsx option yet")
    out = sample.with_name("X.xlsx")
    run([cjm, "export", sample, "--xlsx", out])
    with zipfile.ZipFile(out) as book:
        assert "xl/workbook.xml" in book.namelist()
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames


@pytest.mark.slow
def test_frozen_cjm_exports_a_deck(cjm: Path, sample: Path) -> None:
    out = sample.with_name("X.pptx")
    run([cjm, "export", sample, "--pptx", out], timeout=300)
    from pptx import Presentation

    assert len(Presentation(str(out)).slides) > 3


@pytest.mark.slow
def test_frozen_cjm_exports_a_png_drawn_by_the_bundled_pdfium(cjm: Path, sample: Path) -> None:
    out = sample.with_name("X.png")
    run([cjm, "export", sample, "--png", out, "--dpi", "96"], timeout=300)
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000


@pytest.mark.slow
def test_frozen_cjm_writes_a_web_page_and_takes_pages_and_posters_back(
    cjm: Path, sample: Path
) -> None:
    """fontTools cuts the fonts (its table modules are imported by name) and pypdf reads
    the poster's attachment, both from inside the bundle."""
    page, poster = sample.with_name("X.html"), sample.with_name("X-poster.pdf")
    run([cjm, "export", sample, "--html", page, "--pdf", poster], timeout=300)
    assert "@font-face{font-family:cjm-0" in page.read_text("utf-8")
    for carrier in (page, poster):
        back = sample.with_name(f"back-{carrier.suffix[1:]}.cjm")
        run([cjm, "import", carrier, back])
        assert "cards: 88" in run([cjm, "info", back])


@pytest.mark.slow
def test_frozen_cjm_studio_opens_and_renders_a_map_offscreen(bundle: Path, sample: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    output = run([bundle / f"cjm-studio{EXE}", "--self-test", sample], env=env)
    assert "self-test ok" in output


@pytest.mark.slow
@pytest.mark.skipif(not IS_LINUX, reason="the Linux installer")
def test_install_linux_registers_the_app_for_the_user_only(
    bundle: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    output = run(["sh", bundle / "install-linux.sh"], env=env)
    assert f"cjm {__version__}" in output
    local = home / ".local"
    assert run([local / "bin" / "cjm", "--version"], env=env).strip() == f"cjm {__version__}"
    desktop = (local / "share" / "applications" / "cjm-studio.desktop").read_text("utf-8")
    assert f"Exec={local}/bin/cjm-studio %f" in desktop
    assert (local / "share" / "mime" / "packages" / "cjm-studio-mime.xml").is_file()
    icons = local / "share" / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "cjm-studio.png").is_file()
    assert (icons / "48x48" / "mimetypes" / "application-x-cjm-studio.png").is_file()
    if shutil.which("update-mime-database"):
        assert "*.cjm" in (local / "share" / "mime" / "globs2").read_text("utf-8")

    run(["sh", bundle / "install-linux.sh", "--uninstall"], env=env)
    assert not (local / "lib" / "cjm-studio").exists()
    assert not (local / "bin" / "cjm").exists()
    assert not (local / "share" / "applications" / "cjm-studio.desktop").exists()


# ---------------------------------------------------------------- quick checks


def test_the_icons_are_made_from_the_svg_source() -> None:
    run([sys.executable, ROOT / "tools" / "make_icons.py", "--check"])


def check_icons(folder: Path) -> subprocess.CompletedProcess[str]:
    """``make_icons.py --check`` on the SVG and icon files in ``folder``."""
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_icons.py"), "--check", "--icons", str(folder)],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture()
def icon_copy(tmp_path: Path) -> Path:
    """A copy of resources/icons to change."""
    folder = tmp_path / "icons"
    shutil.copytree(ROOT / "resources" / "icons", folder)
    assert check_icons(folder).returncode == 0
    return folder


def icon_tool() -> ModuleType:
    """tools/make_icons.py, imported."""
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "tools" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nudged(png: bytes, amount: int) -> bytes:
    """``png`` with one colour channel of every sixteenth opaque pixel moved by ``amount``
    (towards the middle of the range), as another CPU's rounding might move it."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage.fromData(png).convertToFormat(QImage.Format.Format_RGBA8888)
    changed = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            colour = image.pixelColor(x, y)
            if colour.alpha() == 255:
                red = colour.red()
                colour.setRed(red + amount if red < 128 else red - amount)
                image.setPixelColor(x, y, colour)
                changed += 1
    assert changed
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


def test_the_icon_check_allows_rounding_noise_of_a_channel_value_or_two(
    icon_copy: Path, qapp: object
) -> None:
    tool = icon_tool()
    for path in icon_copy.glob("*.png"):
        path.write_bytes(nudged(path.read_bytes(), 2))
    ico = icon_copy / "cjm-studio.ico"
    ico_pngs = [png for _, png in tool.pictures(ico, ico.read_bytes())]
    ico.write_bytes(tool.ico_bytes(
        {size: nudged(png, 2) for size, png in zip(tool.ICO_SIZES, ico_pngs, strict=True)}
    ))
    icns = icon_copy / "cjm-studio.icns"
    sizes = {kind.decode(): size for kind, size in tool.ICNS_TYPES}
    icns_pngs = {sizes[kind]: png for kind, png in tool.pictures(icns, icns.read_bytes())}
    icns.write_bytes(tool.icns_bytes({size: nudged(png, 2) for size, png in icns_pngs.items()}))
    assert check_icons(icon_copy).returncode == 0
    assert ico.read_bytes() != (ROOT / "resources" / "icons" / ico.name).read_bytes()


def test_the_icon_check_finds_a_picture_that_differs_beyond_noise(
    icon_copy: Path, qapp: object
) -> None:
    png = icon_copy / "cjm-studio-48.png"
    png.write_bytes(nudged(png.read_bytes(), 6))
    result = check_icons(icon_copy)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"stale: {png}"]


def test_the_icon_check_finds_every_file_stale_when_the_svg_changes(icon_copy: Path) -> None:
    svg = icon_copy / "cjm-studio.svg"
    text = svg.read_text("utf-8")
    assert text.count('fill="#F0605D"') == 1  # the red dip of the emotion curve
    svg.write_text(text.replace('fill="#F0605D"', 'fill="#E8685A"'), "utf-8")
    result = check_icons(icon_copy)
    assert result.returncode == 1
    stale = sorted(line.removeprefix("stale: ") for line in result.stderr.splitlines())
    expected = [path for path in icon_copy.iterdir() if path.suffix != ".svg"]
    assert stale == sorted(str(path) for path in expected)
    assert len(stale) == 10


def test_the_windows_icon_holds_every_size_up_to_256() -> None:
    data = (ROOT / "resources" / "icons" / "cjm-studio.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sides = [struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)]
    assert sides == [16, 24, 32, 48, 64, 128, 256]


def test_the_macos_icon_holds_every_size_up_to_1024() -> None:
    data = (ROOT / "resources" / "icons" / "cjm-studio.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, offset = [], 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        assert data[offset + 8:offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind.decode())
        offset += length
    assert {"icp4", "icp5", "ic07", "ic08", "ic09", "ic10"} <= set(kinds)


def test_the_desktop_file_opens_cjm_files_with_the_app() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "linux" / "cjm-studio.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].endswith("cjm-studio %f")
    assert desktop["Icon"] == "cjm-studio"
    assert "application/x-cjm-studio" in desktop["MimeType"].split(";")


def test_the_mime_type_knows_cjm_files_by_name_and_by_content() -> None:
    from app.model.store.schema import APPLICATION_ID

    tree = ElementTree.parse(ROOT / "packaging" / "linux" / "cjm-studio-mime.xml")
    mime_type = tree.getroot().find(f"{MIME}mime-type")
    assert mime_type is not None and mime_type.get("type") == "application/x-cjm-studio"
    assert [glob.get("pattern") for glob in mime_type.iter(f"{MIME}glob")] == ["*.cjm"]
    header = (ROOT / "resources" / "examples" / "retail-checkout.cjm").read_bytes()[:100]
    for match in mime_type.iter(f"{MIME}match"):
        offset, value = int(match.get("offset", "0")), match.get("value", "").encode()
        assert header[offset:offset + len(value)] == value
    assert struct.pack(">I", APPLICATION_ID) == b"CJMS"


def test_the_about_text_has_every_font_licence_and_library() -> None:
    from app.ui.about import LIBRARIES, about_text

    text = about_text()
    assert f"CJM Studio {__version__}" in text
    for licence in sorted((ROOT / "resources" / "fonts").glob("*.txt")):
        assert licence.read_text("utf-8").strip() in text
    for library in LIBRARIES:
        assert f"{library.name} " in text and library.licence in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    # Every licence text the program carries is shown in full (libiconv's inside lxml too).
    for licence in sorted((ROOT / "resources" / "licenses").glob("*.txt")):
        assert licence.read_text("utf-8").strip() in text, licence.name


def test_the_about_box_lists_every_library_the_bundle_carries() -> None:
    """build.spec copies the metadata (and licence files) of LIBRARY_DISTRIBUTIONS; the
    About box shows the same libraries (shiboken6 comes with PySide6)."""
    from app.ui.about import LIBRARIES

    tree = ast.parse((ROOT / "build.spec").read_text("utf-8"))
    spec = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", "") == "LIBRARY_DISTRIBUTIONS"
    )

    def key(name: str) -> str:
        return name.lower().replace("_", "-")

    shown = {key(library.distribution) for library in LIBRARIES} | {"shiboken6"}
    assert {key(name) for name in spec} == shown


def test_the_about_box_shows_plain_text_only(qtbot: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from app.ui.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    labels = [label for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    text = dialog.findChild(QPlainTextEdit)
    assert text is not None and "SQLAlchemy" in text.toPlainText()
