"""A report's file name, the same in the request and in a job."""

from seldinger.reporting import Period


def filename(kind: str, fmt: str, period: Period) -> str:
    return f"{kind}-{period.slug}.{fmt}"
