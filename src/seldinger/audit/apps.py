from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seldinger.audit"
    verbose_name = "Audit trail"
