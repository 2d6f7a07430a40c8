"""JSON API for the tracker and rank order lists (mounted at /api/applications/). Thin: the
same selectors and services as the pages, so the two never disagree. Anyone else's records
answer 404. One router per part: the tracker, applicants' and couples' lists, programs' lists.
"""

from ninja import Router

from seldinger.accounts.api_auth import logged_in
from seldinger.applications import api_programs, api_rank_lists, api_tracker

router = Router(tags=["applications"], auth=logged_in)
router.add_router("", api_tracker.router)
router.add_router("", api_rank_lists.router)
router.add_router("", api_programs.router)
