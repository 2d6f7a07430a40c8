"""More rows of the permission matrix (``tests/test_permission_matrix.py``): the records a
program keeps about its trainees (evaluations, mentorships, meeting notes), the program's
own (requirements, invitations, rank lists), an applicant's match lists and couple, match
rounds, the calendar feed, and dose reports with the names the angiography suite records.

The same ``Row`` as in ``tests/permission_matrix_rows.py``; an address may name the
object's fields besides its id (``{obj.program.acgme_id}``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Model

from permission_matrix_rows import CHANGE, DELETE, READ, Row, Scene, delete, get, post, put
from seldinger.accounts.models import Role, User
from seldinger.programs.models import Program

DECLINE = {"decision": "decline"}
PERIOD = "2025-1"  # July-December 2025: a period already open for rating

# How each object is made (through the app's service, as a user makes it) ------------------


def make_activity(kind: str, values: Mapping[str, Any]) -> Callable[[Scene], Model]:
    def make(world: Scene) -> Model:
        from seldinger.scholarship.services import add_activity

        return add_activity(owner=world.owner, kind=kind, values=dict(values))

    return make


def make_mentorship(world: Scene) -> Model:
    from seldinger.scholarship.services import assign_mentor

    return assign_mentor(
        director=world.user("director"),
        program=world.program,
        resident=world.owner,
        mentor=world.user("faculty"),
    )


def make_meeting_note(world: Scene) -> Model:
    """A note the trainee wrote about a meeting with their mentor (the program's faculty)."""
    from seldinger.scholarship.services import add_note

    mentorship = make_mentorship(world)
    return add_note(
        author=world.owner, mentorship=mentorship, date=dt.date(2026, 1, 5), notes="Met."
    )


def full_sheet() -> dict[str, object]:
    from seldinger.milestones.selectors import milestone_set

    return {key: 3 for key in milestone_set().subcompetency_keys()}


def make_assignment(world: Scene) -> Model:
    from seldinger.milestones.services import assign_evaluator

    return assign_evaluator(
        actor=world.user("director"), resident=world.owner, evaluator=world.user("faculty")
    )


def make_evaluation(*, submit: bool) -> Callable[[Scene], Model]:
    def make(world: Scene) -> Model:
        from seldinger.milestones.services import save_evaluation

        make_assignment(world)
        ratings = full_sheet() if submit else {"pc1": 2}
        return save_evaluation(
            actor=world.user("faculty"),
            resident=world.owner,
            period=PERIOD,
            ratings=ratings,
            submit=submit,
        )

    return make


def make_self_assessment(world: Scene) -> Model:
    from seldinger.milestones.services import save_self_assessment

    return save_self_assessment(
        resident=world.owner, period=PERIOD, ratings=full_sheet(), submit=True
    )


def make_requirement(world: Scene) -> Model:
    from seldinger.caselog.progress_service import create_requirement

    return create_requirement(
        actor=world.owner,
        program=world.program,
        name="Embolisations",
        category_key="",
        roles=["primary"],
        minimum=25,
    )


def make_invitation(world: Scene) -> Model:
    from seldinger.people.services import invite

    return invite(
        actor=world.owner,
        program=world.program,
        email="new.resident@example.invalid",
        first_name="New",
        last_name="Resident",
        role="resident",
    )


def make_calendar_feed(world: Scene) -> Model:
    from seldinger.credentials.services import ensure_feed

    return ensure_feed(owner=world.owner)


def _applicant(world: Scene, username: str) -> User:
    """An applicant who is none of the personas (a couple's partner, a program's candidate)."""
    return world.world.make_user(f"{username}-of-{world.owner.username}", Role.STUDENT, None, None)


def _ranking(program: Program) -> Program:
    """The program, offering Advanced and Categorical positions this season."""
    program.positions_advanced = 2
    program.positions_categorical = 1
    program.save(update_fields=["positions_advanced", "positions_categorical"])
    return program


def _preliminary() -> Program:
    from seldinger.programs.models import Program

    program, _ = Program.objects.get_or_create(
        acgme_id="TEST-0100",
        defaults={
            "name": "Test Preliminary Medicine",
            "kind": "dr",
            "institution": "Test University Hospital",
            "city": "Testville",
            "state": "MN",
            "positions_preliminary": 3,
            "is_synthetic": True,
        },
    )
    return program


def make_program_list(world: Scene, kind: str = "categorical") -> Model:
    """The program's list for a track, ranking two candidates who applied."""
    from seldinger.applications import selectors, services

    program = _ranking(world.program)
    track = selectors.get_program_track(world.owner, program.acgme_id, kind)
    year = selectors.current_match_year()
    for name in ("candidate-a", "candidate-b"):
        candidate = _applicant(world, f"{name}-{kind}")
        services.create_application(applicant=candidate, program=program, status="applied")
        services.add_applicant(actor=world.owner, track=track, match_year=year, applicant=candidate)
    return selectors.program_rank_list(track, year)


def make_program_entry(world: Scene) -> Model:
    rank_list: Any = make_program_list(world, "advanced")
    return rank_list.entries.order_by("rank").first()


def _rank_list(world: Scene) -> Any:
    from seldinger.applications import selectors, services

    program = _ranking(world.program)
    prelim = _preliminary()
    advanced = f"{program.acgme_id}:advanced"
    return services.replace_rank_list(
        applicant=world.owner,
        match_year=selectors.profile_of(world.owner).match_year,
        tracks=[advanced, f"{program.acgme_id}:categorical"],
        supplemental={advanced: [f"{prelim.acgme_id}:preliminary"]},
    )


def make_rank_entry(world: Scene) -> Model:
    return _rank_list(world).entries.order_by("rank").first()


def make_supplemental_entry(world: Scene) -> Model:
    return make_rank_entry(world).supplemental.first()


def make_couple(world: Scene) -> Model:
    """A formed couple: the owner invited a partner, who accepted."""
    from seldinger.applications import services

    partner = _applicant(world, "partner")
    couple = services.invite_partner(inviter=world.owner, partner_username=partner.username)
    return services.accept_invitation(user=partner, couple=couple)


def make_pair(world: Scene) -> Model:
    """The first of two pairs on the owner's couple's list."""
    from seldinger.applications import selectors, services

    couple: Any = make_couple(world)
    program = _ranking(world.program)
    for first, second in (("advanced", "categorical"), ("categorical", "advanced")):
        services.add_pair(
            actor=world.owner,
            couple=couple,
            first=selectors.find_track(f"{program.acgme_id}:{first}"),
            second=selectors.find_track(f"{program.acgme_id}:{second}"),
        )
    return couple.entries.order_by("rank").first()


def make_match_round(world: Scene) -> Model:
    """A practice round the owner's list took part in (run by the program's director)."""
    from seldinger.applications.selectors import current_match_year
    from seldinger.match.models import MatchOutcome, MatchRound

    match_round = MatchRound.objects.create(
        match_year=current_match_year(), run_by=world.user("director")
    )
    MatchOutcome.objects.create(round=match_round, applicant=world.owner)
    return match_round


def _dose_report(world: Scene, *, uploader: User, staff: str) -> Model:
    """One dose report as ``uploader`` uploads it on the dose page (written with pydicom)."""
    from seldinger.dose import files, services, synthetic
    from seldinger.dose.models import DoseStudy

    content = synthetic.to_bytes(synthetic.build(synthetic.Study(staff=(staff,))))
    (result,) = services.import_reports(
        [files.ReportFile("report.dcm", content)],
        destination=services.destination_for(uploader),
        source=DoseStudy.Source.UPLOAD,
        actor=uploader,
    )
    assert result.study is not None, result.reason
    return result.study


def make_dose_draft(world: Scene) -> Model:
    """The trainee's own upload: a draft case for them to confirm."""
    return _dose_report(world, uploader=world.owner, staff="OWNER^DRAFT")


def make_dose_inbox_report(world: Scene) -> Model:
    """The program's coordinator's upload that no name on any list matched: in the inbox."""
    return _dose_report(world, uploader=world.user("coordinator"), staff="NOBODY^KNOWN")


def make_case_log_mark(world: Scene) -> Model:
    """The "entered in the ACGME Case Log" mark on one of the owner's verified cases."""
    from permission_matrix_rows import make_case
    from seldinger.acgme.services import mark_entered
    from seldinger.caselog.services import verify_cases

    case: Any = make_case(world)
    verify_cases(faculty=world.user("faculty"), case_ids=[case.pk])
    case.refresh_from_db()
    return mark_entered(actor=world.owner, case=case)


def _call_shift(resident: str, day: int) -> dict[str, str]:
    start, end = f"2026-04-{day:02d}T17:00", f"2026-04-{day + 1:02d}T07:00"
    return {"resident": resident, "start": start, "end": end, "kind": "call", "name": "night"}


def make_schedule_version(world: Scene) -> Model:
    """The program's published schedule: a night's call each for the owner and a classmate."""
    from seldinger.scheduling.services import publish_schedule

    output = {
        "start": "2026-04-06",
        "status": "optimal",
        "shifts": [_call_shift("r01", 6), _call_shift("r02", 8)],
    }
    names = {"r01": world.owner.username, "r02": world.user("classmate").username}
    return publish_schedule(world.program, output, world.user("director"), residents=names)


def make_swap_request(world: Scene) -> Model:
    """The owner offers their night for the classmate's."""
    from seldinger.scheduling.services import request_swap

    version: Any = make_schedule_version(world)
    give = version.shifts.get(resident=world.owner)
    take = version.shifts.get(resident=world.user("classmate"))
    return request_swap(world.owner, give, take)


def make_suite_name(world: Scene) -> Model:
    from seldinger.dose.services import add_suite_name

    return add_suite_name(trainee=world.owner, name="Owner, Suite")


# What is sent ---------------------------------------------------------------------------------

RESEARCH = {
    "title": "Access sites",
    "role": "co-investigator",
    "start_date": "2025-09-01",
    "status": "active",
}
QI = {
    "title": "Fewer line infections",
    "aim": "Halve them",
    "start_date": "2025-09-01",
    "status": "active",
}
CONFERENCE = {"title": "SIR 2025", "start_date": "2025-03-01", "end_date": "2025-03-05"}
NOTE = {"date": "2026-01-06", "notes": "Met again."}
REQUIREMENT = {"name": "Embolisations", "category_key": "", "roles": ["primary"], "minimum": 30}
DOWN = {"direction": "down"}
CONFIRM = {"procedure": "angiography-lower-extremity", "role": "primary", "supervisor": "faculty"}
TO_THE_OWNER = {"trainee": "{owner.pk}"}


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


PROGRAM_LIST_WEB = "/applications/programs/{obj.program.acgme_id}/{obj.track}/"
PROGRAM_LIST_API = "/api/applications/programs/{obj.program.acgme_id}/{obj.track}/rank-list"

ROWS: tuple[Row, ...] = (
    scholarly("research", RESEARCH, {**RESEARCH, "title": "Access sites, again"}),
    scholarly("qi", QI, {**QI, "title": "Fewer line infections, again"}),
    scholarly("conferences", CONFERENCE, {**CONFERENCE, "title": "SIR 2025, again"}),
    Row(
        "mentorship",
        "mentorship",
        make_mentorship,
        web={CHANGE: post("/scholarship/mentors/{pk}/end/")},
        api={CHANGE: post("/api/scholarship/mentorships/{pk}/end")},
    ),
    Row(
        "meeting note",
        "meeting note",
        make_meeting_note,
        web={
            CHANGE: post("/scholarship/notes/{pk}/", NOTE),
            DELETE: post("/scholarship/notes/{pk}/delete/"),
        },
        api={
            READ: get("/api/scholarship/notes/{pk}"),
            CHANGE: put("/api/scholarship/notes/{pk}", NOTE),
            DELETE: delete("/api/scholarship/notes/{pk}"),
        },
    ),
    Row(
        "evaluator assignment",
        "evaluator assignment",
        make_assignment,
        web={DELETE: post("/milestones/assignments/{pk}/remove/")},
        api={DELETE: delete("/api/milestones/assignments/{pk}")},
    ),
    Row(
        "draft evaluation",
        "draft evaluation",
        make_evaluation(submit=False),
        web={READ: get("/milestones/evaluations/{pk}/")},
        api={
            READ: get("/api/milestones/evaluations/{pk}"),
            CHANGE: put("/api/milestones/evaluations/{pk}", {"ratings": {"pc1": 3}}),
        },
    ),
    Row(
        "submitted evaluation",
        "submitted evaluation",
        make_evaluation(submit=True),
        web={READ: get("/milestones/evaluations/{pk}/")},
        api={READ: get("/api/milestones/evaluations/{pk}")},
    ),
    Row(
        "self-assessment",
        "self-assessment",
        make_self_assessment,
        web={READ: get("/milestones/self-assessments/{pk}/")},
        api={READ: get("/api/milestones/self-assessments/{pk}")},
    ),
    Row(
        "case requirement",
        "program's director",
        make_requirement,
        owner_role=Role.DIRECTOR,
        owner_leads=True,
        web={
            READ: get("/cases/requirements/{pk}/edit/"),
            CHANGE: post("/cases/requirements/{pk}/edit/", REQUIREMENT),
            DELETE: post("/cases/requirements/{pk}/delete/"),
        },
    ),
    Row(
        "invitation",
        "program's leaders",
        make_invitation,
        owner_role=Role.DIRECTOR,
        owner_leads=True,
        web={CHANGE: post("/accounts/programs/{obj.program_id}/invitations/{pk}/revoke/")},
        api={CHANGE: post("/api/accounts/programs/{obj.program_id}/invitations/{pk}/revoke")},
    ),
    Row(
        "program rank list",
        "program's leaders",
        make_program_list,
        owner_role=Role.DIRECTOR,
        owner_leads=True,
        web={READ: get(PROGRAM_LIST_WEB), CHANGE: post(PROGRAM_LIST_WEB + "certify/")},
        api={READ: get(PROGRAM_LIST_API), CHANGE: post(PROGRAM_LIST_API + "/certify")},
    ),
    Row(
        "program rank entry",
        "program's leaders",
        make_program_entry,
        owner_role=Role.DIRECTOR,
        owner_leads=True,
        web={
            CHANGE: post("/applications/programs/entries/{pk}/move/", DOWN),
            DELETE: post("/applications/programs/entries/{pk}/remove/"),
        },
    ),
    Row(
        "rank list entry",
        "own",
        make_rank_entry,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={
            CHANGE: post("/applications/rank-list/{pk}/move/", DOWN),
            DELETE: post("/applications/rank-list/{pk}/remove/"),
        },
    ),
    Row(
        "supplemental entry",
        "own",
        make_supplemental_entry,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={DELETE: post("/applications/rank-list/supplemental/{pk}/remove/")},
    ),
    Row(
        "couple",
        "own",
        make_couple,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={DELETE: post("/applications/couple/{pk}/leave/")},
        api={DELETE: delete("/api/applications/couple/{pk}")},
    ),
    Row(
        "couple's pair",
        "own",
        make_pair,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={
            CHANGE: post("/applications/couple/pairs/{pk}/move/", DOWN),
            DELETE: post("/applications/couple/pairs/{pk}/remove/"),
        },
    ),
    Row(
        "match round",
        "match round",
        make_match_round,
        owner_role=Role.STUDENT,
        owner_trains=False,
        web={READ: get("/match/rounds/{pk}/")},
        api={READ: get("/api/match/rounds/{pk}")},
    ),
    Row(
        "dose draft",
        "trainee record",
        make_dose_draft,
        web={CHANGE: post("/dose/{pk}/confirm/", CONFIRM)},
    ),
    Row(
        "dose inbox report",
        "program's inbox",
        make_dose_inbox_report,
        web={CHANGE: post("/dose/{pk}/assign/", TO_THE_OWNER)},
    ),
    Row(
        "ACGME Case Log mark",
        "training record",
        make_case_log_mark,
        web={
            READ: get("/acgme/case-log/{obj.case.trainee_id}/?show=entered"),
            DELETE: post("/acgme/cases/{obj.case_id}/not-entered/"),
        },
    ),
    Row(
        "published schedule",
        "program's schedule",
        make_schedule_version,
        web={READ: get("/schedule/{obj.program_id}/?version={obj.number}")},
    ),
    Row(
        "swap request",
        "swap request",
        make_swap_request,
        web={CHANGE: post("/schedule/{obj.version.program_id}/swaps/{pk}/decide/", DECLINE)},
    ),
    Row(
        "suite name",
        "own",
        make_suite_name,
        web={DELETE: post("/dose/names/{pk}/delete/")},
    ),
    Row(
        "calendar feed",
        "by its secret",
        make_calendar_feed,
        owner_role=Role.DIPLOMATE,
        owner_trains=False,
        web={READ: get("/credentials/feed/{obj.token}.ics")},
    ),
)


def make_passkey(world: Scene) -> Model:
    """A passkey, as the browser's ceremony leaves it (tests/browser runs the ceremony)."""
    from django_otp_webauthn.models import WebAuthnCredential

    username = world.owner.username
    return WebAuthnCredential.objects.create(
        user=world.owner,
        name=f"{username}'s key",
        confirmed=True,
        credential_id=username.encode(),
        credential_id_sha256=username[:64].ljust(64, "0"),
        public_key=b"not used here",
    )


#: A second factor: the owner holds a passkey, so their session has passed its second step.
SECOND_FACTOR_ROWS: tuple[Row, ...] = (
    Row(
        "passkey",
        "own",
        make_passkey,
        second_factor=True,
        web={DELETE: post("/accounts/security/passkeys/{pk}/remove/")},
    ),
)

ROWS = ROWS + SECOND_FACTOR_ROWS
