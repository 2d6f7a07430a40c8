"""The dose tests' files: real vendor reports from the pyskindose package, and reports
written with pydicom (``seldinger.dose.synthetic``); the C-STORE listener on loopback and
storescu, the real DICOM peer that sends to it."""

import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from seldinger.dose import listener, synthetic

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listening():
    """Starts a listener as SELDINGER on loopback: ``listening(peers)``, its port returned."""
    servers = []

    def start(peers):
        port = free_port()
        server = listener.start(
            host="127.0.0.1",
            port=port,
            ae_title="SELDINGER",
            peers=[listener.Peer.parse(peer) for peer in peers],
            block=False,
        )
        servers.append(server)
        return port

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def storescu():
    """Sends a file with pynetdicom's storescu: ``storescu(port, path, calling_ae_title)``."""

    def send(port, path, calling):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pynetdicom",
                "storescu",
                "127.0.0.1",
                str(port),
                str(path),
                "-aet",
                calling,
                "-aec",
                "SELDINGER",
                "-v",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return send
