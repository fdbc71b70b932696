"""Pictures of the map for reports and slides: PNG and SVG, headless (no Qt).

Both are drawn by the poster's painter from the poster's layout, so a picture
matches the poster (and the canvas) in places, colours and fonts.
``card_ids`` limits a picture to some cards with their cells' headers (the
app's "Copy as Image" of a selection).
"""

from __future__ import annotations

from app.export.image_png import MAX_DPI, MIN_DPI, export_png
from app.export.image_svg import export_svg, svg_text
from app.export.progress import ExportCancelled

__all__ = ["MAX_DPI", "MIN_DPI", "ExportCancelled", "export_png", "export_svg", "svg_text"]
