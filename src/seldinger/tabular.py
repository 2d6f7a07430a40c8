"""Shared by the CSV/XLSX importers: an error about the file as a whole."""

from seldinger.errors import ErrorItem, Invalid


class FileError(Invalid):
    """The file as a whole cannot be read (wrong type, unreadable, missing or unknown column)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message, errors=[ErrorItem("file", message, line)])
        self.line = line

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.message}" if self.line else f"{name}: {self.message}"
