"""Writes of the dose app: imported reports become draft cases (or inbox items), a trainee
confirms one into their case log, a coordinator assigns one; every change audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import (
    audited_create,
    audited_delete,
    audited_update,
    record_many,
)
from seldinger.caselog import selectors as caselog_selectors
from seldinger.caselog import services as caselog_services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry
from seldinger.dose import files, matching, rdsr
from seldinger.dose.models import DoseStudy, SuiteName
from seldinger.errors import Conflict, Forbidden, Invalid
from seldinger.programs.models import Program

_CENT = Decimal("0.01")


def study_key_secret() -> bytes:
    return str(settings.DOSE_STUDY_KEY).encode()


def limits() -> files.Limits:
    return files.Limits(
        max_zip_bytes=settings.DOSE_MAX_ZIP_BYTES, max_files=settings.DOSE_MAX_FILES
    )


@dataclass
class StudyResult:
    """What became of one file: the JSON object of ``seldinger dose import``."""

    file: str
    status: str  # draft, duplicate, unassigned or rejected
    reason: str = ""
    report: rdsr.DoseReport | None = None
    study: DoseStudy | None = None

    def as_dict(self) -> dict[str, Any]:
        report = self.report
        return {
            "file": self.file,
            "study_date": report.study_date.isoformat() if report and report.study_date else None,
            "device": report.device if report else None,
            "dap_total_gycm2": _float(report.dap_total_gycm2) if report else None,
            "fluoro_time_s": _float(report.fluoro_time_s) if report else None,
            "rp_air_kerma_mgy": _float(report.rp_air_kerma_mgy) if report else None,
            "planes": [plane.as_dict() for plane in report.planes] if report else [],
            "events": report.events if report else 0,
            "status": self.status,
            "reason": self.reason,
            "study": self.study.pk if self.study else None,
            "case": self.study.case_id if self.study else None,
        }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Destination:
    """Where an import's studies go: one trainee's drafts (``trainee``), or those found by
    name among ``candidates``, the others to ``program``'s inbox."""

    trainee: User | None
    candidates: list[int]
    program: Program | None


def destination_for(
    uploader: User | None, *, trainee: User | None = None, program: Program | None = None
) -> Destination:
    """A trainee's own upload is theirs; a director's or coordinator's is matched among their
    program's current trainees; the command line's and the listener's among every current
    trainee (``trainee`` overrides)."""
    if trainee is not None:
        return Destination(trainee, [trainee.pk], program or access.program_of(trainee))
    if (
        uploader is not None
        and access.is_trainee(uploader)
        and not access.is_platform_admin(uploader)
    ):
        return Destination(uploader, [uploader.pk], access.program_of(uploader))
    if uploader is not None and not access.is_platform_admin(uploader):
        led = access.programs_led_by(uploader)
        first = led.first()
        if first is None:
            raise Forbidden("Only trainees, their directors and coordinators import dose reports.")
        candidates = list(access.trainees_of(led).values_list("pk", flat=True))
        return Destination(None, candidates, program or first)
    candidates = list(access.trainees_of(Program.objects.all()).values_list("pk", flat=True))
    return Destination(None, candidates, program)


def _quantized(value: Decimal | None, places: str) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), ROUND_HALF_UP)


def import_reports(
    found: Iterable[files.Found],
    *,
    destination: Destination,
    source: str,
    actor: User | None,
) -> list[StudyResult]:
    """Read each file and keep each new study, as a draft case or an inbox item; one bad file
    is rejected with its reason and the others go on. What was saved is saved together, in
    one transaction, the studies and their audit entries written in bulk."""
    key = study_key_secret()
    results: list[StudyResult] = []
    for item in found:
        if isinstance(item, rdsr.DoseReportError):
            results.append(StudyResult(item.file, "rejected", item.problem))
            continue
        try:
            report = rdsr.read_report(item.content, file=item.name, key=key)
        except rdsr.DoseReportError as error:
            results.append(StudyResult(error.file, "rejected", error.problem))
            continue
        results.append(StudyResult(report.file, "", report=report))
    read = [result for result in results if result.report is not None]
    with transaction.atomic():
        known = _known_keys([result.report.study_key for result in read if result.report])
        keeper = _Keeper(destination, source, actor)
        studies: list[DoseStudy] = []
        for result in read:
            assert result.report is not None
            if result.report.study_key in known:
                result.status, result.reason = "duplicate", "this study is already imported"
                continue
            known.add(result.report.study_key)
            result.study = keeper.study(result.report)
            result.status = result.study.status
            result.reason = result.study.reason or result.study.totals_check
            studies.append(result.study)
        DoseStudy.objects.bulk_create(studies, batch_size=1000)
        record_many(
            actor=actor,  # type: ignore[arg-type]  # None: the command or the listener
            action=AuditEntry.Action.CREATE,
            record_type=DoseStudy._meta.label,
            changes=((study.pk, None, study.as_record()) for study in studies),
        )
    return results


def _known_keys(keys: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(
            DoseStudy.objects.filter(study_key__in=chunk).values_list("study_key", flat=True)
        )
    return known


class _Keeper:
    """Makes the study of each new report: whose it is, its program, its suggestion."""

    def __init__(self, destination: Destination, source: str, actor: User | None) -> None:
        self.destination, self.source, self.actor = destination, source, actor
        self.catalogue = caselog_selectors.catalogue()
        self.today = timezone.localdate()
        self.forms: dict[str, list[int]] = {}
        for form, trainee_id in SuiteName.objects.filter(
            trainee_id__in=destination.candidates
        ).values_list("form", "trainee_id"):
            self.forms.setdefault(form, []).append(trainee_id)
        self.programs: dict[int, Program | None] = {}
        self.suggestions: dict[tuple[str, ...], str] = {}

    def program_of(self, trainee_id: int) -> Program | None:
        if trainee_id not in self.programs:
            self.programs[trainee_id] = access.program_of(User.objects.get(pk=trainee_id))
        return self.programs[trainee_id]

    def suggestion(self, descriptions: tuple[str, ...]) -> str:
        if descriptions not in self.suggestions:
            suggested = matching.suggest_procedure(descriptions, self.catalogue)
            self.suggestions[descriptions] = suggested or ""
        return self.suggestions[descriptions]

    def study(self, report: rdsr.DoseReport) -> DoseStudy:
        destination = self.destination
        if destination.trainee is not None:
            trainee_id: int | None = destination.trainee.pk
            reason = ""
        else:
            match = matching.match_trainee(report.staff_names, self.forms)
            trainee_id, reason = match.trainee_id, match.reason
        program = destination.program
        if trainee_id is not None:
            program = self.program_of(trainee_id) or program
        return DoseStudy(
            study_key=report.study_key,
            status=DoseStudy.Status.DRAFT if trainee_id else DoseStudy.Status.UNASSIGNED,
            trainee_id=trainee_id,
            program=program,
            performed_on=report.study_date or self.today,
            device=report.device[:130],
            dap_total_gycm2=_quantized(report.dap_total_gycm2, "0.0001"),
            rp_air_kerma_mgy=_quantized(report.rp_air_kerma_mgy, "0.001"),
            fluoro_time_s=_quantized(report.fluoro_time_s, "0.01"),
            planes=[plane.as_dict() for plane in report.planes],
            events=report.events,
            suggested_procedure=self.suggestion(report.descriptions),
            totals_check="; ".join(report.warnings),
            reason=reason,
            source=self.source,
            imported_by=self.actor,
        )


# One tap: the trainee confirms procedure and role -------------------------------------------


def case_text(study: DoseStudy, *, procedure: str, role: str, supervisor: str) -> dict[str, str]:
    """The case a draft becomes, as the case log's fields take it (``caselog.fields``)."""

    def text(value: Decimal | None) -> str:
        return "" if value is None else str(value.quantize(_CENT, ROUND_HALF_UP))

    minutes = None if study.fluoro_time_s is None else study.fluoro_time_s / 60
    return {
        "date": study.performed_on.isoformat(),
        "procedure": procedure,
        "role": role,
        "supervisor": supervisor,
        "modality": "fluoroscopy",
        "fluoro_minutes": text(minutes),
        "dap_gycm2": text(study.dap_total_gycm2),
        "air_kerma_mgy": text(study.rp_air_kerma_mgy),
        "complication": "none",
    }


@transaction.atomic
def confirm_study(
    *, trainee: User, study: DoseStudy, procedure: str, role: str, supervisor: str = ""
) -> CaseEntry:
    """The trainee's draft becomes a case in their log, awaiting verification; its date and
    dose stay those of the report."""
    study = DoseStudy.objects.select_for_update().get(pk=study.pk)
    if study.trainee_id != trainee.pk:
        raise Forbidden("Only the trainee whose draft it is can confirm it.")
    if study.status != DoseStudy.Status.DRAFT:
        raise Conflict("This report is already confirmed.")
    supervisors = caselog_selectors.supervisors_for(trainee).values_list("username", flat=True)
    data, errors = validate_case(
        case_text(study, procedure=procedure, role=role, supervisor=supervisor),
        catalogue=caselog_selectors.catalogue(),
        supervisors=set(supervisors),
        today=timezone.localdate(),
    )
    if data is None:
        raise Invalid(
            "The case cannot be saved: " + "; ".join(str(error) for error in errors),
            errors={error.field: error.message for error in errors},
        )
    case = caselog_services.log_case(
        trainee=trainee, data=data, source=CaseEntry.Source.DOSE_REPORT
    )
    audited_update(
        actor=trainee,
        instance=study,
        changes={"status": DoseStudy.Status.CONFIRMED, "case": case},
    )
    return case


@transaction.atomic
def assign_study(*, actor: User, study: DoseStudy, trainee: User) -> DoseStudy:
    """A report from the inbox becomes the trainee's draft."""
    if study.status != DoseStudy.Status.UNASSIGNED:
        raise Conflict("This report is already assigned.")
    allowed = access.is_platform_admin(actor) or (
        study.program_id is not None
        and access.programs_led_by(actor).filter(pk=study.program_id).exists()
        and access.trainees_of(Program.objects.filter(pk=study.program_id))
        .filter(pk=trainee.pk)
        .exists()
    )
    if not allowed:
        raise Forbidden("Only the program's director or coordinator assigns its reports.")
    return audited_update(
        actor=actor,
        instance=study,
        changes={"status": DoseStudy.Status.DRAFT, "trainee": trainee, "reason": ""},
    )


# The names the suite records ----------------------------------------------------------------


@transaction.atomic
def add_suite_name(*, trainee: User, name: str) -> SuiteName:
    form = matching.name_form(name)
    if not form or "^" not in form:
        raise Invalid(
            "Write the name as the suite records it: family and given name, "
            "as DOE^JANE or Doe, Jane.",
            field="name",
        )
    if SuiteName.objects.filter(trainee=trainee, form=form).exists():
        raise Invalid(f"{form} is already on your list.", field="name")
    return audited_create(actor=trainee, instance=SuiteName(trainee=trainee, form=form))


@transaction.atomic
def remove_suite_name(*, trainee: User, suite_name: SuiteName) -> None:
    if suite_name.trainee_id != trainee.pk:
        raise Forbidden("Only the trainee removes their own names.")
    audited_delete(actor=trainee, instance=suite_name)
