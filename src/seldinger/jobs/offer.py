"""What a page offers before a background job: a GET never starts a job (a link from
another site must not set one going), so the page shows this offer, whose POST does."""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobOffer:
    heading: str
    reason: str
    button: str
    #: Where the offer posts: the same address and query, so the POST asks the same question.
    action: str
