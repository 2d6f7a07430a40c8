"""``seldinger backup`` and ``seldinger restore``: a round trip into an empty database finds
every table's rows and every uploaded file again, and a restore refuses what it cannot take
before changing anything. On SQLite, or on PostgreSQL when the suite runs on it."""

import io
import json
import os
import sqlite3
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

CERTIFICATE = b"%PDF-1.4\n% a CME certificate for the round trip\n%%EOF\n"

UPLOAD = """
import datetime as dt
from decimal import Decimal
from django.core.files.uploadedfile import SimpleUploadedFile
from seldinger.accounts.models import User
from seldinger.certification.services import create_cme
create_cme(
    owner=User.objects.get(username="diplomate"), title="Embolization update",
    date=dt.date(2025, 5, 1), credits=Decimal("3.5"),
    certificate=SimpleUploadedFile("embolization.pdf", {content!r}),
)
"""


def development_environment(folder: Path, database_url: str, uploads: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SELDINGER_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SELDINGER_VAR_DIR": str(folder / "var"),
            "SELDINGER_PRIVATE_MEDIA_ROOT": str(uploads),
        }
    )
    return env


def every_row(database_url: str) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows in a stable order (and, on PostgreSQL, each sequence's position)."""
    if database_url.startswith("sqlite:///"):
        db = sqlite3.connect(urlsplit(database_url).path)
        try:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            return {
                table: db.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
                if table != "sqlite_sequence"
                else db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
                for table in tables
            }
        finally:
            db.close()
    with psycopg.connect(database_url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        rows: dict[str, list[tuple[object, ...]]] = {
            table: db.execute(
                sql.SQL("SELECT * FROM {} ORDER BY 1, 2").format(sql.Identifier(table))
            ).fetchall()
            for table in tables
        }
        rows["(sequences)"] = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        return rows


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def filled(tmp_path_factory, empty_database, run_seldinger):
    """A database with the demo data and an uploaded certificate: (env, url, uploads).
    Shared by the module's tests: none of them changes it (refused restores leave it be)."""
    tmp_path = tmp_path_factory.mktemp("filled")
    url = empty_database("source")
    uploads = tmp_path / "source-uploads"
    env = development_environment(tmp_path, url, uploads)
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["demo", "--format", "json"],
        ["shell", "-c", UPLOAD.format(content=CERTIFICATE)],
    ):
        done = run_seldinger(*command, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return env, url, uploads


def test_a_backup_restored_into_an_empty_database_has_every_row_and_upload(
    tmp_path, filled, empty_database, run_seldinger
):
    env, url, uploads = filled
    archive = tmp_path / "seldinger-backup.tar.gz"
    target_url = empty_database("restored")
    target_uploads = tmp_path / "restored-uploads"

    backed_up = run_seldinger("backup", str(archive), env=env, cwd=tmp_path)
    restored = run_seldinger(
        "restore",
        str(archive),
        env=development_environment(tmp_path, target_url, target_uploads),
        cwd=tmp_path,
    )

    assert backed_up.returncode == 0, backed_up.stderr
    assert "and 1 uploaded files to" in backed_up.stdout
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored the database and 1 uploaded files from {archive}")
    source, copy = every_row(url), every_row(target_url)
    assert len(source["accounts_user"]) == 10  # the demo's users
    assert len(source["certification_cmeactivity"]) > 0
    differences = {
        table for table in source.keys() | copy.keys() if source.get(table) != copy.get(table)
    }
    assert differences == set()
    assert list(files_under(uploads).values()) == [CERTIFICATE]
    assert files_under(target_uploads) == files_under(uploads)


def test_the_archive_says_what_it_holds(tmp_path, filled, run_seldinger):
    env, url, _ = filled
    archive = tmp_path / "b.tar.gz"

    assert run_seldinger("backup", str(archive), env=env, cwd=tmp_path).returncode == 0

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = opened.getnames()
    engine = "sqlite" if url.startswith("sqlite") else "postgresql"
    assert manifest["format"] == "seldinger-backup"
    assert manifest["version"] == 1
    assert manifest["engine"] == engine
    assert ["accounts", "0001_initial"] in manifest["migrations"]
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["database_file"] in names
    assert len([name for name in names if name.startswith("uploads/")]) >= 1


def test_backup_will_not_overwrite_a_file(tmp_path, filled, run_seldinger):
    env, _, _ = filled
    existing = tmp_path / "yesterday.tar.gz"
    existing.write_bytes(b"yesterday's backup")

    done = run_seldinger("backup", str(existing), env=env, cwd=tmp_path)

    assert done.returncode == 1
    assert done.stderr == f"CommandError: {existing} already exists; give the backup a new name\n"
    assert existing.read_bytes() == b"yesterday's backup"


def _rewritten(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` with its manifest changed by ``change`` (or a member damaged)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                if change is not None:
                    change(manifest)
                data = json.dumps(manifest).encode()
            elif member.name.startswith("database.") and change is None:
                data = data[: len(data) // 2]
            if data is not None:
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
            else:
                copy.addfile(member)
    return target


@pytest.fixture(scope="module")
def target(tmp_path_factory, filled, run_seldinger):
    """The filled database, backed up; restores are tried onto it: (env, url, archive)."""
    env, url, _ = filled
    archive = tmp_path_factory.mktemp("target") / "good.tar.gz"
    assert run_seldinger("backup", str(archive), env=env, cwd=archive.parent).returncode == 0
    return env, url, archive


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, target, run_seldinger):
    env, url, _ = target
    before = every_row(url)
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.add(text, arcname="notes.txt")

    plain = run_seldinger("restore", str(text), env=env, cwd=tmp_path)
    tarball = run_seldinger("restore", str(other), env=env, cwd=tmp_path)
    missing = run_seldinger("restore", str(tmp_path / "nowhere.tar.gz"), env=env, cwd=tmp_path)

    assert plain.stderr == (
        f"CommandError: {text} is not a Seldinger backup: it is not a gzip'd tar archive\n"
    )
    assert tarball.stderr == (
        f"CommandError: {other} is not a Seldinger backup: it has no manifest.json\n"
    )
    assert missing.stderr == f"CommandError: {tmp_path / 'nowhere.tar.gz'}: no such file\n"
    assert [plain.returncode, tarball.returncode, missing.returncode] == [1, 1, 1]
    assert every_row(url) == before


def test_restore_refuses_a_backup_of_a_newer_schema_or_format(tmp_path, target, run_seldinger):
    env, url, archive = target
    before = every_row(url)
    newer_schema = _rewritten(
        archive,
        tmp_path / "newer-schema.tar.gz",
        lambda manifest: manifest["migrations"].append(["caselog", "9999_from_the_future"]),
    )
    newer_format = _rewritten(
        archive, tmp_path / "newer-format.tar.gz", lambda manifest: manifest.update(version=2)
    )

    schema = run_seldinger("restore", str(newer_schema), env=env, cwd=tmp_path)
    layout = run_seldinger("restore", str(newer_format), env=env, cwd=tmp_path)

    assert schema.returncode == 1
    assert schema.stderr == (
        f"CommandError: {newer_schema} is a backup of a newer schema than this version of "
        "Seldinger knows (migrations caselog.9999_from_the_future): restore it with the "
        "version that made it\n"
    )
    assert layout.returncode == 1
    assert "was made by a newer Seldinger (backup format 2; this version reads format 1)" in (
        layout.stderr
    )
    assert every_row(url) == before


def test_a_damaged_database_copy_changes_nothing(tmp_path, target, run_seldinger):
    env, url, archive = target
    before = every_row(url)
    uploads = Path(env["SELDINGER_PRIVATE_MEDIA_ROOT"])
    files_before = files_under(uploads)
    damaged = _rewritten(archive, tmp_path / "damaged.tar.gz", None)

    done = run_seldinger("restore", str(damaged), env=env, cwd=tmp_path)

    assert done.returncode == 1
    assert done.stderr == f"CommandError: {damaged}: the database copy is missing or damaged\n"
    assert every_row(url) == before
    assert files_under(uploads) == files_before


def test_a_postgresql_restore_that_fails_half_way_leaves_the_database_as_it_was(
    tmp_path, target, empty_database, run_seldinger
):
    env, url, _ = target
    if not url.startswith("postgres"):
        pytest.skip("the dump's script runs in one transaction on PostgreSQL only")
    # A backup whose script creates a schema the live database already has: it fails after
    # the public schema was emptied, in the same transaction.
    other_url = empty_database("other")
    with psycopg.connect(other_url, autocommit=True) as other:
        other.execute("CREATE SCHEMA extra; CREATE TABLE extra.notes (note text)")
    other_env = {**env, "DATABASE_URL": other_url}
    clashing = tmp_path / "clashing.tar.gz"
    assert run_seldinger("backup", str(clashing), env=other_env, cwd=tmp_path).returncode == 0
    before = every_row(url)
    with psycopg.connect(url, autocommit=True) as live:
        live.execute("CREATE SCHEMA extra")
    try:
        done = run_seldinger("restore", str(clashing), env=env, cwd=tmp_path)
        after = every_row(url)
    finally:
        with psycopg.connect(url, autocommit=True) as live:
            live.execute("DROP SCHEMA extra CASCADE")

    assert done.returncode == 1
    assert done.stderr.startswith("CommandError: restoring the PostgreSQL dump failed: ")
    assert 'schema "extra" already exists' in done.stderr
    assert after == before
