"""Thin account views: Django's auth views, with the login rate limited, and the pages of
one's personal API tokens. (The accounts pages stand below ``web``, so they use Django's own
decorators rather than ``web.routes`` and ``web.pages``.)"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from seldinger.accounts import selectors, services, sign_out
from seldinger.accounts.forms import ApiTokenForm
from seldinger.accounts.requests import AuthedRequest


class LoginView(auth_views.LoginView):
    """Django's login, refused with HTTP 429 after too many failures (see ``services``)."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The hospital's sign-in buttons, only for a configured protocol (seldinger.sso).
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["sso_oidc"] = settings.SSO_OIDC is not None
        context["sso_saml"] = settings.SSO_SAML is not None
        return context

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
    """Log out (POST only, as in Django 5); after a hospital login, go on to end the identity
    provider's session too (``sign_out``)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        hospital = sign_out.pending(request)
        response: HttpResponse = super().post(request, *args, **kwargs)
        if hospital is None:
            return response
        return redirect(sign_out.hand_over(request, hospital))


# Not "registration/password_change_*.html": django.contrib.admin ships templates
# with those names and comes first in INSTALLED_APPS, so its pages would be shown.
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail. The answer is the same whether or not the address has an
    account, and whether or not it was sent: an address gets at most
    ``PASSWORD_RESET_LIMIT`` e-mails an hour, a client ``PASSWORD_RESET_ADDRESS_LIMIT``
    requests (``services.password_reset_allowed``)."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"], address=services.client_address(self.request)
        )
        if not allowed:
            # Not a word of it to the asker: the page reads as if the e-mail went out.
            return redirect(self.success_url)
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timeout_hours"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_GET
def api_tokens(request: AuthedRequest) -> HttpResponse:
    context = {"tokens": selectors.tokens_of(request.user), "now": timezone.now()}
    return render(request, "accounts/api_tokens.html", context)


# The page that shows a new token is never cached: the token is shown this once.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_new(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, shown = services.create_token(owner=request.user, **form.cleaned_data)
        context = {"token": token, "shown": shown}
        return render(request, "accounts/api_token_created.html", context, status=201)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/api_token_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.token_of(request.user, token_id)
    if request.method == "POST":
        services.revoke_token(actor=request.user, token=token)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
