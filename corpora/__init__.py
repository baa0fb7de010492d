"""Bundled sample letters and the fonts used to render test PDFs."""
