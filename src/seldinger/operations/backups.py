"""``seldinger backup`` and ``seldinger restore``: the database and the private uploads in
one archive.

The archive is a gzip'd tar holding ``manifest.json`` (what it is: format and version, the
database engine, the applied migrations, when it was made, a checksum of the database
copy), the database copy (``database_copies``) and ``uploads/``, the folder of private
uploads (``PRIVATE_MEDIA_ROOT``). It is written under a temporary name and renamed when
complete, so a backup that stopped half-way never looks finished.

A restore checks everything before it changes anything: that the file is a backup, of this
engine, of a schema this version knows, with an intact database copy. Then the database is
replaced in one step (``database_copies.copy_in``) and the uploads folder is swapped for
the backup's by renaming.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from seldinger.operations import database_copies
from seldinger.operations.database_copies import ENGINE_NAMES, BackupRefused

FORMAT = "seldinger-backup"
#: The archive layout this version writes and reads (a newer one is refused).
VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"


@dataclass(frozen=True)
class Manifest:
    engine: str
    migrations: list[tuple[str, str]]
    created_at: str
    database_sha256: str
    uploads: int

    def as_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "engine": self.engine,
            "created_at": self.created_at,
            "migrations": [list(migration) for migration in self.migrations],
            "database_file": database_copies.COPY_NAMES[self.engine],
            "database_sha256": self.database_sha256,
            "uploads": self.uploads,
        }


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    #: Migrations this version has that the backup's database had not applied.
    pending: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _upload_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup(target: Path) -> Manifest:
    """Write the backup of the live database and uploads to ``target`` (a new file)."""
    if target.exists():
        raise BackupRefused(f"{target} already exists; give the backup a new name")
    if not target.parent.is_dir():
        raise BackupRefused(f"{target.parent} is not a folder")
    engine = database_copies.engine()
    uploads = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work:
        copy = Path(work) / database_copies.COPY_NAMES[engine]
        migrations = database_copies.applied_migrations()
        database_copies.copy_out(copy)
        if engine == database_copies.SQLITE:  # the copy's own state, exactly
            migrations = database_copies.applied_migrations_in_sqlite(copy)
        files = _upload_files(uploads)
        manifest = Manifest(
            engine=engine,
            migrations=migrations,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            database_sha256=_sha256(copy),
            uploads=len(files),
        )
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest.as_json(), indent=2) + "\n")
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(copy, arcname=copy.name)
            folder = tarfile.TarInfo(UPLOADS)
            folder.type, folder.mode = tarfile.DIRTYPE, 0o700
            archive.addfile(folder)
            for file in files:
                archive.add(file, arcname=f"{UPLOADS}/{file.relative_to(uploads).as_posix()}")
        os.replace(partial, target)
    return manifest


def _not_a_backup(source: Path, why: str) -> BackupRefused:
    return BackupRefused(f"{source} is not a Seldinger backup: {why}")


def read_manifest(archive: tarfile.TarFile, source: Path) -> Manifest:
    try:
        member = archive.getmember(MANIFEST)
        extracted = archive.extractfile(member)
        data = json.loads(extracted.read() if extracted else b"")
    except KeyError:
        raise _not_a_backup(source, f"it has no {MANIFEST}") from None
    except ValueError:
        raise _not_a_backup(source, f"its {MANIFEST} is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_a_backup(source, f"its {MANIFEST} is not a Seldinger backup's")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BackupRefused(
            f"{source} was made by a newer Seldinger (backup format {version}; this version "
            f"reads format {VERSION}): upgrade Seldinger before restoring it"
        )
    try:
        return Manifest(
            engine=str(data["engine"]),
            migrations=[(str(app), str(name)) for app, name in data["migrations"]],
            created_at=str(data["created_at"]),
            database_sha256=str(data["database_sha256"]),
            uploads=int(data["uploads"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise _not_a_backup(source, f"its {MANIFEST} lacks {error}") from None


def _check_schema(manifest: Manifest, source: Path) -> int:
    """The number of this version's migrations the backup lacks; refuses a newer schema."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(set(manifest.migrations) - known)
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        more = f" and {len(newer) - 5} more" if len(newer) > 5 else ""
        raise BackupRefused(
            f"{source} is a backup of a newer schema than this version of Seldinger knows "
            f"(migrations {names}{more}): restore it with the version that made it"
        )
    return len(known - set(manifest.migrations))


def _open(source: Path) -> tarfile.TarFile:
    if not source.is_file():
        raise BackupRefused(f"{source}: no such file")
    try:
        return tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError, EOFError):
        raise _not_a_backup(source, "it is not a gzip'd tar archive") from None


def _swap_folder(new: Path, live: Path) -> None:
    """Put ``new`` where ``live`` is, by renames on the same file system."""
    old = live.with_name(f".{live.name}.replaced")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def restore(source: Path) -> Restored:
    """Replace the live database and uploads by the backup in ``source``."""
    engine = database_copies.engine()
    uploads = Path(settings.PRIVATE_MEDIA_ROOT)
    uploads.parent.mkdir(parents=True, exist_ok=True)
    with _open(source) as archive:
        manifest = read_manifest(archive, source)
        if manifest.engine != engine:
            raise BackupRefused(
                f"{source} is a backup of a {ENGINE_NAMES.get(manifest.engine, manifest.engine)} "
                f"database; this Seldinger uses {ENGINE_NAMES[engine]} (DATABASE_URL)"
            )
        pending = _check_schema(manifest, source)
        # Next to the uploads folder, so the swap is a rename.
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=uploads.parent) as work:
            try:
                archive.extractall(work, filter="data")
            except (tarfile.TarError, OSError, EOFError) as error:
                raise _not_a_backup(source, f"it cannot be unpacked ({error})") from None
            copy = Path(work) / database_copies.COPY_NAMES[engine]
            if not copy.is_file() or _sha256(copy) != manifest.database_sha256:
                raise BackupRefused(f"{source}: the database copy is missing or damaged")
            database_copies.check_copy(copy)
            restored_uploads = Path(work) / UPLOADS
            restored_uploads.mkdir(exist_ok=True)
            database_copies.copy_in(copy)
            _swap_folder(restored_uploads, uploads)
    connection.close()
    return Restored(manifest=manifest, pending=pending)
