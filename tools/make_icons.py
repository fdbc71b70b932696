"""Makes the application icon's PNG, ICO and ICNS files from resources/icons/cjm-studio.svg.

    .venv/bin/python tools/make_icons.py          # (re)write the files
    .venv/bin/python tools/make_icons.py --check  # exit 1 if a file is missing or stale
    .venv/bin/python tools/make_icons.py --check --icons DIR  # the SVG and files in DIR

Qt's QSvgRenderer (QtSvg, part of PySide6-Essentials) draws the SVG offscreen at every
size. The ICO (Windows) and ICNS (macOS) files are plain containers of those PNGs,
written here with ``struct``: no Pillow or platform tool needed, on any system.

A file is stale when its pictures differ from fresh renderings, not its bytes: Qt's
antialiasing rounds a few colour channels one way or the other from one CPU to another,
so each decoded pixel channel may be off by ``TOLERANCE`` (premultiplied, 0-255). A
change to the SVG moves far more than that; the container layout (ICO sizes, ICNS
element types) must match exactly.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "cjm-studio"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, with their pixel size (the @2x ones are retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)
#: How far a decoded colour channel may be from a fresh rendering's (rounding noise).
TOLERANCE = 3
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHUNK = 4096


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` image, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # (stub wants bytes)
        raise RuntimeError(f"could not encode the {size}px PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, payload = b"", b""
    for size in ICO_SIZES:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: 'icns', total length, then (type, length, PNG) elements, big-endian."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def pictures(path: Path, data: bytes) -> list[tuple[str, bytes]]:
    """The PNG pictures a generated file holds, each with what names its place in the file.

    A .png is its own one picture; an .ico entry is named by its directory fields, an
    .icns element by its type. Raises ValueError for a file that is not such a container.
    """
    if path.suffix == ".png":
        return [("png", data)]
    if path.suffix == ".ico":
        reserved, kind, count = struct.unpack_from("<HHH", data)
        if (reserved, kind) != (0, 1):
            raise ValueError("not an icon file")
        entries = []
        for index in range(count):
            width, height, colours, zero, planes, bits, length, offset = struct.unpack_from(
                "<BBBBHHII", data, 6 + 16 * index
            )
            name = f"{width}x{height} {colours} {zero} {planes} {bits}"
            entries.append((name, data[offset:offset + length]))
        return entries
    if path.suffix == ".icns":
        if data[:4] != b"icns" or struct.unpack_from(">I", data, 4)[0] != len(data):
            raise ValueError("not an icns file")
        entries, offset = [], 8
        while offset < len(data):
            length = struct.unpack_from(">I", data, offset + 4)[0]
            if length <= 8:
                raise ValueError("an icns element is too short")
            kind = data[offset:offset + 4].decode("latin-1")
            entries.append((kind, data[offset + 8:offset + length]))
            offset += length
        return entries
    raise ValueError(f"unknown icon file type {path.suffix}")


def _pixels(png: bytes) -> QImage:
    """``png`` decoded to premultiplied 8-bit RGBA (a null image if it is not a PNG)."""
    if not png.startswith(_PNG_SIGNATURE):
        return QImage()
    image = QImage.fromData(png, "PNG")  # type: ignore[arg-type]  # (stub wants bytes)
    return image.convertToFormat(QImage.Format.Format_RGBA8888_Premultiplied)


def largest_difference(first: bytes, second: bytes) -> int | None:
    """The largest difference of a colour channel between two PNGs, or None if their
    sizes differ or either does not decode. Identical bytes give 0 without decoding."""
    if first == second:
        return 0
    one, two = _pixels(first), _pixels(second)
    if one.isNull() or two.isNull() or one.size() != two.size():
        return None
    a, b = bytes(one.constBits()), bytes(two.constBits())
    worst = 0
    for start in range(0, len(a), _CHUNK):  # most chunks are equal: only compare the others
        old, new = a[start:start + _CHUNK], b[start:start + _CHUNK]
        if old != new:
            worst = max(worst, *(abs(p - q) for p, q in zip(old, new, strict=True)))
    return worst


def same_pictures(path: Path, old: bytes, new: bytes) -> bool:
    """True if ``old`` holds the pictures of ``new`` in the same places, each pixel channel
    within ``TOLERANCE`` of it."""
    try:
        old_pictures, new_pictures = pictures(path, old), pictures(path, new)
    except (ValueError, struct.error):
        return False
    if [name for name, _ in old_pictures] != [name for name, _ in new_pictures]:
        return False
    for (_, before), (_, after) in zip(old_pictures, new_pictures, strict=True):
        difference = largest_difference(before, after)
        if difference is None or difference > TOLERANCE:
            return False
    return True


def wanted_files(icons: Path = ICONS) -> dict[Path, bytes]:
    """Every file generated from ``icons``/cjm-studio.svg and the bytes it should hold."""
    source = icons / f"{NAME}.svg"
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"error: {source}: not a valid SVG")
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}
    files = {icons / f"{NAME}-{size}.png": pngs[size] for size in PNG_SIZES}
    files[icons / f"{NAME}.ico"] = ico_bytes(pngs)
    files[icons / f"{NAME}.icns"] = icns_bytes(pngs)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    parser.add_argument(
        "--icons", type=Path, default=ICONS, help="the folder of the SVG and its files"
    )
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    files = wanted_files(args.icons)
    del app
    stale = [
        path for path, data in files.items()
        if not path.exists() or not same_pictures(path, path.read_bytes(), data)
    ]
    if args.check:
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(files[path])
        print(f"wrote {path} ({len(files[path]):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
