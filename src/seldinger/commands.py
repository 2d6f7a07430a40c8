"""Shared pieces of the ``seldinger`` subcommands."""

import argparse

from django.core.management.base import DjangoHelpFormatter


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the description's line breaks (its examples) kept."""
