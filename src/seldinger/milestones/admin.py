from django.contrib import admin

from seldinger.milestones.models import (
    Evaluation,
    EvaluationPeriod,
    EvaluatorAssignment,
    SelfAssessment,
)


@admin.register(EvaluationPeriod)
class EvaluationPeriodAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "academic_year", "half")


@admin.register(EvaluatorAssignment)
class EvaluatorAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "evaluator", "program", "created_at")
    list_filter = ("program",)
    search_fields = ("resident__username", "evaluator__username")


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "period", "kind", "evaluator", "status", "submitted_at")
    list_filter = ("kind", "status", "program")
    search_fields = ("resident__username", "evaluator__username")
    readonly_fields = ("created_at", "updated_at")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("resident", "period", "status", "submitted_at")
    list_filter = ("status",)
    search_fields = ("resident__username",)
    readonly_fields = ("created_at", "updated_at")
