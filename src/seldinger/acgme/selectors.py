"""Reads for the ACGME pages; who sees whose list is ``accounts.selectors``' rule.

A trainee sees their own list; their program's director and coordinator see it too;
anyone else (faculty included) gets the same 404 as for a trainee who does not exist.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.acgme import core
from seldinger.acgme.models import CaseLogEntry
from seldinger.caselog import selectors as caselog
from seldinger.caselog.models import CaseEntry
from seldinger.milestones import milestones as milestone_core
from seldinger.milestones import selectors as milestone_selectors
from seldinger.milestones.models import Evaluation


def trainee_for(viewer: User, trainee_id: int) -> User:
    """The trainee whose list ``viewer`` may see; 404 for anyone else's."""
    trainee = User.objects.filter(pk=trainee_id).first()
    if trainee is None or not access.can_view_trainee_records(viewer, trainee):
        raise Http404("No such trainee.")
    return trainee


def verified_cases(trainee: User, *, entered: bool | None = False) -> QuerySet[CaseEntry]:
    """The trainee's verified cases: not yet entered (default), entered, or all (None)."""
    cases = CaseEntry.objects.filter(trainee=trainee, status=CaseEntry.Status.VERIFIED)
    if entered is not None:
        cases = cases.filter(acgme_entry__isnull=not entered)
    return cases.select_related("supervisor", "acgme_entry").order_by("performed_on", "id")


def case_to_mark(viewer: User, case_id: int) -> CaseEntry:
    """A verified case whose "entered" mark ``viewer`` may set or undo; 404 otherwise."""
    case = CaseEntry.objects.filter(pk=case_id, status=CaseEntry.Status.VERIFIED).first()
    if case is None or not access.can_view_trainee_records(viewer, case.trainee):
        raise Http404("No such verified case.")
    return case


def entry_of(case: CaseEntry) -> CaseLogEntry | None:
    return CaseLogEntry.objects.filter(case=case).first()


def category_mapping() -> dict[str, str]:
    """Catalogue category -> the program's ACGME Case Log category (a setting)."""
    return dict(settings.SELDINGER_ACGME_CASE_CATEGORIES)


def case_log_rows(cases: QuerySet[CaseEntry]) -> list[core.CaseLogRow]:
    catalogue = caselog.catalogue()
    mapping = category_mapping()
    rows = []
    for case in cases:
        procedure = catalogue.get(case.procedure_key)
        supervisor = case.supervisor
        rows.append(
            core.CaseLogRow(
                case_id=case.pk,
                date=case.performed_on,
                role=case.get_role_display(),
                cpt_codes=procedure.cpt_codes if procedure else (),
                category=core.acgme_category(case.category_key, mapping),
                attending=(supervisor.get_full_name() or supervisor.username) if supervisor else "",
                procedure=procedure.name if procedure else case.procedure_key,
            )
        )
    return rows


def trainees_led(viewer: User) -> QuerySet[User]:
    """The current trainees whose Case Log lists ``viewer`` sees as director or coordinator."""
    return access.trainees_led_by(viewer).order_by("last_name", "first_name", "username")


def leads_a_program(viewer: User) -> bool:
    return access.programs_led_by(viewer).exists()


def milestone_rows(viewer: User, period: milestone_core.Period) -> list[tuple[str, str, str]]:
    """(resident, subcompetency, level) from the submitted committee evaluations of the
    programs ``viewer`` leads, for ``period``, in the milestone set's order."""
    milestones = milestone_selectors.milestone_set()
    evaluations = (
        Evaluation.objects.filter(
            kind=Evaluation.Kind.CCC,
            status=Evaluation.Status.SUBMITTED,
            program__in=access.programs_led_by(viewer),
            period__academic_year=period.academic_year,
            period__half=period.half,
        )
        .select_related("resident")
        .order_by("resident__last_name", "resident__username", "-submitted_at")
    )
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for evaluation in evaluations:
        if evaluation.resident_id in seen:  # the latest committee sheet of a resident counts
            continue
        seen.add(evaluation.resident_id)
        resident = evaluation.resident
        name = resident.get_full_name() or resident.username
        for sub in milestones.subcompetencies:
            if sub.key in evaluation.ratings:
                rows.append((name, sub.label, core.level_text(evaluation.ratings[sub.key])))
    return rows
