"""The DICOM C-STORE listener to which a modality or PACS sends dose reports (pynetdicom).

Only the peers ``DICOM_ALLOWED_PEERS`` lists may send: an association from another calling
AE title is rejected, and a report from a listed title at an address not listed for it is
refused (status 0x0124, "not authorised"). Only the dose report storage classes are offered.
Each report received is imported as an upload is (``services.import_reports``); nothing of
the file is written to disk.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import close_old_connections
from pynetdicom import AE, evt
from pynetdicom.transport import ThreadedAssociationServer

from seldinger.dose import files, rdsr, services
from seldinger.dose.models import DoseStudy

SUCCESS = 0x0000
NOT_AUTHORISED = 0x0124
CANNOT_UNDERSTAND = 0xC000
#: The storage classes a dose report may arrive as (an older system's Enhanced or
#: Comprehensive SR among them).
STORAGE_CLASSES = sorted(rdsr.SR_CLASSES)


@dataclass(frozen=True)
class Peer:
    ae_title: str
    address: str  # "*" for any

    @classmethod
    def parse(cls, text: str) -> Peer:
        """``AE_TITLE@ADDRESS`` (``AE_TITLE`` alone, or ``@*``, for any address)."""
        title, _, address = text.strip().partition("@")
        if not title.strip() or len(title.strip()) > 16:
            raise ValueError(f"{text!r}: an AE title is 1 to 16 characters, before the @")
        return cls(title.strip(), address.strip() or "*")


def peer_allowed(peers: Iterable[Peer], ae_title: str, address: str) -> bool:
    title = ae_title.strip()
    return any(peer.ae_title == title and peer.address in ("*", address) for peer in peers)


def _import(name: str, content: bytes) -> services.StudyResult:
    close_old_connections()
    try:
        destination = services.destination_for(None)
        (result,) = services.import_reports(
            [files.ReportFile(name, content)],
            destination=destination,
            source=DoseStudy.Source.LISTENER,
            actor=None,
        )
        return result
    finally:
        close_old_connections()


def store_handler(
    peers: list[Peer], received: Callable[[services.StudyResult], None] | None = None
) -> Callable[[Any], int]:
    def handle_store(event: Any) -> int:
        requestor = event.assoc.requestor
        if not peer_allowed(peers, requestor.ae_title, requestor.address):
            return NOT_AUTHORISED
        # Named by its sender only: the instance's UIDs are identifiers, and are not kept.
        name = f"C-STORE from {requestor.ae_title.strip()}@{requestor.address}"
        result = _import(name, event.encoded_dataset())
        if received is not None:
            received(result)
        return CANNOT_UNDERSTAND if result.status == "rejected" else SUCCESS

    return handle_store


def application_entity(ae_title: str, peers: list[Peer]) -> AE:
    ae = AE(ae_title=ae_title)
    for sop_class in STORAGE_CLASSES:
        ae.add_supported_context(sop_class)
    ae.require_calling_aet = sorted({peer.ae_title for peer in peers})
    return ae


def tls_context(certificate: str, key: str, client_ca: str | None) -> ssl.SSLContext:
    """A server TLS context; with ``client_ca`` a peer must present a certificate it signed."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return context


def start(
    *,
    host: str,
    port: int,
    ae_title: str,
    peers: list[Peer],
    tls: ssl.SSLContext | None = None,
    block: bool = True,
    received: Callable[[services.StudyResult], None] | None = None,
) -> ThreadedAssociationServer | None:
    """Listen on ``host``:``port``; blocks unless ``block`` is false (then returns the server,
    to ``shutdown()``)."""
    if not peers:
        raise ValueError("no peer may send: list them in SELDINGER_DICOM_ALLOWED_PEERS")
    ae = application_entity(ae_title, peers)
    handlers: list[Any] = [(evt.EVT_C_STORE, store_handler(peers, received))]
    return ae.start_server((host, port), block=block, evt_handlers=handlers, ssl_context=tls)
