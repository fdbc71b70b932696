"""Mouse gestures on the canvas: each turns a press-move-release into one command."""

from app.ui.gestures.router import GestureRouter

__all__ = ["GestureRouter"]
