"""User text in menus: Qt takes "&" as a mnemonic marker, so it is doubled to show as typed."""

from __future__ import annotations


def menu_text(text: str) -> str:
    """``text`` for a QAction or QMenu title: "Thoughts & feelings" stays as it reads."""
    return text.replace("&", "&&")
