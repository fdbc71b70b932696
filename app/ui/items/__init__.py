"""The graphics items of the canvas: cards, headers, grid, emotion curves, overlays."""

#: QGraphicsItem.UserType: each item class of the app returns a type() above it.
USER_TYPE = 65536
