from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from seldinger.commands import ProjectCommand, add_actions
from seldinger.dose import listener


class Command(ProjectCommand):
    help = (
        "Receive dose reports from a modality or PACS: a DICOM C-STORE listener.\n\n"
        "Examples:\n"
        "  seldinger dicom listen --port 11112 --ae-title SELDINGER\n"
        "  seldinger dicom listen --port 2762 --ae-title SELDINGER --tls-cert cert.pem \\\n"
        "      --tls-key key.pem --tls-client-ca suite-ca.pem\n\n"
        "Only the peers SELDINGER_DICOM_ALLOWED_PEERS lists (AE_TITLE@ADDRESS, comma-\n"
        "separated) may send; each report is imported as an upload is, a study no\n"
        "trainee's names match going to the administrators' inbox. See docs/dose.md and\n"
        "docs/deploy.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        (listening,) = add_actions(parser, ("listen", "listen for C-STORE of dose reports"))
        listening.add_argument("--port", type=int, required=True)
        listening.add_argument("--ae-title", required=True, help="this listener's AE title")
        listening.add_argument("--host", default="0.0.0.0", help="address to listen on")
        listening.add_argument("--tls-cert", help="PEM certificate: listen with TLS")
        listening.add_argument("--tls-key", help="PEM private key of --tls-cert")
        listening.add_argument(
            "--tls-client-ca", help="PEM CA: a peer must present a certificate it signed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        title = options["ae_title"].strip()
        if not title or len(title) > 16:
            raise CommandError("--ae-title: an AE title is 1 to 16 characters")
        try:
            peers = [listener.Peer.parse(text) for text in settings.DICOM_ALLOWED_PEERS]
        except ValueError as error:
            raise CommandError(f"SELDINGER_DICOM_ALLOWED_PEERS: {error}") from None
        if not peers:
            raise CommandError(
                "SELDINGER_DICOM_ALLOWED_PEERS lists no peer, so no one could send: "
                "list the modalities' AE titles and addresses (AE_TITLE@ADDRESS)"
            )
        tls = None
        if options["tls_cert"] or options["tls_key"]:
            if not (options["tls_cert"] and options["tls_key"]):
                raise CommandError("--tls-cert and --tls-key go together")
            try:
                tls = listener.tls_context(
                    options["tls_cert"], options["tls_key"], options["tls_client_ca"]
                )
            except (OSError, ValueError) as error:
                raise CommandError(f"TLS: {error}") from None
        self.stdout.write(
            f"Listening as {title} on {options['host']}:{options['port']}"
            f"{' with TLS' if tls else ''}; peers: "
            + ", ".join(f"{peer.ae_title}@{peer.address}" for peer in peers)
        )

        def received(result: Any) -> None:
            self.stdout.write(f"{result.file}: {result.status} {result.reason}".rstrip())

        try:
            listener.start(
                host=options["host"],
                port=options["port"],
                ae_title=title,
                peers=peers,
                tls=tls,
                received=received,
            )
        except OSError as error:
            raise CommandError(f"--port {options['port']}: {error.strerror or error}") from None
