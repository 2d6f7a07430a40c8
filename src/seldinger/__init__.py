"""Seldinger: the interventional radiology training system, as software."""

__version__ = "0.1.0"
