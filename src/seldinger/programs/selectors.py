"""Reads: the directory and its filters, comparisons, personal scores, and who may edit a profile.

The directory is public: anyone, logged in or not, may search, compare and
score programs. Only a program's current leadership (director or coordinator,
as ``seldinger.accounts.selectors.programs_led_by`` decides) may edit its
profile: ``editable_program`` is the one place that says so, for the web and
the API alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, Q, QuerySet

from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import is_platform_admin, programs_led_by
from seldinger.errors import Invalid
from seldinger.lookups import one_or_404
from seldinger.programs import scoring
from seldinger.programs.models import MIX_FIELDS, STATE_CODES, Program, ScoringPreference

#: Most programs one comparison shows side by side.
MAX_COMPARE = 5


class DirectoryQueryError(Invalid):
    """A filter, comparison or score request that cannot be answered; ``field`` names the input.

    400 for a bad value, 404 (``status``) for a program that does not exist."""


@dataclass(frozen=True)
class DirectoryFilters:
    """FREIDA-like search: every filter is optional; empty means "any"."""

    q: str = ""
    kind: str = ""
    state: str = ""
    esir: bool | None = None
    accreditation: str = ""
    min_positions: int | None = None
    min_case_volume: int | None = None
    research_rotation: bool | None = None

    def active(self) -> bool:
        return any(
            value not in ("", None)
            for value in (
                self.q,
                self.kind,
                self.state,
                self.esir,
                self.accreditation,
                self.min_positions,
                self.min_case_volume,
                self.research_rotation,
            )
        )


def _check_choice(field: str, value: str, allowed: Iterable[str]) -> None:
    allowed = list(allowed)
    if value and value not in allowed:
        raise DirectoryQueryError(
            f"{field}: {value!r} is not one of {', '.join(allowed)}", field=field
        )


def check_filters(filters: DirectoryFilters) -> DirectoryFilters:
    """The filters with the state upper-cased; DirectoryQueryError for a value out of range."""
    _check_choice("kind", filters.kind, Program.Kind.values)
    _check_choice("accreditation", filters.accreditation, Program.Accreditation.values)
    state = filters.state.strip().upper()
    if state and state not in STATE_CODES:
        raise DirectoryQueryError(
            f"state: {filters.state!r} is not a US state code (two letters, like MN)",
            field="state",
        )
    for field in ("min_positions", "min_case_volume"):
        value = getattr(filters, field)
        if value is not None and value < 0:
            raise DirectoryQueryError(f"{field}: cannot be negative", field=field)
    return DirectoryFilters(**{**filters.__dict__, "state": state, "q": filters.q.strip()})


def search_programs(filters: DirectoryFilters | None = None) -> QuerySet[Program]:
    """Programs matching ``filters``, by name (raises DirectoryQueryError for bad filters)."""
    filters = check_filters(filters or DirectoryFilters())
    programs = Program.objects.annotate(
        total_positions=F("positions_categorical")
        + F("positions_advanced")
        + F("positions_preliminary")
        + F("positions_physician")
    ).order_by("name", "acgme_id")
    if filters.q:
        for word in filters.q.split():
            programs = programs.filter(
                Q(name__icontains=word)
                | Q(institution__icontains=word)
                | Q(city__icontains=word)
                | Q(acgme_id__icontains=word)
                | Q(state__iexact=word)
            )
    if filters.kind:
        programs = programs.filter(kind=filters.kind)
    if filters.state:
        programs = programs.filter(state=filters.state)
    if filters.esir is True:
        programs = programs.filter(kind=Program.Kind.DR_ESIR)
    elif filters.esir is False:
        programs = programs.exclude(kind=Program.Kind.DR_ESIR)
    if filters.accreditation:
        programs = programs.filter(accreditation_status=filters.accreditation)
    if filters.min_positions is not None:
        programs = programs.filter(total_positions__gte=filters.min_positions)
    if filters.min_case_volume is not None:
        programs = programs.filter(annual_case_volume__gte=filters.min_case_volume)
    if filters.research_rotation is not None:
        programs = programs.filter(research_rotation=filters.research_rotation)
    return programs


def get_program(acgme_id: str) -> Program:
    """The program with this ACGME ID, or Http404."""
    return one_or_404(
        Program.objects.all(), f"No program with ACGME ID {acgme_id!r}.", acgme_id=acgme_id
    )


def states_in_directory() -> list[str]:
    return sorted(set(Program.objects.values_list("state", flat=True)))


# Comparison --------------------------------------------------------------------------------


def parse_ids(values: Iterable[str]) -> list[str]:
    """ACGME IDs from repeated and/or comma-separated values, in order, without repeats."""
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in ids:
                ids.append(part)
    return ids


def compare_programs(ids: Sequence[str]) -> list[Program]:
    """The programs named by ``ids``, in that order: 1 to ``MAX_COMPARE`` of them.

    Raises DirectoryQueryError: 400 for none or too many, 404 for an unknown ID.
    """
    if not ids:
        raise DirectoryQueryError("Choose at least one program to compare.", field="ids")
    if len(ids) > MAX_COMPARE:
        raise DirectoryQueryError(
            f"You chose {len(ids)} programs; a comparison shows at most {MAX_COMPARE}. "
            f"Untick {len(ids) - MAX_COMPARE} and compare again.",
            field="ids",
        )
    found = {program.acgme_id: program for program in Program.objects.filter(acgme_id__in=ids)}
    missing = [acgme_id for acgme_id in ids if acgme_id not in found]
    if missing:
        raise DirectoryQueryError(
            f"No program with ACGME ID {missing[0]!r}.", field="ids", status=404
        )
    return [found[acgme_id] for acgme_id in ids]


# Scores ------------------------------------------------------------------------------------


def program_facts(program: Program) -> scoring.ProgramFacts:
    mix = {
        name.removeprefix("mix_").removesuffix("_pct"): getattr(program, name)
        for name, _ in MIX_FIELDS
        if getattr(program, name) is not None
    }
    return scoring.ProgramFacts(
        key=program.acgme_id,
        state=program.state,
        accreditation=program.accreditation_status or None,
        case_volume=program.annual_case_volume,
        procedure_mix=mix,
        faculty_count=program.faculty_count,
        publications_per_year=program.publications_per_year,
        research_rotation=program.research_rotation,
    )


def directory_scale() -> scoring.Scale:
    """Full points at the largest value in the whole directory, whatever subset is scored."""
    top = Program.objects.aggregate(
        case_volume=Max("annual_case_volume"),
        faculty=Max("faculty_count"),
        publications=Max("publications_per_year"),
    )
    return scoring.Scale(
        case_volume=max(1, top["case_volume"] or 0),
        faculty=max(1, top["faculty"] or 0),
        publications=max(1, top["publications"] or 0),
    )


@dataclass(frozen=True)
class ScoredProgram:
    program: Program
    result: scoring.ProgramScore


def score_programs(
    programs: Iterable[Program],
    *,
    weights: dict[str, float],
    preferred_states: Iterable[str] = (),
) -> list[ScoredProgram]:
    """Personal scores, best first; raises scoring.ScoringError for bad weights or states."""
    states = scoring.normalise_states(preferred_states, known=STATE_CODES)
    by_id = {program.acgme_id: program for program in programs}
    results = scoring.score_programs(
        [program_facts(program) for program in by_id.values()],
        weights,
        preferred_states=states,
        scale=directory_scale(),
    )
    return [ScoredProgram(by_id[result.key], result) for result in results]


def scoring_preference_of(user: AnyUser) -> ScoringPreference | None:
    """The user's own saved weights (None for anonymous users or none saved)."""
    if user is None or not user.is_authenticated:
        return None
    return ScoringPreference.objects.filter(user=user).first()


# Who may edit --------------------------------------------------------------------------------


def can_edit(user: AnyUser, program: Program) -> bool:
    """Whether ``user`` currently leads ``program`` (director or coordinator)."""
    return programs_led_by(user).filter(pk=program.pk).exists()


def editable_program(user: User, acgme_id: str) -> Program:
    """The program for its leadership to edit: Http404 if unknown, PermissionDenied otherwise."""
    program = get_program(acgme_id)
    if not can_edit(user, program):
        raise PermissionDenied("Only this program's director or coordinator can edit its profile.")
    return program


IMPORT_REFUSED = "Only administrators import programs."


def may_import(user: User) -> bool:
    """CSV imports change many programs at once: platform administrators only."""
    return is_platform_admin(user)
