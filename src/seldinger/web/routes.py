"""A page's address is declared above its view, as the API's routers declare theirs.

A views module makes one ``routes = Routes()`` and marks each view
``@routes.page("jobs/<int:pk>/", name="job_detail")``; its app's ``urls.py`` hands
``routes.urlpatterns`` to the project. ``@routes.page`` goes outermost, above
``login_required`` and the like, so the address serves the view as wrapped. Django tries
the addresses in the order the views are declared in the module.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.urls import URLPattern, path

View = TypeVar("View", bound=Callable[..., Any])


class Routes:
    """One views module's pages, in the order they are declared."""

    def __init__(self) -> None:
        self.urlpatterns: list[URLPattern] = []

    def page(
        self, route: str, *, name: str, kwargs: Mapping[str, object] | None = None
    ) -> Callable[[View], View]:
        """Serve the view below at ``route`` under ``name``; ``kwargs`` are passed to it."""

        def declare(view: View) -> View:
            self.urlpatterns.append(path(route, view, dict(kwargs or {}), name=name))
            return view

        return declare
