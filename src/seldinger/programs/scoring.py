"""The personal program score (pure core): weighted criteria in, 0-100 scores with a breakdown out.

The criteria are the ones applicants and the seed articles name for judging an
IR program: accreditation, case volume and variety, faculty and mentorship,
research infrastructure, and location. The user chooses a weight for each
(any non-negative numbers; only their proportions matter) and, for location,
the states they would like to live in.

Each criterion earns 0-100 points from the program's reported facts:

- accreditation: the ACGME status (``ACCREDITATION_POINTS``);
- case volume and variety: the mean of volume (the annual IR case volume as a
  share of ``Scale.case_volume``, capped at 100) and variety (the share of the
  four areas, vascular, oncologic, neuro and pediatric, that make up at least
  ``VARIETY_THRESHOLD_PCT`` percent of cases);
- faculty and mentorship: the IR faculty count as a share of ``Scale.faculty``;
- research infrastructure: the mean of publications a year (as a share of
  ``Scale.publications``) and whether there is a research rotation (100 or 0);
- location: 100 in a preferred state, 0 elsewhere.

A criterion the program reports nothing for (or location, when no state is
preferred) is left out for that program: the other criteria's weights are
scaled up to fill its place, and ``coverage`` says how much of the user's
total weight had data. The ``contribution`` of each criterion is its share of
the weights with data times its points, so the contributions add up to the
score. A program with no data for any weighted criterion gets no score.

``Scale`` says what earns full points; ``scale_from`` takes the largest
value reported in the directory, so "100" means "as many as the biggest
program listed", whatever subset is being scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from seldinger.errors import Invalid

CRITERIA: tuple[str, ...] = ("accreditation", "case_volume", "faculty", "research", "location")
CRITERION_LABELS: dict[str, str] = {
    "accreditation": "Accreditation",
    "case_volume": "Case volume and variety",
    "faculty": "Faculty and mentorship",
    "research": "Research infrastructure",
    "location": "Location",
}
#: Weights offered before the user chooses any.
DEFAULT_WEIGHTS: dict[str, float] = {
    "accreditation": 4,
    "case_volume": 5,
    "faculty": 3,
    "research": 3,
    "location": 2,
}
#: Largest weight the web form offers (the core accepts any non-negative number).
MAX_FORM_WEIGHT = 10

ACCREDITATION_POINTS: dict[str, float] = {
    "continued": 100,
    "initial": 75,
    "continued-warning": 50,
    "initial-warning": 40,
    "probation": 10,
    "withdrawn": 0,
}
ACCREDITATION_NOTES: dict[str, str] = {
    "continued": "continued accreditation",
    "initial": "initial accreditation",
    "continued-warning": "continued accreditation with warning",
    "initial-warning": "initial accreditation with warning",
    "probation": "probationary accreditation",
    "withdrawn": "accreditation withdrawn",
}
MIX_AREAS: tuple[str, ...] = ("vascular", "oncologic", "neuro", "pediatric")
#: An area counts towards variety from this share of the cases.
VARIETY_THRESHOLD_PCT = 5


class ScoringError(Invalid):
    """Weights or states that cannot be scored; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str = "weights") -> None:
        super().__init__(message, field=field)
        self.field: str = field


@dataclass(frozen=True)
class ProgramFacts:
    """What the score looks at, for one program; ``None`` means not reported."""

    key: str
    state: str = ""
    accreditation: str | None = None
    case_volume: int | None = None
    #: Area (one of ``MIX_AREAS``) -> percentage of cases; areas not reported are absent.
    procedure_mix: Mapping[str, int] = field(default_factory=dict)
    faculty_count: int | None = None
    publications_per_year: int | None = None
    research_rotation: bool | None = None


@dataclass(frozen=True)
class Scale:
    """The values that earn full points."""

    case_volume: float = 1.0
    faculty: float = 1.0
    publications: float = 1.0


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    label: str
    #: The user's weight as a share of all their weights (0-1; the shares add up to 1).
    weight: float
    #: 0-100, or None when the program reports nothing for this criterion.
    points: float | None
    #: The weight's share among the criteria with data for this program (0-1).
    share: float
    #: ``share * points``: the points this criterion adds to the score.
    contribution: float
    note: str


@dataclass(frozen=True)
class ProgramScore:
    key: str
    #: 0-100, or None when no weighted criterion has data.
    score: float | None
    #: Share of the user's total weight that had data (0-1).
    coverage: float
    breakdown: tuple[CriterionScore, ...]


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Every criterion's weight as a share of the total (criteria left out weigh 0)."""
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ScoringError(
            f"unknown criterion {unknown[0]!r}; the criteria are {', '.join(CRITERIA)}"
        )
    values: dict[str, float] = {}
    for criterion in CRITERIA:
        value = weights.get(criterion, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ScoringError(f"{criterion}: the weight must be a number", field=criterion)
        if value < 0:
            raise ScoringError(f"{criterion}: the weight cannot be negative", field=criterion)
        if value == float("inf"):
            raise ScoringError(f"{criterion}: the weight must be finite", field=criterion)
        values[criterion] = float(value)
    total = sum(values.values())
    if total <= 0:
        raise ScoringError("give at least one criterion a weight above zero")
    return {criterion: value / total for criterion, value in values.items()}


def normalise_states(
    states: Iterable[str], *, known: Iterable[str] | None = None
) -> frozenset[str]:
    """Upper-cased two-letter codes; unknown codes raise ScoringError when ``known`` is given."""
    codes = frozenset(state.strip().upper() for state in states if state.strip())
    if known is not None:
        unknown = sorted(codes - set(known))
        if unknown:
            raise ScoringError(
                f"{unknown[0]!r} is not a US state code (use two letters, like MN)",
                field="preferred_states",
            )
    return codes


def scale_from(programs: Iterable[ProgramFacts]) -> Scale:
    """Full points at the largest value reported among ``programs`` (1 when none is)."""
    volumes, faculty, publications = [1], [1], [1]
    for program in programs:
        if program.case_volume is not None:
            volumes.append(program.case_volume)
        if program.faculty_count is not None:
            faculty.append(program.faculty_count)
        if program.publications_per_year is not None:
            publications.append(program.publications_per_year)
    return Scale(case_volume=max(volumes), faculty=max(faculty), publications=max(publications))


def _share(value: float, full: float) -> float:
    return 100.0 * min(1.0, value / full) if full > 0 else 0.0


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _accreditation(program: ProgramFacts) -> tuple[float | None, str]:
    status = program.accreditation
    if not status:
        return None, "status not reported"
    points = ACCREDITATION_POINTS.get(status)
    if points is None:
        return None, f"unknown status {status!r}"
    return points, ACCREDITATION_NOTES[status]


def _averaged(parts: Sequence[tuple[float, str]], unreported: str) -> tuple[float | None, str]:
    """A criterion of several measures: the mean of their points and their notes, or
    ``unreported`` when none is known."""
    if not parts:
        return None, unreported
    return _mean([points for points, _ in parts]), "; ".join(note for _, note in parts)


def _case_volume(program: ProgramFacts, scale: Scale) -> tuple[float | None, str]:
    parts: list[tuple[float, str]] = []
    if program.case_volume is not None:
        parts.append(
            (
                _share(program.case_volume, scale.case_volume),
                f"{program.case_volume:,} cases a year (full points at {scale.case_volume:,.0f})",
            )
        )
    if program.procedure_mix:
        covered = [
            area
            for area in MIX_AREAS
            if program.procedure_mix.get(area, 0) >= VARIETY_THRESHOLD_PCT
        ]
        parts.append(
            (
                100.0 * len(covered) / len(MIX_AREAS),
                f"{len(covered)} of {len(MIX_AREAS)} areas at {VARIETY_THRESHOLD_PCT}% or more",
            )
        )
    return _averaged(parts, "volume and mix not reported")


def _faculty(program: ProgramFacts, scale: Scale) -> tuple[float | None, str]:
    if program.faculty_count is None:
        return None, "faculty count not reported"
    return (
        _share(program.faculty_count, scale.faculty),
        f"{program.faculty_count} IR faculty (full points at {scale.faculty:,.0f})",
    )


def _research(program: ProgramFacts, scale: Scale) -> tuple[float | None, str]:
    parts: list[tuple[float, str]] = []
    if program.publications_per_year is not None:
        parts.append(
            (
                _share(program.publications_per_year, scale.publications),
                f"{program.publications_per_year} publications a year "
                f"(full points at {scale.publications:,.0f})",
            )
        )
    if program.research_rotation is not None:
        rotation = program.research_rotation
        parts.append(
            (
                100.0 if rotation else 0.0,
                "research rotation" if rotation else "no research rotation",
            )
        )
    return _averaged(parts, "research output not reported")


def _location(program: ProgramFacts, preferred: frozenset[str]) -> tuple[float | None, str]:
    if not preferred:
        return None, "no preferred states chosen"
    if not program.state:
        return None, "state not reported"
    if program.state.upper() in preferred:
        return 100.0, f"{program.state} is a preferred state"
    return 0.0, f"{program.state} is not a preferred state"


def criterion_points(
    program: ProgramFacts, *, preferred_states: frozenset[str], scale: Scale
) -> dict[str, tuple[float | None, str]]:
    """Each criterion's 0-100 points (None when not reported) and a note saying why."""
    return {
        "accreditation": _accreditation(program),
        "case_volume": _case_volume(program, scale),
        "faculty": _faculty(program, scale),
        "research": _research(program, scale),
        "location": _location(program, preferred_states),
    }


def score_program(
    program: ProgramFacts,
    weights: Mapping[str, float],
    *,
    preferred_states: Iterable[str] = (),
    scale: Scale | None = None,
) -> ProgramScore:
    """One program's score; ``scale`` defaults to this program alone (see ``scale_from``)."""
    shares = normalise_weights(weights)
    preferred = normalise_states(preferred_states)
    points = criterion_points(
        program, preferred_states=preferred, scale=scale or scale_from([program])
    )
    with_data = sum(shares[c] for c in CRITERIA if points[c][0] is not None and shares[c] > 0)
    breakdown = []
    for criterion in CRITERIA:
        value, note = points[criterion]
        share = shares[criterion] / with_data if value is not None and with_data > 0 else 0.0
        breakdown.append(
            CriterionScore(
                criterion=criterion,
                label=CRITERION_LABELS[criterion],
                weight=shares[criterion],
                points=value,
                share=share,
                contribution=share * value if value is not None else 0.0,
                note=note,
            )
        )
    score = sum(item.contribution for item in breakdown) if with_data > 0 else None
    return ProgramScore(
        key=program.key, score=score, coverage=with_data, breakdown=tuple(breakdown)
    )


def score_programs(
    programs: Sequence[ProgramFacts],
    weights: Mapping[str, float],
    *,
    preferred_states: Iterable[str] = (),
    scale: Scale | None = None,
) -> list[ProgramScore]:
    """Scores, best first (programs without a score last; ties by key).

    ``scale`` defaults to ``scale_from(programs)``.
    """
    scale = scale or scale_from(programs)
    states = normalise_states(preferred_states)
    scores = [
        score_program(program, weights, preferred_states=states, scale=scale)
        for program in programs
    ]
    return sorted(scores, key=lambda item: (item.score is None, -(item.score or 0.0), item.key))
