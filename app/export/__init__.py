"""Exporters: JSON, PDF posters and handouts, Excel workbooks. They read a map; no Qt."""
