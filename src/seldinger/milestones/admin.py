from seldinger.admin_pages import register
from seldinger.milestones.models import (
    Evaluation,
    EvaluationPeriod,
    EvaluatorAssignment,
    SelfAssessment,
)

register(EvaluationPeriod, ("__str__", "academic_year", "half"))
register(
    EvaluatorAssignment,
    ("resident", "evaluator", "program", "created_at"),
    filters=("program",),
    search=("resident__username", "evaluator__username"),
)
register(
    Evaluation,
    ("resident", "period", "kind", "evaluator", "status", "submitted_at"),
    filters=("kind", "status", "program"),
    search=("resident__username", "evaluator__username"),
    read_only=("created_at", "updated_at"),
)
register(
    SelfAssessment,
    ("resident", "period", "status", "submitted_at"),
    filters=("status",),
    search=("resident__username",),
    read_only=("created_at", "updated_at"),
)
