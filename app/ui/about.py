"""The About box: version, and the licences of the bundled fonts and libraries.

Everything is shown as plain text (never rich text), read from the files that travel
with the program: ``resources/fonts/*.txt`` for the fonts, ``resources/licenses/`` for
Qt's LGPL/GPL and Python's licence, and each library's own licence file from its
installed metadata (the frozen bundle carries those too, see build.spec).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
_LICENCE_FILES = (
    "licenses/LICENSE",
    "licenses/LICENSE.txt",
    "LICENSE",
    "LICENSE.txt",
    "LICENCE.rst",
    "LICENSE.rst",
    "COPYING",
)


@dataclass(frozen=True)
class Library:
    """A library in the bundle: shown name, distribution name, licence in short, role.

    ``licence_files``: folders inside the metadata's ``licenses/`` whose every file is
    shown, in order, instead of the one usual licence file (pypdfium2 carries PDFium's
    licence and those of the libraries built into it that way)."""

    name: str
    distribution: str
    licence: str
    note: str = ""
    licence_files: tuple[str, ...] = ()


LIBRARIES = (
    Library("PySide6", "PySide6-Essentials", "LGPL-3.0", "Qt for Python, with the Qt libraries"),
    Library("SQLAlchemy", "SQLAlchemy", "MIT"),
    Library("ReportLab", "reportlab", "BSD"),
    Library("openpyxl", "openpyxl", "MIT"),
    Library("defusedxml", "defusedxml", "PSF-2.0"),
    Library("platformdirs", "platformdirs", "MIT"),
    Library("filelock", "filelock", "Unlicense"),
    Library("Pillow", "pillow", "MIT-CMU", "used by ReportLab"),
    Library("charset-normalizer", "charset-normalizer", "MIT", "used by ReportLab"),
    Library("et-xmlfile", "et_xmlfile", "MIT", "used by openpyxl"),
    Library("python-pptx", "python-pptx", "MIT", "PowerPoint decks"),
    Library(
        "lxml",
        "lxml",
        "BSD-3-Clause",
        "used by python-pptx; with zlib, libiconv (LGPL-2.1), libxml2 and libxslt built in",
        licence_files=("",),
    ),
    Library("XlsxWriter", "XlsxWriter", "BSD-2-Clause", "used by python-pptx for chart data"),
    Library("typing_extensions", "typing_extensions", "PSF-2.0", "used by python-pptx"),
    Library(
        "pypdfium2",
        "pypdfium2",
        "Apache-2.0 or BSD-3-Clause",
        "PNG pictures; with PDFium (BSD-3-Clause) and the libraries built into it",
        # Not the licences of builds the program does not use (Android, musl, V8/XFA).
        licence_files=(
            "LICENSES",
            "BUILD_LICENSES",
            "BUILD_LICENSES/SHARED",
            "BUILD_LICENSES/all_except_musl",
            "BUILD_LICENSES/pbin_and_sbuild",
        ),
    ),
    Library("uharfbuzz", "uharfbuzz", "Apache-2.0", "text shaping; with HarfBuzz (MIT) built in"),
    Library(
        "python-bidi",
        "python-bidi",
        "LGPL-3.0",
        "right-to-left order on paper",
        licence_files=("",),
    ),
    Library("fontTools", "fonttools", "MIT", "the fonts of web pages, cut to what they use"),
    Library("pypdf", "pypdf", "BSD-3-Clause", "reads back the map a poster carries"),
)

_QT_NOTE = (
    "Qt and PySide6 are used under the GNU LGPL version 3. They are linked dynamically:\n"
    "their libraries are separate files in the program's folder and can be replaced\n"
    "with compatible builds of your own. Source code: https://code.qt.io and\n"
    "https://download.qt.io/official_releases/QtForPython/."
)


def library_version(distribution: str) -> str:
    """The installed version of ``distribution``, or '' if its metadata is missing."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def _read_licence(dist: metadata.Distribution, name: str) -> str:
    """The file ``name`` of ``dist``'s metadata as text ('' if absent). A few licence
    files are not UTF-8 (libjpeg-turbo's is Latin-1): those are read as Latin-1."""
    try:
        return dist.read_text(name) or ""
    except UnicodeDecodeError:
        suffix = f"/{name}"
        for file in dist.files or []:
            if f"/{file.as_posix()}".endswith(suffix) and ".dist-info/" in file.as_posix():
                return file.read_binary().decode("latin-1")
        return ""


def library_licence_text(distribution: str, folders: tuple[str, ...] = ()) -> str:
    """The licence file shipped in ``distribution``'s metadata, or every licence file in
    ``folders`` (under its ``licenses/``, each headed by its name), or ''."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return ""
    if folders:
        listed = dist.metadata.get_all("License-File") or []
        texts = []
        for folder in folders:
            for name in sorted(n for n in listed if n.rpartition("/")[0] == folder):
                text = _read_licence(dist, f"licenses/{name}") or _read_licence(dist, name)
                if text:
                    texts.append(f"{name}:\n\n{text.strip()}")
        return "\n\n".join(texts)
    for name in _LICENCE_FILES:
        text = dist.read_text(name)
        if text:
            return text.strip()
    return ""


def font_licences() -> list[tuple[str, str]]:
    """(file name, text) of every licence in resources/fonts."""
    folder = resource_path("fonts")
    return [(path.name, path.read_text("utf-8").strip()) for path in sorted(folder.glob("*.txt"))]


def _bundled_licence(name: str) -> str:
    path = resource_path("licenses", name)
    return path.read_text("utf-8").strip() if path.exists() else ""


def summary_text() -> str:
    """The short part: version, runtime and one line per font and library."""
    python = ".".join(str(part) for part in sys.version_info[:3])
    lines = [
        f"{APP_NAME} {__version__}",
        "An offline editor for customer journey maps.",
        "",
        f"Python {python} (PSF License) · Qt {qVersion()}",
        "",
        "Fonts",
    ]
    for file_name, text in font_licences():
        title = text.splitlines()[0] if text else file_name
        lines.append(f"  {title}: see {file_name} below")
    lines += ["", "Libraries"]
    for library in LIBRARIES:
        version = library_version(library.distribution)
        label = f"{library.name} {version}".rstrip()
        note = f" ({library.note})" if library.note else ""
        lines.append(f"  {label} — {library.licence}{note}")
    lines += ["", _QT_NOTE]
    return "\n".join(lines)


def about_text() -> str:
    """The whole text of the About box: the summary, then every licence in full."""
    rule = "─" * 72
    parts = [summary_text()]
    for file_name, text in font_licences():
        parts.append(f"{rule}\nFont licence: {file_name}\n{rule}\n{text}")
    for library in LIBRARIES:
        text = library_licence_text(library.distribution, library.licence_files)
        if text:
            parts.append(f"{rule}\n{library.name}: {library.licence}\n{rule}\n{text}")
    for title, name in (
        ("GNU Lesser General Public License v3 (Qt, PySide6)", "LGPL-3.0.txt"),
        ("GNU General Public License v3 (referred to by the LGPL v3)", "GPL-3.0.txt"),
        ("GNU Lesser General Public License v2.1 (libiconv, inside lxml)", "LGPL-2.1.txt"),
        ("Python: PSF License", "Python-PSF.txt"),
    ):
        text = _bundled_licence(name)
        if text:
            parts.append(f"{rule}\n{title}\n{rule}\n{text}")
    return "\n\n".join(parts) + "\n"


def application_icon() -> QIcon:
    """The application icon at every bundled size (for windows, taskbars and docks)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"cjm-studio-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    """Help ▸ About CJM Studio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(720, 600)

        logo = QLabel()
        logo.setPixmap(QPixmap(str(resource_path("icons", "cjm-studio-64.png"))))
        logo.setFixedSize(64, 64)
        title = QLabel(f"{APP_NAME} {__version__}")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel("An offline editor for customer journey maps.")
        subtitle.setTextFormat(Qt.TextFormat.PlainText)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(subtitle)
        heading.addStretch()
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(heading, 1)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        self.text.setPlainText(about_text())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def show_about(parent: QWidget | None = None) -> None:
    """Open the About box (modal) over ``parent``."""
    AboutDialog(parent).exec()
