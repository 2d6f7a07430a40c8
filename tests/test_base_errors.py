"""The base error of services: its items per field and its HTTP status."""

from seldinger.errors import Conflict, ErrorItem, Forbidden, Invalid, NotFound, SeldingerError


def test_a_field_makes_one_item_with_the_message():
    error = Invalid("the last day is before the first day", field="end")
    assert error.items == (ErrorItem("end", "the last day is before the first day"),)
    assert (error.status, str(error)) == (400, "the last day is before the first day")


def test_a_mapping_of_fields_makes_one_item_each_in_order():
    error = Invalid("two problems", errors={"pmid": "not a number", "status": "unknown"})
    assert error.items == (
        ErrorItem("pmid", "not a number"),
        ErrorItem("status", "unknown"),
    )


def test_items_with_lines_are_kept_and_no_field_means_no_items():
    rows = [ErrorItem("role", "'lead' is not a role", line=4)]
    assert Invalid("Nothing imported", errors=rows).items == tuple(rows)
    assert Conflict("This case is verified and read-only.").items == ()


def test_each_kind_has_its_status_and_a_raise_may_say_another():
    statuses = [kind("x").status for kind in (Invalid, Forbidden, NotFound, Conflict)]
    assert statuses == [400, 403, 404, 409]
    assert Conflict("Only the supervisor can return it.", status=403).status == 403
    assert isinstance(Invalid("x"), ValueError) and isinstance(NotFound("x"), SeldingerError)
