"""File > Export > Poster (PDF): paper, orientation, tiles, what to include, how it is
shared (client-safe, DRAFT), and a preview of the page with the tile grid, the page count
and the printed size of card titles.

The numbers come from ``app.export.pdf.poster_map_box``, the same arithmetic the
poster is drawn with, so what the dialog says is what the PDF prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.export import pdf
from app.export.map_subset import subset
from app.export.pdf_poster import poster_layout
from app.export.pdf_tiles import TilePlan, tile_plan
from app.export.sharing import ShareOptions
from app.model.client_safe import is_internal_lane_kind
from app.model.journey import JourneyMap
from app.model.layout import Layout
from app.ui import export_targets as targets
from app.ui.export_sharing import SharingBox, remember, remembered
from app.ui.poster_preview import PosterPreview, PosterRenderer, render_poster

KEY = "poster"
PAPERS = ("A0", "A1", "A2", "A3", "A4", "Letter", "Tabloid", "Custom")
MM = 72 / 25.4


@dataclass
class PosterOptions:
    """What the poster dialog chose; saved per user in QSettings."""

    paper: str = "A1"
    custom_mm: tuple[float, float] = (1189.0, 841.0)
    landscape: bool = True
    tiled: bool = False
    tile: str = "A4"
    overlap_mm: float = 10.0
    #: Ids left out (everything else is printed, including elements added later).
    hidden_stages: set[str] = field(default_factory=set)
    hidden_lanes: set[str] = field(default_factory=set)
    hidden_personas: set[str] = field(default_factory=set)
    #: Client-safe copy, DRAFT watermark.
    sharing: ShareOptions = field(default_factory=ShareOptions)

    @property
    def custom(self) -> tuple[float, float] | None:
        return self.custom_mm if self.paper == "Custom" else None

    def page(self) -> tuple[float, float]:
        """The poster's size in points (ValueError for a size PDF readers refuse)."""
        return pdf.page_size(
            self.paper if self.custom is None else "A1", self.landscape, self.custom
        )

    def label(self) -> str:
        """The paper as the poster's footer names it (as ``pdf.export_poster`` does)."""
        paper = self.paper if self.custom is None else "A1"
        return pdf._paper_label(paper, self.landscape, self.custom, self.page())

    def plan(self) -> TilePlan | None:
        if not self.tiled:
            return None
        return tile_plan(self.page(), pdf.PAPER_SIZES[self.tile], self.overlap_mm * MM)

    def filtered(self, journey: JourneyMap) -> JourneyMap:
        """A copy of ``journey`` with only what is to be printed (client-safe if chosen)."""
        journey = self.sharing.map_for(journey)
        if not (self.hidden_stages or self.hidden_lanes or self.hidden_personas):
            return journey
        return subset(
            journey,
            [s.id for s in journey.stages if s.id not in self.hidden_stages],
            [lane.id for lane in journey.lanes if lane.id not in self.hidden_lanes],
            [p.id for p in journey.personas if p.id not in self.hidden_personas],
        )

    @classmethod
    def load(cls) -> PosterOptions:
        d = cls()
        paper = targets.load(KEY, "paper", d.paper)
        tile = targets.load(KEY, "tile", d.tile)
        return cls(
            paper if paper in PAPERS else d.paper,
            (
                targets.load(KEY, "custom_w", d.custom_mm[0]),
                targets.load(KEY, "custom_h", d.custom_mm[1]),
            ),
            targets.load(KEY, "landscape", d.landscape),
            targets.load(KEY, "tiled", d.tiled),
            tile if tile in pdf.TILE_PAPERS else d.tile,
            targets.load(KEY, "overlap_mm", d.overlap_mm),
            set(targets.load(KEY, "hidden_stages", [])),
            set(targets.load(KEY, "hidden_lanes", [])),
            set(targets.load(KEY, "hidden_personas", [])),
            remembered(KEY),
        )

    def save(self) -> None:
        for name, value in (
            ("paper", self.paper),
            ("custom_w", self.custom_mm[0]),
            ("custom_h", self.custom_mm[1]),
            ("landscape", self.landscape),
            ("tiled", self.tiled),
            ("tile", self.tile),
            ("overlap_mm", self.overlap_mm),
            ("hidden_stages", sorted(self.hidden_stages)),
            ("hidden_lanes", sorted(self.hidden_lanes)),
            ("hidden_personas", sorted(self.hidden_personas)),
        ):
            targets.store(KEY, name, value)
        remember(KEY, self.sharing)


def write_poster(journey: JourneyMap, options: PosterOptions, target: Path) -> None:
    """Write the poster (or its tiles) of ``journey`` as ``options`` say."""
    journey = options.filtered(journey)
    paper = options.paper if options.custom is None else "A1"
    draft = options.sharing.draft
    if options.tiled:
        pdf.export_tiled(
            journey,
            target,
            paper,
            options.tile,
            options.overlap_mm,
            options.landscape,
            options.custom,
            draft=draft,
        )
    else:
        pdf.export_poster(journey, target, paper, options.landscape, options.custom, draft=draft)


class PosterDialog(QDialog):
    """The poster's options with a preview; ``options()`` once accepted."""

    def __init__(self, journey: JourneyMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export poster (PDF)")
        self.journey = journey
        start = PosterOptions.load()
        self._layouts: dict[tuple[frozenset[str], ...], Layout] = {}
        rows = QVBoxLayout(self)
        outer = QHBoxLayout()
        rows.addLayout(outer, 1)
        left = QVBoxLayout()
        outer.addLayout(left)
        form = QFormLayout()
        left.addLayout(form)
        self.paper = QComboBox()
        self.paper.addItems(PAPERS)
        self.paper.setCurrentText(start.paper)
        form.addRow("Paper:", self.paper)
        custom = QHBoxLayout()
        self.custom_w, self.custom_h = self._mm(start.custom_mm[0]), self._mm(start.custom_mm[1])
        for label, spin in (("Width", self.custom_w), ("height", self.custom_h)):
            custom.addWidget(QLabel(label))
            custom.addWidget(spin)
        form.addRow("Custom size:", custom)
        self.orientation = QComboBox()
        self.orientation.addItems(["Landscape", "Portrait"])
        self.orientation.setCurrentIndex(0 if start.landscape else 1)
        form.addRow("Orientation:", self.orientation)
        self.tiled = QCheckBox("Print it on smaller sheets, to tape together")
        self.tiled.setChecked(start.tiled)
        form.addRow("Tiles:", self.tiled)
        self.tile = QComboBox()
        self.tile.addItems(pdf.TILE_PAPERS)
        self.tile.setCurrentText(start.tile)
        form.addRow("Sheet paper:", self.tile)
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 50)
        self.overlap.setSuffix(" mm")
        self.overlap.setValue(start.overlap_mm)
        form.addRow("Overlap:", self.overlap)
        include = QGroupBox("Include")
        lists = QHBoxLayout(include)
        self.stages = self._list(
            lists, "Stages", [(s.id, s.name) for s in journey.stages], start.hidden_stages
        )
        self.lanes = self._list(
            lists, "Lanes", [(x.id, x.name) for x in journey.lanes], start.hidden_lanes
        )
        self.personas = self._list(
            lists, "Personas", [(p.id, p.name) for p in journey.personas], start.hidden_personas
        )
        rows.addWidget(include)
        self.sharing = SharingBox(start.sharing)
        left.addWidget(self.sharing)
        left.addStretch(1)
        right = QVBoxLayout()
        outer.addLayout(right, 1)
        self.preview = PosterPreview()
        # The poster is drawn and rasterised off the GUI thread, kept per setting.
        self.renderer = PosterRenderer(self)
        self.renderer.ready.connect(self._rendered)
        self._key: tuple[object, ...] | None = None
        self._slow = QTimer(self)  # "Updating preview…" only if it takes a while
        self._slow.setSingleShot(True)
        self._slow.setInterval(300)
        self._slow.timeout.connect(lambda: self.preview.set_note("Updating preview…"))
        right.addWidget(self.preview, 1)
        self.pages = self._label()
        self.text_size = self._label()
        self.warning = self._label()
        self.warning.setStyleSheet("color: #b71c1c;")
        self.warning.setWordWrap(True)
        for note in (self.pages, self.text_size, self.warning):
            right.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        rows.addWidget(self.buttons)
        # Changes are gathered: a big map's layout is measured once per pause, not per click.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(150)
        self._refresh.timeout.connect(self.update_preview)
        for signal in (
            self.paper.currentIndexChanged,
            self.orientation.currentIndexChanged,
            self.tile.currentIndexChanged,
            self.tiled.toggled,
            self.custom_w.valueChanged,
            self.custom_h.valueChanged,
            self.overlap.valueChanged,
            self.sharing.client_safe.toggled,
        ):
            signal.connect(lambda *_: self._refresh.start())
        if self.sharing.draft is not None:
            self.sharing.draft.toggled.connect(lambda *_: self._refresh.start())
        for widget in (self.stages, self.lanes, self.personas):
            widget.itemChanged.connect(lambda *_: self._refresh.start())
        self.resize(1000, 720)
        self.update_preview()

    @staticmethod
    def _mm(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(25, 5080)
        spin.setDecimals(0)
        spin.setSuffix(" mm")
        spin.setValue(value)
        return spin

    @staticmethod
    def _label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    @staticmethod
    def _list(
        row: QHBoxLayout, title: str, items: list[tuple[str, str]], hidden: set[str]
    ) -> QListWidget:
        column = QVBoxLayout()
        column.addWidget(QLabel(title))
        widget = QListWidget()
        widget.setObjectName(title.lower())
        widget.setMaximumHeight(170)
        for element_id, name in items:
            item = QListWidgetItem(name)  # list items show plain text
            item.setToolTip(name)
            item.setData(Qt.ItemDataRole.UserRole, element_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Unchecked if element_id in hidden else Qt.CheckState.Checked
            )
            widget.addItem(item)
        column.addWidget(widget)
        row.addLayout(column)
        return widget

    @staticmethod
    def _unchecked(widget: QListWidget) -> set[str]:
        return {
            str(widget.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(widget.count())
            if widget.item(i).checkState() != Qt.CheckState.Checked
        }

    def options(self) -> PosterOptions:
        return PosterOptions(
            self.paper.currentText(),
            (self.custom_w.value(), self.custom_h.value()),
            self.orientation.currentIndex() == 0,
            self.tiled.isChecked(),
            self.tile.currentText(),
            self.overlap.value(),
            self._unchecked(self.stages),
            self._unchecked(self.lanes),
            self._unchecked(self.personas),
            self.sharing.options(),
        )

    def update_preview(self) -> None:
        """Recompute the page, the tile grid, the page count and the text size."""
        options = self.options()
        custom = options.paper == "Custom"
        self.custom_w.setEnabled(custom)
        self.custom_h.setEnabled(custom)
        for widget in (self.tile, self.overlap):
            widget.setEnabled(options.tiled)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            page = options.page()
            plan = options.plan()
        except ValueError as error:
            self.pages.setText("")
            self.text_size.setText("")
            self.warning.setText(f"Cannot print this: {error}.")
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        self._grey_internal_lanes(options.sharing.client_safe)
        journey = options.filtered(self.journey)
        key = (
            frozenset(options.hidden_stages),
            frozenset(options.hidden_lanes),
            frozenset(options.hidden_personas),
            frozenset({options.sharing.client_safe}),
        )
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = poster_layout(journey)
        facts, _box = pdf.poster_map_box(journey, *page, layout)
        label = options.label()
        draft = options.sharing.draft
        self._key = (page, label, draft, *key)
        self.preview.page, self.preview.plan = page, plan
        image = self.renderer.request(
            self._key, lambda: render_poster(journey, page, label, layout, draft=draft)
        )
        if image is not None:
            self._slow.stop()
            self.preview.set_note("")
            self.preview.set_image(image, page, self._key)
        elif self._key in self.renderer.errors:
            self._slow.stop()
            self.preview.set_note(f"No preview: {self.renderer.errors[self._key]}")
        elif not self._slow.isActive():
            self._slow.start()
        self.preview.update()
        if plan is None:
            self.pages.setText(f"1 page, {page[0] / MM:.0f} × {page[1] / MM:.0f} mm")
        else:
            self.pages.setText(
                f"{plan.facts.pages} pages: "
                f"{plan.columns} × {plan.rows} sheets of {options.tile} and a page showing how "
                "they go together"
            )
        self.text_size.setText(
            f"Card titles print at {facts.card_text_pt:.1f} pt "
            f"(the map at {facts.scale * 100:.0f}% of its size on screen)."
        )
        if facts.readable:
            self.warning.setText("")
        else:
            self.warning.setText(
                f"Warning: text under {pdf.MIN_READABLE_PT:g} pt is hard to read. Choose larger "
                "paper (tiled onto office sheets if need be), or leave out some stages or lanes."
            )

    def _grey_internal_lanes(self, client_safe: bool) -> None:
        """A client-safe copy has no notes lanes: their rows in Include are greyed out."""
        internal = {lane.id for lane in self.journey.lanes if is_internal_lane_kind(lane.kind)}
        for row in range(self.lanes.count()):
            item = self.lanes.item(row)
            if item.data(Qt.ItemDataRole.UserRole) not in internal:
                continue
            enabled = item.flags() & Qt.ItemFlag.ItemIsEnabled
            if client_safe and enabled:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            elif not client_safe and not enabled:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)

    def _rendered(self, key: object) -> None:
        """A picture is ready: show it if it is still the one wanted."""
        if key == self._key:
            self.update_preview()

    def preview_ready(self) -> bool:
        """Whether the preview shows the poster for the current settings."""
        return self._key is not None and self.preview.image_key == self._key

    def accept(self) -> None:
        self.options().save()
        super().accept()

    def done(self, result: int) -> None:
        self._refresh.stop()  # no preview to redraw once the dialog is closed
        self._slow.stop()
        super().done(result)
