"""Thin account views: Django's auth views, with the login rate limited."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from seldinger.accounts import services


class LoginView(auth_views.LoginView):
    """Django's login, refused with HTTP 429 after too many failures (see ``services``)."""

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        address = services.client_address(request)
        locked_for = services.login_locked_for(username=username, address=address)
        if locked_for:
            # The password is not even checked while locked out.
            context = self.get_context_data(
                form=self.form_class(request, initial={"username": username}),
                lockout_message=services.lockout_message(locked_for),
            )
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(locked_for)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        services.clear_login_failures(
            username=self.request.POST.get("username", ""),
            address=services.client_address(self.request),
        )
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        services.record_login_failure(
            username=self.request.POST.get("username", ""),
            address=services.client_address(self.request),
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Log out (POST only, as in Django 5)."""


# Not "registration/password_change_*.html": django.contrib.admin ships templates
# with those names and comes first in INSTALLED_APPS, so its pages would be shown.
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
