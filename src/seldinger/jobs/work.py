"""What a job's function is handed: the job's input file, a progress reporter, a place
for its output file."""

import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from seldinger.jobs.progress import Reporter


def folder(job_id: object) -> Path:
    """The job's private files (its input and its output), on the uploads folder that web
    and worker hosts share."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / "jobs" / str(job_id)


INPUT = "input"


def keep_input(job_id: object, content: bytes) -> None:
    target = folder(job_id)
    target.mkdir(parents=True, exist_ok=True)
    (target / INPUT).write_bytes(content)


def remove_files(job_id: object) -> None:
    shutil.rmtree(folder(job_id), ignore_errors=True)


class Work:
    """One run of a job: ``progress(label, done, total)``, ``input()``, ``output(name, chunks)``."""

    def __init__(self, job_id: object) -> None:
        self.job_id = job_id
        self.progress = Reporter(job_id)

    def input(self) -> bytes:
        return (folder(self.job_id) / INPUT).read_bytes()

    def output(self, name: str, chunks: Iterable[bytes]) -> str:
        """Write the job's download as ``name`` (written whole, then renamed into place)."""
        target = folder(self.job_id)
        target.mkdir(parents=True, exist_ok=True)
        partial = target / f".{name}.partial"
        with partial.open("wb") as out:
            out.writelines(chunks)
        partial.replace(target / Path(name).name)
        return Path(name).name
