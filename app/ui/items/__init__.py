"""The graphics items of the canvas: cards, headers, grid, emotion curves, overlays."""
