"""A page's address is declared above its view, as the API's routers declare theirs.

A views module makes one ``routes = Routes()`` and marks each view
``@routes.page("jobs/<int:pk>/", name="job_detail")``; its app's ``urls.py`` hands
``routes.urlpatterns`` to the project. Every page is behind a login unless it is declared
``public=True``, so a page nobody thought about is never open to anyone. ``@routes.page``
goes outermost, above ``require_POST`` and the like. Django tries the addresses in the
order the views are declared in the module.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, path

View = TypeVar("View", bound=Callable[..., Any])


class Routes:
    """One views module's pages, in the order they are declared."""

    def __init__(self) -> None:
        self.urlpatterns: list[URLPattern] = []

    def page(
        self,
        route: str,
        *,
        name: str,
        kwargs: Mapping[str, object] | None = None,
        public: bool = False,
    ) -> Callable[[View], View]:
        """Serve the view below at ``route`` under ``name``, behind a login unless
        ``public``; ``kwargs`` are passed to the view."""

        def declare(view: View) -> View:
            served = view if public else login_required(view)
            self.urlpatterns.append(path(route, served, dict(kwargs or {}), name=name))
            # As the API's routers do, the function stays as written (so one view may
            # stand at several addresses); the address serves it behind the login.
            return view

        return declare
