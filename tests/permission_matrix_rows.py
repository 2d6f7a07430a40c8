"""The rows of the permission matrix (``tests/test_permission_matrix.py``).

A row is one kind of private object: how to make one owned by ``owner``, the rule of
``WHO_MAY`` it follows, and its addresses on the web and the API for read, change and
delete. Who may do what is decided once, in ``WHO_MAY``, from the rule in
``seldinger.accounts.selectors``: a row only names its rule.

The rows of a program's records, match lists and second factors are in
``tests/permission_matrix_more_rows.py``.

Adding a kind of object is a few lines: a ``make`` function and a ``Row``. A model with
no row must be in ``NOT_PRIVATE``, ``NO_ADDRESS`` or ``ROWS_TO_WRITE`` (kinds still held
only by their app's permission tests), and an address taking an object id in a row or in
``OTHER_ADDRESSES``, each with the reason: the guards fail otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Model
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role, User
from seldinger.accounts.services import create_token
from seldinger.programs.models import Program

Kind = ProgramMembership.Kind
PASSWORD = "pw-for-tests-123"

# Personas ------------------------------------------------------------------------------------

#: Each persona as seen from the owner of the object: its role and its membership, if any,
#: in the owner's program ("mine") or another program ("other").
PERSONAS: Mapping[str, tuple[str, str | None, str | None]] = {
    "owner": ("(the row's)", None, None),
    "classmate": (Role.RESIDENT, "mine", Kind.TRAINEE),
    "faculty": (Role.FACULTY, "mine", Kind.FACULTY),
    "director": (Role.DIRECTOR, "mine", Kind.DIRECTOR),
    "coordinator": (Role.COORDINATOR, "mine", Kind.COORDINATOR),
    "other_director": (Role.DIRECTOR, "other", Kind.DIRECTOR),
    "other_resident": (Role.RESIDENT, "other", Kind.TRAINEE),
    "student": (Role.STUDENT, None, None),
    "diplomate": (Role.DIPLOMATE, None, None),
    "employer": (Role.EMPLOYER, None, None),
    "admin": (Role.ADMIN, None, None),
    "anonymous": ("", None, None),
}

# Who may do what -----------------------------------------------------------------------------

#: Those who lead the owner's program (``trainees_led_by``).
LEADERS = frozenset({"director", "coordinator"})
EVERYONE = frozenset(PERSONAS)
OWNER = frozenset({"owner"})
NOBODY: frozenset[str] = frozenset()
#: The faculty member assigned to rate the owner (``milestones.EvaluatorAssignment``).
EVALUATOR = frozenset({"faculty"})
#: A trainee's record: the trainee, their program's leaders, platform administrators
#: (``can_view_trainee_records``).
RECORD_READERS = OWNER | LEADERS | {"admin"}

READ, CHANGE, DELETE = "read", "change", "delete"
ACTIONS = (READ, CHANGE, DELETE)

#: The one table of who may do what, per rule (the rules of ``seldinger.accounts.selectors``).
WHO_MAY: Mapping[str, Mapping[str, frozenset[str]]] = {
    # A person's own things (licences, CME, plans, saved jobs, applications, tokens):
    # nobody else, whatever their role.
    "own": {READ: OWNER, CHANGE: OWNER, DELETE: OWNER},
    # A background job: whoever started it, and platform administrators.
    "own, administrators read": {READ: OWNER | {"admin"}, CHANGE: OWNER, DELETE: OWNER},
    # A trainee's record (hours, scholarly work): read by the record's readers, changed
    # only by the trainee.
    "trainee record": {READ: RECORD_READERS, CHANGE: OWNER, DELETE: OWNER},
    # A record that names a teacher (a case they supervised): the teacher reads it too.
    "trainee record naming faculty": {
        READ: RECORD_READERS | {"faculty"},
        CHANGE: OWNER,
        DELETE: OWNER,
    },
    # The training record (time off): its readers may change it too (``can_edit_training_of``).
    "training record": {READ: RECORD_READERS, CHANGE: RECORD_READERS, DELETE: RECORD_READERS},
    # Public, changed by its owner only (an employer's job posting): whoever sees it is
    # told they may not change it (403) rather than that it is missing.
    "public, owner changes": {READ: EVERYONE, CHANGE: OWNER, DELETE: OWNER},
    # A mentorship (the owner is the mentee, "faculty" the mentor), listed to the three of
    # them: ended only by the program's director, not its coordinator (``programs_directed_by``).
    "mentorship": {
        READ: OWNER | {"faculty", "director"},
        CHANGE: frozenset({"director"}),
        DELETE: NOBODY,
    },
    # A meeting note the mentee wrote: read by the mentee, the current mentor and the
    # program's director; changed by its author only.
    "meeting note": {READ: OWNER | {"faculty", "director"}, CHANGE: OWNER, DELETE: OWNER},
    # Which faculty member rates a trainee, listed to the program's leaders and the
    # evaluator: the leaders remove it.
    "evaluator assignment": {READ: LEADERS | EVALUATOR, CHANGE: NOBODY, DELETE: LEADERS},
    # An evaluation being written: its evaluator's alone until submitted.
    "draft evaluation": {READ: EVALUATOR, CHANGE: EVALUATOR, DELETE: NOBODY},
    # A submitted evaluation: the trainee, the evaluator and the program's leaders read it
    # (milestones only in the Django admin for platform administrators).
    "submitted evaluation": {READ: OWNER | EVALUATOR | LEADERS, CHANGE: NOBODY, DELETE: NOBODY},
    # A submitted self-assessment: the trainee and the program's leaders.
    "self-assessment": {READ: OWNER | LEADERS, CHANGE: NOBODY, DELETE: NOBODY},
    # The program's own, kept by its directors (the owner is one): case requirements.
    "program's director": {
        READ: OWNER | {"director"},
        CHANGE: OWNER | {"director"},
        DELETE: OWNER | {"director"},
    },
    # The program's own, kept by its leaders (the owner is a director): invitations,
    # the program's rank order lists.
    "program's leaders": {READ: OWNER | LEADERS, CHANGE: OWNER | LEADERS, DELETE: OWNER | LEADERS},
    # A match round (the owner's list was in it): every program's leaders and the
    # platform's administrators see every round; an applicant only the rounds they were in.
    "match round": {
        READ: OWNER | LEADERS | {"other_director", "admin"},
        CHANGE: NOBODY,
        DELETE: NOBODY,
    },
    # A report in the inbox of the owner's program (the owner's study, that no name the
    # suite records matched): the program's leaders and the platform's administrators give
    # it to its trainee (``dose.selectors.inbox_of``); the trainee does not see the inbox.
    # A program's published schedule: its current trainees (the owner, a classmate) and
    # its leaders see it (``scheduling.selectors.visible_program``); it changes by
    # publishing a new version, which is the program's, not one version's.
    "program's schedule": {READ: OWNER | {"classmate"} | LEADERS, CHANGE: NOBODY, DELETE: NOBODY},
    # A swap the owner asked of a classmate: the program's trainees and leaders see the
    # schedule it belongs to; only the leaders decide it, and a trainee who asks is told so.
    "swap request": {
        READ: OWNER | {"classmate"} | LEADERS,
        CHANGE: LEADERS,
        DELETE: NOBODY,
    },
    "program's inbox": {
        READ: LEADERS | {"admin"},
        CHANGE: LEADERS | {"admin"},
        DELETE: NOBODY,
    },
    # The calendar feed: whoever holds its unguessable address reads it (calendar programs
    # cannot log in); only its owner sees or renews the address (/credentials/calendar/).
    "by its secret": {READ: EVERYONE, CHANGE: NOBODY, DELETE: NOBODY},
}

#: Rules under which a request to change what the caller may read is refused with 403
#: (the object is no secret to them); under every other rule a refusal is a 404.
READERS_REFUSED_WITH_403 = frozenset({"public, owner changes", "swap request"})


class World:
    """The people around the objects: one program with its staff and trainees, another
    program, people of no program, and each row's owner (made when first asked for)."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}

    @cached_property
    def program(self) -> Program:
        return _program("TEST-0001")

    @cached_property
    def other_program(self) -> Program:
        return _program("TEST-0002")

    def user(self, persona: str) -> User:
        if persona not in self._users:
            role, program, kind = PERSONAS[persona]
            self._users[persona] = self.make_user(persona, role, program, kind)
        return self._users[persona]

    def make_user(self, username: str, role: str, program: str | None, kind: str | None) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if program is not None:
            where = self.program if program == "mine" else self.other_program
            ProgramMembership.objects.create(user=user, program=where, kind=kind)
        return user

    def scene(self, row: Row) -> Scene:
        """The world as ``row``'s object sees it: with its own owner."""
        program, kind = ("mine", Kind.TRAINEE) if row.owner_trains else (None, None)
        if row.owner_leads:
            program, kind = ("mine", Kind.DIRECTOR)
        owner = self.make_user("owner-" + row.name.replace(" ", "-"), row.owner_role, program, kind)
        return Scene(self, owner)


@dataclass(frozen=True)
class Scene:
    world: World
    owner: User

    def user(self, persona: str) -> User:
        return self.owner if persona == "owner" else self.world.user(persona)

    @property
    def program(self) -> Program:
        return self.world.program


def _program(acgme_id: str) -> Program:
    return Program.objects.create(
        acgme_id=acgme_id,
        name=f"Test program {acgme_id}",
        kind=Program.Kind.INTEGRATED_IR,
        institution="Test University Hospital",
        city="Testville",
        state="MN",
        is_synthetic=True,
    )


# Rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One request: ``url`` holds ``{pk}`` (and may name the object's fields, as
    ``{obj.program_id}``); ``data`` is the form (web) or JSON body (API), whose texts may
    name the object's or its owner's fields too (``{owner.pk}``)."""

    method: str
    url: str
    data: Mapping[str, Any] | None = None

    def address(self, obj: Model) -> str:
        return self.url.format(pk=obj.pk, obj=obj)

    def body(self, obj: Model, owner: User) -> Mapping[str, Any] | None:
        if self.data is None:
            return None
        return {
            key: value.format(pk=obj.pk, obj=obj, owner=owner) if isinstance(value, str) else value
            for key, value in self.data.items()
        }


@dataclass(frozen=True)
class Row:
    name: str
    rule: str
    make: Callable[[Scene], Model]
    owner_role: str = Role.RESIDENT
    #: Whether the owner is a trainee of the program (the leaders' and faculty's).
    owner_trains: bool = True
    #: Whether the owner is a director of the program instead (its own records).
    owner_leads: bool = False
    #: Whether the object is a second factor of the owner's, whose session has then
    #: passed its second step.
    second_factor: bool = False
    web: Mapping[str, Call] = field(default_factory=dict)
    api: Mapping[str, Call] = field(default_factory=dict)


def get(url: str) -> Call:
    return Call("get", url)


def post(url: str, data: Mapping[str, Any] | None = None) -> Call:
    return Call("post", url, data or {})


def put(url: str, data: Mapping[str, Any]) -> Call:
    return Call("put", url, data)


def patch(url: str, data: Mapping[str, Any]) -> Call:
    return Call("patch", url, data)


def delete(url: str) -> Call:
    return Call("delete", url)


def aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# How each object is made (through the app's service, as a user makes it) ------------------


def make_case(world: Scene) -> Model:
    from seldinger.caselog import selectors, services
    from seldinger.caselog.entries import validate_case

    raw = {
        "date": "2026-01-05",
        "procedure": "picc",
        "role": "primary",
        "supervisor": world.user("faculty").username,
        "modality": "fluoroscopy",
    }
    data, errors = validate_case(
        raw,
        catalogue=selectors.catalogue(),
        supervisors=set(selectors.supervisors_for(world.owner).values_list("username", flat=True)),
        today=timezone.localdate(),
    )
    assert not errors, errors
    return services.log_case(trainee=world.owner, data=data)


def make_shift(world: Scene) -> Model:
    from seldinger.workhours.services import create_shift

    start = aware(dt.date(2026, 1, 5), 7)
    return create_shift(
        resident=world.owner, start=start, end=start + dt.timedelta(hours=10), kind="clinical"
    )


def make_activity(kind: str, values: Mapping[str, Any]) -> Callable[[Scene], Model]:
    def make(world: Scene) -> Model:
        from seldinger.scholarship.services import add_activity

        return add_activity(owner=world.owner, kind=kind, values=dict(values))

    return make


def make_credential(world: Scene) -> Model:
    from seldinger.credentials.services import add_credential

    return add_credential(
        owner=world.owner, kind="state-licence", state="MN", expires_on=dt.date(2027, 6, 30)
    )


def make_cme(world: Scene) -> Model:
    from seldinger.certification.services import create_cme

    return create_cme(
        owner=world.owner, title="Course", date=dt.date(2026, 1, 5), credits=Decimal("7")
    )


def make_ola(world: Scene) -> Model:
    from seldinger.certification.services import save_ola

    return save_ola(owner=world.owner, year=2026, answered=33)


def make_pqi(world: Scene) -> Model:
    from seldinger.certification.services import save_pqi

    return save_pqi(owner=world.owner, title="QI", completed_on=dt.date(2025, 1, 1))


def make_plan(world: Scene) -> Model:
    from seldinger.pathways.services import save_plan

    return save_plan(
        owner=world.owner,
        title="Mine",
        stage="ms4",
        stage_start=dt.date(2026, 7, 1),
        pathway="integrated-ir",
    )


def make_time_off(world: Scene) -> Model:
    from seldinger.pathways import training

    training.set_training(
        actor=world.owner,
        trainee=world.owner,
        pathway="integrated-ir",
        stage="pgy2",
        stage_start=dt.date(2025, 7, 1),
    )
    return training.add_time_off(
        actor=world.owner,
        trainee=world.owner,
        kind="vacation",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 1, 9),
    )


def make_application(world: Scene) -> Model:
    from seldinger.applications.services import create_application

    return create_application(applicant=world.owner, program=world.program)


POSTING: Mapping[str, Any] = {
    "title": "Interventional Radiologist",
    "organisation": "Test IR Group",
    "setting": "private-practice",
    "subspecialty": "general",
    "city": "Testville",
    "state": "MN",
    "call": "1 in 6",
    "salary_min": 450000,
    "salary_max": 550000,
    "start_date": "2027-07-01",
    "description": "Full-spectrum IR.",
    "contact": "jobs@example.invalid",
}


def make_posting(world: Scene) -> Model:
    from seldinger.careers.models import JobPosting

    return JobPosting.objects.create(
        employer=world.owner, **{**POSTING, "start_date": dt.date(2027, 7, 1)}
    )


def make_saved_job(world: Scene) -> Model:
    from seldinger.careers.services import save_job

    posting = make_posting_of(world.user("employer"))
    return save_job(owner=world.owner, posting=posting)


def make_posting_of(employer: User) -> Model:
    from seldinger.careers.models import JobPosting

    return JobPosting.objects.create(
        employer=employer, **{**POSTING, "start_date": dt.date(2027, 7, 1)}
    )


def make_job(world: Scene) -> Model:
    from seldinger.jobs.models import Job

    return Job.objects.create(kind="case-export", title="Case log export", owner=world.owner)


def make_token(world: Scene) -> Model:
    token, _ = create_token(owner=world.owner, name="script", scope="read", lifetime_days=30)
    return token


CASE = {"procedure": "tace", "date": "2026-01-06", "role": "observer", "modality": "ct"}
SHIFT_WEB = {"day": "2026-01-05", "start_time": "08:00", "end_time": "17:00", "kind": "clinical"}
SHIFT_API = {"start": "2026-01-05T08:00", "end": "2026-01-05T17:00", "kind": "clinical"}
PUBLICATION = {
    "title": "On access",
    "journal": "JVIR",
    "year": 2025,
    "authors": "Owner A",
    "status": "submitted",
}
PRESENTATION = {"title": "On access", "meeting": "sir", "date": "2025-03-01", "kind": "oral"}
CREDENTIAL = {"kind": "dea", "state": "MN", "number": "AB1234563", "expires_on": "2027-05-31"}
CME = {"title": "Course B", "date": "2026-01-06", "credits": "8", "credit_type": "other"}
PQI = {"title": "QI B", "kind": "project", "completed_on": "2025-02-01"}
OLA = {"year": 2026, "answered": 40}
APPLICATION = {"status": "applied", "applied_on": "2025-09-15"}
SAVED_JOB = {"status": "applied", "notes": "Called them"}


def scholarly(kind: str, values: Mapping[str, Any], changed: Mapping[str, Any]) -> Row:
    """A kind of scholarly record: changed by its trainee, read by its readers."""
    return Row(
        kind,
        "trainee record",
        make_activity(kind, values),
        web={
            CHANGE: post(f"/scholarship/{kind}/{{pk}}/", changed),
            DELETE: post(f"/scholarship/{kind}/{{pk}}/delete/"),
        },
        api={
            READ: get(f"/api/scholarship/{kind}/{{pk}}"),
            CHANGE: put(f"/api/scholarship/{kind}/{{pk}}", changed),
            DELETE: delete(f"/api/scholarship/{kind}/{{pk}}"),
        },
    )


ROWS: tuple[Row, ...] = (
    Row(
        "case",
        "trainee record naming faculty",
        make_case,
        web={
            READ: get("/cases/{pk}/"),
            CHANGE: post("/cases/{pk}/edit/", CASE),
            DELETE: post("/cases/{pk}/delete/"),
        },
        api={
            READ: get("/api/caselog/cases/{pk}"),
            CHANGE: put("/api/caselog/cases/{pk}", CASE),
            DELETE: delete("/api/caselog/cases/{pk}"),
        },
    ),
    Row(
        "shift",
        "own",
        make_shift,
        web={
            READ: get("/hours/shifts/{pk}/edit/"),
            CHANGE: post("/hours/shifts/{pk}/edit/", SHIFT_WEB),
            DELETE: post("/hours/shifts/{pk}/delete/"),
        },
        api={
            READ: get("/api/workhours/shifts/{pk}"),
            CHANGE: put("/api/workhours/shifts/{pk}", SHIFT_API),
            DELETE: delete("/api/workhours/shifts/{pk}"),
        },
    ),
    scholarly("publications", PUBLICATION, {**PUBLICATION, "title": "On access, again"}),
    scholarly("presentations", PRESENTATION, {**PRESENTATION, "title": "On access, again"}),
    Row(
        "licence",
        "own",
        make_credential,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={
            READ: get("/credentials/{pk}/"),
            CHANGE: post("/credentials/{pk}/", CREDENTIAL),
            DELETE: post("/credentials/{pk}/delete/"),
        },
        api={
            READ: get("/api/credentials/{pk}"),
            CHANGE: put("/api/credentials/{pk}", CREDENTIAL),
            DELETE: delete("/api/credentials/{pk}"),
        },
    ),
    Row(
        "CME activity",
        "own",
        make_cme,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={
            READ: get("/certification/cme/{pk}/"),
            CHANGE: post("/certification/cme/{pk}/", CME),
            DELETE: post("/certification/cme/{pk}/delete/"),
        },
        api={
            READ: get("/api/certification/cme/{pk}"),
            CHANGE: put("/api/certification/cme/{pk}", CME),
            DELETE: delete("/api/certification/cme/{pk}"),
        },
    ),
    Row(
        "OLA record",
        "own",
        make_ola,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={DELETE: post("/certification/ola/{pk}/delete/")},
        api={
            READ: get("/api/certification/ola/{pk}"),
            CHANGE: put("/api/certification/ola/{pk}", OLA),
            DELETE: delete("/api/certification/ola/{pk}"),
        },
    ),
    Row(
        "PQI activity",
        "own",
        make_pqi,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={
            READ: get("/certification/pqi/{pk}/"),
            CHANGE: post("/certification/pqi/{pk}/", PQI),
            DELETE: post("/certification/pqi/{pk}/delete/"),
        },
        api={
            READ: get("/api/certification/pqi/{pk}"),
            CHANGE: put("/api/certification/pqi/{pk}", PQI),
            DELETE: delete("/api/certification/pqi/{pk}"),
        },
    ),
    Row(
        "saved plan",
        "own",
        make_plan,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={READ: get("/plan/mine/{pk}/"), DELETE: post("/plan/mine/{pk}/delete/")},
        api={READ: get("/api/pathways/plans/{pk}"), DELETE: delete("/api/pathways/plans/{pk}")},
    ),
    Row(
        "time off",
        "own",
        make_time_off,
        web={DELETE: post("/plan/training/time-off/{pk}/delete/")},
        api={DELETE: delete("/api/pathways/training/time-off/{pk}")},
    ),
    Row(
        "application",
        "own",
        make_application,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={
            READ: get("/applications/{pk}/"),
            CHANGE: post("/applications/{pk}/", APPLICATION),
            DELETE: post("/applications/{pk}/delete/"),
        },
        api={
            READ: get("/api/applications/{pk}"),
            CHANGE: put("/api/applications/{pk}", APPLICATION),
            DELETE: delete("/api/applications/{pk}"),
        },
    ),
    Row(
        "job posting",
        "public, owner changes",
        make_posting,
        owner_role=Role.EMPLOYER,
        owner_trains=False,
        web={
            READ: get("/careers/jobs/{pk}/"),
            CHANGE: post("/careers/jobs/{pk}/edit/", POSTING),
            DELETE: post("/careers/jobs/{pk}/delete/"),
        },
        api={
            READ: get("/api/careers/jobs/{pk}"),
            CHANGE: patch("/api/careers/jobs/{pk}", {"title": "IR, again"}),
            DELETE: delete("/api/careers/jobs/{pk}"),
        },
    ),
    Row(
        "saved job",
        "own",
        make_saved_job,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={
            READ: get("/careers/saved/{pk}/"),
            CHANGE: post("/careers/saved/{pk}/", SAVED_JOB),
            DELETE: post("/careers/saved/{pk}/remove/"),
        },
        api={
            READ: get("/api/careers/saved/{pk}"),
            CHANGE: patch("/api/careers/saved/{pk}", SAVED_JOB),
            DELETE: delete("/api/careers/saved/{pk}"),
        },
    ),
    Row(
        "background job",
        "own, administrators read",
        make_job,
        web={READ: get("/jobs/{pk}/")},
        api={READ: get("/api/jobs/{pk}")},
    ),
    Row("API token", "own", make_token, web={CHANGE: post("/accounts/tokens/{pk}/revoke/")}),
)

# Models with no row, each with the reason ----------------------------------------------------

#: Models that hold nothing private to a person or a program.
NOT_PRIVATE: Mapping[str, str] = {
    "careers.CommunityEvent": "public meetings and courses, shown to everyone",
    "milestones.EvaluationPeriod": "the calendar of evaluation periods, the same for everyone",
    "programs.Program": "the public program directory (its edit page is in OTHER_ADDRESSES)",
    "match.MatchTrackResult": "a program track's filled and open positions in a round",
}

#: Private models that no address names by their id: reached only as "mine" (the logged-in
#: user's own, so nobody else's can be asked for) or inside an object that has a row.
NO_ADDRESS: Mapping[str, str] = {
    "scheduling.ScheduledShift": "shown on its version's pages (the schedule's row) and traded "
    "by a swap request (its row)",
    "accounts.User": "a person is reached by the records above; their account only as mine",
    "accounts.ProgramMembership": "changed only in the admin; read through accounts.selectors",
    "applications.ApplicantProfile": "only mine (/applications/checklist/, /api/applications/"
    "checklist)",
    "applications.RankOrderList": "only mine (/applications/rank-list/)",
    "audit.AuditEntry": "shown inside the record it audits (a case's history), never by id",
    "caselog.CaseCounts": "a trainee's running totals, shown on their progress pages",
    "caselog.ImportColumns": "only mine: the columns suggested in my own import preview",
    "certification.DiplomateProfile": "only mine (/certification/profile/)",
    "credentials.SentReminder": "the log of reminder e-mails sent; no page shows it",
    "home.DigestSubscription": "only mine (the home page's digest setting)",
    "match.MatchOutcome": "shown inside its round (match/rounds/<id>/)",
    "pathways.TrainingRecord": "only mine (/plan/training/, /api/pathways/training)",
    "programs.ScoringPreference": "only mine (the directory's scoring weights)",
    "workhours.ViolationJustification": "addressed by its violation's rule and times, only the "
    "resident's own: tests/workhours/test_permissions_hours.py",
    # Second factors (the passkey has its row; the admin shows them all to administrators).
    "otp_totp.TOTPDevice": "only mine (/accounts/security/authenticator/, turned off at "
    "/accounts/security/off/ with a current code): tests/mfa/test_second_factor.py",
    "otp_static.StaticDevice": "only mine (/accounts/security/recovery-codes/): "
    "tests/mfa/test_second_factor.py",
    "otp_static.StaticToken": "a recovery code, inside its StaticDevice",
    "django_otp_webauthn.WebAuthnAttestation": "kept inside its passkey",
    "django_otp_webauthn.WebAuthnUserHandle": "the owner's own, used inside the passkey "
    "ceremony (/accounts/passkeys/...), never by id",
}

#: Kinds of private object whose rows are not written yet: each is held by its app's own
#: permission tests, named here, until it has rows.
ROWS_TO_WRITE: Mapping[str, str] = {}

_APPLICATIONS = "tests/applications/test_applications_permissions.py"
_MILESTONES = "tests/milestones/test_milestones_permissions.py"
_SCHOLARSHIP = "tests/scholarship/test_scholarship_api.py"
_PEOPLE = "tests/people/test_people_permissions.py"
_ACGME = "tests/acgme/test_acgme_web.py"
_SCHEDULE = "a program's schedule: tests/scheduling/test_schedule_pages.py"
_SWAPS = "tests/scheduling/test_swaps.py"

#: Addresses taking an id that are not a row's, each with the reason.
OTHER_ADDRESSES: Mapping[str, str] = {
    # Public, or a person's own by a secret.
    "programs/<str:acgme_id>/": "a program's public directory page",
    "api/programs/<acgme_id>": "a program's public directory entry",
    "programs/<str:acgme_id>/edit/": "its director's edit page: tests/programs/"
    "test_directory_edit.py",
    "careers/jobs/<int:pk>/save/": "saves a public posting as the caller's own saved job",
    "cases/import/<str:token>/": "the caller's own import preview, by a key kept in their "
    "session: tests/caselog/test_transfer_permissions.py",
    "cases/import/<str:token>/confirm/": "as the import preview",
    "cases/import/<str:token>/cancel/": "as the import preview",
    "cases/import/<str:token>/columns/": "as the import preview",
    "cases/import/<str:token>/procedures/": "as the import preview",
    # A person's whole record, by the person (the selectors' can_view_trainee_records).
    "cases/trainee/<str:username>/": "a trainee's log: tests/caselog/test_case_permissions.py",
    "cases/progress/<str:username>/": "a trainee's progress: tests/caselog/test_progress.py",
    "api/caselog/progress/<username>": "a trainee's progress: tests/caselog/test_progress.py",
    "acgme/case-log/<int:trainee_id>/export.<str:fmt>": "as the cases to enter: " + _ACGME,
    "acgme/milestones/export.<str:fmt>": "the format is no id; the leaders' programs: " + _ACGME,
    "milestones/residents/<int:resident_id>/": _MILESTONES,
    "milestones/residents/<int:resident_id>/evaluate/": _MILESTONES,
    "api/milestones/residents/<resident_id>/summary": _MILESTONES,
    "scholarship/residents/<int:trainee_id>/": _SCHOLARSHIP,
    "scholarship/residents/<int:trainee_id>/notes/": _SCHOLARSHIP,
    "scholarship/<slug:kind>/new/": "adds one of the caller's own records; the kind is no id",
    # More actions on an object that has a row.
    "cases/<int:case_id>/verify/": "a supervisor verifies: tests/caselog/test_case_permissions.py",
    "cases/<int:case_id>/return/": "a supervisor returns: tests/caselog/test_case_permissions.py",
    "api/caselog/cases/<int:case_id>/return": "tests/caselog/test_case_permissions.py",
    "certification/cme/<int:activity_id>/certificate/": "the CME activity's file: "
    "tests/certification/test_certification_permissions.py",
    "api/certification/cme/<activity_id>/certificate": "as the web's certificate",
    "acgme/cases/<int:case_id>/entered/": "marks a verified case entered: " + _ACGME,
    "jobs/<uuid:job_id>/state/": "the job page's progress: tests/jobs/test_job_permissions.py",
    "jobs/<uuid:job_id>/download/": "the job's file: tests/jobs/test_job_permissions.py",
    # A program's schedule, found by the program (scheduling.selectors.visible_program).
    "schedule/<int:program_id>/mine/": _SCHEDULE,
    "schedule/<int:program_id>/mine/fill/": "tests/scheduling/test_fill_hours.py",
    "schedule/<int:program_id>/versions/": _SCHEDULE,
    "schedule/<int:program_id>/publish/": "tests/scheduling/test_publish.py",
    "schedule/<int:program_id>/solve/": "a leader starts a solve: "
    "tests/scheduling/test_solve_job.py",
    "schedule/<int:program_id>/publish/job/<uuid:job_id>/": "the solve job's owner publishes "
    "its schedule: tests/scheduling/test_solve_job.py",
    "schedule/<int:program_id>/swaps/": _SWAPS,
    # More actions on a match list, a couple or a program's list that have rows (the same
    # selectors find them), each also in its app's permission tests.
    "api/applications/couple/<int:couple_id>/accept": _APPLICATIONS,
    "applications/couple/<int:couple_id>/accept/": _APPLICATIONS,
    "api/applications/programs/<acgme_id>/<track>/rank-list/uncertify": _APPLICATIONS,
    "applications/programs/<str:acgme_id>/<str:track>/add/": _APPLICATIONS,
    "applications/programs/<str:acgme_id>/<str:track>/order/": _APPLICATIONS,
    "applications/programs/<str:acgme_id>/<str:track>/uncertify/": _APPLICATIONS,
    "applications/rank-list/<int:entry_id>/supplemental/add/": _APPLICATIONS,
    "applications/rank-list/<int:entry_id>/supplemental/order/": _APPLICATIONS,
    "applications/rank-list/supplemental/<int:item_id>/move/": _APPLICATIONS,
    # A program's people, for its leaders only.
    "accounts/invitations/<str:secret>/": "the invitee's own link, by its unguessable secret: "
    "tests/people/test_invitations.py",
    "accounts/password/reset/<uidb64>/<token>/": "Django's signed reset link: "
    "tests/accounts/test_password_reset.py",
    "accounts/programs/<int:program_id>/people/": _PEOPLE,
    "accounts/programs/<int:program_id>/people/invite/": _PEOPLE,
    "accounts/programs/<int:program_id>/people/roster/": _PEOPLE,
    "accounts/programs/<int:program_id>/people/<int:user_id>/deactivate/": _PEOPLE,
    "accounts/programs/<int:program_id>/people/<int:user_id>/reactivate/": _PEOPLE,
    "accounts/programs/<int:program_id>/invitations/<int:invitation_id>/resend/": _PEOPLE,
    "api/accounts/programs/<program_id>/people": _PEOPLE,
    "api/accounts/programs/<program_id>/people/<user_id>/deactivate": _PEOPLE,
    "api/accounts/programs/<program_id>/people/<user_id>/reactivate": _PEOPLE,
    "api/accounts/programs/<program_id>/invitations": _PEOPLE,
    "api/accounts/programs/<program_id>/invitations/roster": _PEOPLE,
    "api/accounts/programs/<program_id>/invitations/<invitation_id>/resend": _PEOPLE,
}
