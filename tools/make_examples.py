"""Writes resources/examples/NAME.cjm for every example template (run by `make examples`)."""

from __future__ import annotations

from pathlib import Path

from app.model.store import save_map
from app.model.templates import new_map, template_names

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"


def main() -> None:
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    for name in template_names():
        if name != "blank":
            save_map(new_map(name), EXAMPLES / f"{name}.cjm")
            print(EXAMPLES / f"{name}.cjm")


if __name__ == "__main__":
    main()
