"""The settings ``bench/load.py`` serves: Seldinger's own, plus the floor page's address.

The floor is the base layout with an empty body behind a login (session, user, navigation
and licence banner: what every page pays before its own work), as in ``bench/pages.py``.
"""

from seldinger.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
