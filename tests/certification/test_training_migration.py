"""The migration that moves a trainee's pathway and stage from the certification
profile to their one training record keeps what they had entered."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("certification", "0001_initial"), ("pathways", "0002_training_record")]
AFTER = [("certification", "0002_training_moves_to_the_training_record")]


@pytest.mark.django_db(transaction=True)
def test_profiles_with_training_become_training_records():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    users = old.get_model("accounts", "User")
    profiles = old.get_model("certification", "DiplomateProfile")
    trainee = users.objects.create(username="trainee")
    diplomate = users.objects.create(username="diplomate")
    profiles.objects.create(
        user=trainee, pathway="integrated-ir", stage="pgy3", stage_start=dt.date(2025, 7, 1)
    )
    profiles.objects.create(user=diplomate, certificate="IR/DR")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    records = new.get_model("pathways", "TrainingRecord")
    moved = records.objects.get()
    assert (moved.user_id, moved.pathway, moved.stage, moved.stage_start) == (
        trainee.pk,
        "integrated-ir",
        "pgy3",
        dt.date(2025, 7, 1),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
