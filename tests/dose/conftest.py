"""The dose tests' files: real vendor reports from the pyskindose package, and reports
written with pydicom (``seldinger.dose.synthetic``)."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from seldinger.dose import synthetic

PYSKINDOSE = "pyskindose==25.1.1"
RDSR_FOLDER = "pyskindose/example_data/RDSR/"


@pytest.fixture(scope="session")
def vendor_reports(pytestconfig: pytest.Config) -> dict[str, bytes]:
    """The real RDSR files pyskindose ships (Philips Allura Clarity, Siemens Axiom Artis), by
    file name. Its wheel is fetched once, without its dependencies, into pytest's cache."""
    assert pytestconfig.cache is not None
    folder = Path(pytestconfig.cache.mkdir("pyskindose-wheel"))
    wheels = sorted(folder.glob("pyskindose-*.whl"))
    if not wheels:
        fetched = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                PYSKINDOSE,
                "--no-deps",
                "--quiet",
                "--disable-pip-version-check",
                "-d",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        wheels = sorted(folder.glob("pyskindose-*.whl"))
        if not wheels:
            pytest.fail(f"could not download {PYSKINDOSE} from PyPI: {fetched.stderr[-500:]}")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return {
            Path(name).name: wheel.read(name)
            for name in wheel.namelist()
            if name.startswith(RDSR_FOLDER) and name.endswith(".dcm")
        }


@pytest.fixture
def report_bytes():
    """A dose report written with pydicom: ``report_bytes(layout="ge", biplane=True, ...)``."""

    def make(*, biplane: bool = False, **fields: object) -> bytes:
        study = synthetic.biplane(**fields) if biplane else synthetic.Study(**fields)  # type: ignore[arg-type]
        return synthetic.to_bytes(synthetic.build(study))

    return make
