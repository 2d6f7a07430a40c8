from seldinger.admin_pages import register
from seldinger.workhours.models import ShiftEntry, ViolationJustification

register(
    ShiftEntry,
    ("resident", "start", "end", "kind", "note"),
    filters=("kind",),
    search=("resident__username", "note"),
    date_hierarchy="start",
    raw_id_fields=("resident",),
)
register(
    ViolationJustification,
    ("resident", "rule", "period_start", "period_end", "created_at"),
    filters=("rule",),
    search=("resident__username", "text"),
    raw_id_fields=("resident",),
)
