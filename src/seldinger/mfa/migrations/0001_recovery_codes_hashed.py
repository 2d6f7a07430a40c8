"""Recovery codes made before they were kept as digests: replace each by its digest, so
that the codes people hold keep working and none stays readable in the database."""

from typing import Any

from django.db import migrations


def hash_plain_codes(apps: Any, schema_editor: Any) -> None:
    from seldinger.mfa import recovery_codes

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all().iterator():
        if not recovery_codes.is_digest(token.token):
            token.token = recovery_codes.digest(token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("otp_static", "0003_add_timestamps")]

    # Not undone: a digest cannot be turned back into its code (make new codes instead).
    operations = [migrations.RunPython(hash_plain_codes, migrations.RunPython.noop)]
