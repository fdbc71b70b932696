"""How a deliverable is shared: as a client-safe copy, and with a DRAFT watermark.

``ShareOptions`` is what the export dialogs' two checkboxes and ``cjm export
--client-safe --draft`` choose. The client-safe copy is made before any exporter
runs (``map_for``, ``document_for``: ``app.model.client_safe``), so every export,
including later ones, leaves out the same things; ``draft`` is passed to each
exporter that draws a watermark or a mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model.client_safe import client_copy, client_document
from app.model.document import MapDocument
from app.model.journey import JourneyMap

#: The checkboxes' texts, shared by every export dialog.
CLIENT_SAFE_TEXT = "Client-safe copy (leave out owners, notes, evidence, comments, internal tags)"
DRAFT_TEXT = "DRAFT watermark"


@dataclass(frozen=True, slots=True)
class ShareOptions:
    """``client_safe``: leave out what the consultant keeps internal; ``draft``: mark the
    deliverable DRAFT; ``internal_tags``: more tags to leave out, for this export only."""

    client_safe: bool = False
    draft: bool = False
    internal_tags: tuple[str, ...] = ()

    def map_for(self, journey: JourneyMap) -> JourneyMap:
        """The map to export: ``journey`` itself, or its client-safe copy."""
        if not self.client_safe:
            return journey
        return client_copy(journey, self.internal_tags)

    def document_for(self, document: MapDocument) -> MapDocument:
        """The document to export: ``document`` itself, or its client-safe copy (no comment
        threads, no snapshots)."""
        if not self.client_safe:
            return document
        return client_document(document, self.internal_tags)
