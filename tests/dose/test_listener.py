"""The C-STORE listener, sent reports by pynetdicom's storescu, a real DICOM peer, on
loopback: a listed peer's reports are imported; another AE title is turned away at the
association, and a listed title from an address not listed for it is refused."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from seldinger.dose import synthetic
from seldinger.dose.models import DoseStudy, SuiteName

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_listed_peer_sends_reports_that_become_drafts(listening, storescu, tmp_path, resident):
    SuiteName.objects.create(trainee=resident, form="DOE^JANE")
    port = listening(["ANGIO1@127.0.0.1"])
    report = tmp_path / "report.dcm"
    report.write_bytes(synthetic.to_bytes(synthetic.build(synthetic.biplane("philips"))))
    sent = storescu(port, report, "ANGIO1")
    assert "Received Store Response (Status: 0x0000 - Success)" in sent.stderr, sent.stderr
    study = DoseStudy.objects.get()
    assert (study.trainee, study.status, study.source) == (resident, "draft", "listener")
    assert float(study.dap_total_gycm2) == pytest.approx(85.75)
    assert len(study.planes) == 2


def test_an_unlisted_ae_title_is_rejected_at_the_association(listening, storescu, tmp_path, db):
    port = listening(["ANGIO1@127.0.0.1"])
    report = tmp_path / "report.dcm"
    report.write_bytes(synthetic.to_bytes(synthetic.build(synthetic.Study())))
    sent = storescu(port, report, "INTRUDER")
    assert "Association Rejected" in sent.stderr + sent.stdout
    assert not DoseStudy.objects.exists()


def test_a_listed_title_from_another_address_is_refused(listening, storescu, tmp_path, db):
    port = listening(["ANGIO1@10.1.2.3"])
    report = tmp_path / "report.dcm"
    report.write_bytes(synthetic.to_bytes(synthetic.build(synthetic.Study())))
    sent = storescu(port, report, "ANGIO1")
    assert "0x0124" in sent.stderr + sent.stdout
    assert not DoseStudy.objects.exists()


def test_a_non_report_is_answered_with_a_failure(listening, storescu, tmp_path, db):
    port = listening(["ANGIO1"])
    report = tmp_path / "ct.dcm"
    report.write_bytes(synthetic.to_bytes(synthetic.ct_report(synthetic.Study())))
    sent = storescu(port, report, "ANGIO1")
    assert "0xC000" in sent.stderr + sent.stdout
    assert not DoseStudy.objects.exists()


@override_settings(DICOM_ALLOWED_PEERS=[])
def test_the_command_refuses_to_listen_for_no_one(db):
    with pytest.raises(CommandError) as refused:
        call_command("dicom", "listen", "--port", "11112", "--ae-title", "SELDINGER")
    assert "SELDINGER_DICOM_ALLOWED_PEERS lists no peer" in str(refused.value)
