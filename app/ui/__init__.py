"""The CJM Studio desktop app (PySide6): window, canvas, panels, undo adapter, dialogs."""
