"""`seldinger caselog import` and `export` run as a user runs them: the real console script."""

import os
import subprocess
import sys
from pathlib import Path

SELDINGER = str(Path(sys.executable).parent / "seldinger")


def test_console_script_imports_all_or_nothing_then_skips_invalid_then_exports(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "SELDINGER_VAR_DIR": str(tmp_path / "var"),
    }

    def seldinger(*arguments):
        return subprocess.run(
            [SELDINGER, *arguments],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            cwd=tmp_path,
        )

    assert seldinger("migrate", "--no-input", "-v", "0").returncode == 0
    assert seldinger("demo", "--format", "json").returncode == 0
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "date,procedure,role,supervisor,modality,fluoro_minutes,dap_gycm2,air_kerma_mgy,"
        "complication,notes\n"
        "2025-01-02,picc,primary,faculty,ultrasound,,,,none,\n"
        "2025-01-03,36558,assistant,faculty,fluoroscopy,2.5,,,none,\n"
        "2025-01-04,picc,lead,faculty,ultrasound,,,,none,\n"
    )

    refused = seldinger("caselog", "import", "cases.csv", "--trainee", "resident")
    assert refused.returncode != 0
    assert "cases.csv:4: role: 'lead' is not one of primary, assistant, observer" in (
        refused.stderr
    )
    assert "nothing saved" in refused.stderr

    skipped = seldinger("caselog", "import", "cases.csv", "--trainee", "resident", "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    assert "Saved 2 cases." in skipped.stdout
    assert "cases.rejected.csv" in skipped.stdout
    assert (tmp_path / "cases.rejected.csv").read_text().count("\n") == 2

    again = seldinger("caselog", "import", "cases.csv", "--trainee", "resident", "--skip-invalid")
    assert "0 new, 2 already in the log, 1 invalid" in again.stdout

    exported = seldinger("caselog", "export", "--trainee", "resident", "--format", "pdf")
    assert exported.returncode == 0, exported.stderr
    pdfs = list(tmp_path.glob("caselog-resident-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
