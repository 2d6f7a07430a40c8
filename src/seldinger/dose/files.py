"""The files a dose import reads: single files, folders (every file under them) and zips
(every member), in a stable order (pure core).

A zip is bounded (``Limits``) before it is unpacked, so that a small upload cannot unpack to
gigabytes. A file that cannot be opened is handed on as its error, so one bad file never
stops the rest.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from seldinger.dose.rdsr import DoseReportError


@dataclass(frozen=True)
class Limits:
    max_zip_bytes: int
    max_files: int


@dataclass(frozen=True)
class ReportFile:
    """One file to read: its name for messages, and its bytes."""

    name: str
    content: bytes


Found = ReportFile | DoseReportError

#: Files a folder or zip holds that are no report to read (a DICOMDIR is an index).
_SKIPPED = {"DICOMDIR", ".DS_Store", "Thumbs.db"}


def _is_zip(name: str, content: bytes) -> bool:
    return name.lower().endswith(".zip") or content[:4] == b"PK\x03\x04"


def _unzip(name: str, content: bytes, limits: Limits) -> Iterator[Found]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError):
        yield DoseReportError(name, "is not a readable zip file")
        return
    if len(members) > limits.max_files:
        yield DoseReportError(name, f"holds {len(members)} files, more than {limits.max_files}")
        return
    unpacked = sum(info.file_size for info in members)
    if unpacked > limits.max_zip_bytes:
        yield DoseReportError(
            name, f"would unpack to {unpacked} bytes, more than {limits.max_zip_bytes}"
        )
        return
    for info in sorted(members, key=lambda member: member.filename):
        if Path(info.filename).name in _SKIPPED:
            continue
        where = f"{name}:{info.filename}"
        try:
            yield ReportFile(where, archive.read(info))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            yield DoseReportError(where, "cannot be unpacked (damaged or encrypted zip member)")


def uploaded(files: Iterable[ReportFile], limits: Limits) -> Iterator[Found]:
    """The reports among uploaded files, zips unpacked."""
    for file in files:
        if _is_zip(file.name, file.content):
            yield from _unzip(file.name, file.content, limits)
        else:
            yield file


def on_disk(paths: Iterable[str], limits: Limits) -> Iterator[Found]:
    """The reports under the paths given: files, every file under a folder, zips unpacked."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.name not in _SKIPPED)
            names: Iterable[Path] = inside
        elif path.exists():
            names = [path]
        else:
            yield DoseReportError(given, "does not exist")
            continue
        for name in names:
            try:
                content = name.read_bytes()
            except OSError as error:
                yield DoseReportError(str(name), f"cannot be read ({error.strerror or error})")
                continue
            yield from uploaded([ReportFile(str(name), content)], limits)
