"""Thin views of the second factor: the security page (enrol, remove, recovery codes, turn
off) and the second step after a password login. (mfa stands below ``web``, so it uses
Django's own decorators, as the accounts pages do.)"""

import base64
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seldinger.accounts import services as accounts_services
from seldinger.accounts.requests import AuthedRequest
from seldinger.mfa import selectors, services
from seldinger.mfa.forms import AuthenticatorCodeForm, CodeForm, SecondStepForm
from seldinger.mfa.qr import qr_svg
from seldinger.mfa.session import how_passed, mark_second_factor, passed_second_factor


def _asked_for(request: HttpRequest) -> str:
    """The page the person was on the way to, if it is on this site; else ""."""
    asked = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return asked if safe else ""


def _next_url(request: HttpRequest) -> str:
    """Where to go after the step: the page asked for, or the person's home."""
    return _asked_for(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked(
    request: HttpRequest, form: CodeForm, template: str, context: dict[str, object]
) -> HttpResponse | None:
    """The page refused with 429 while wrong codes are locked out; None when allowed."""
    locked_for = services.code_locked_for(request, request.user)  # type: ignore[arg-type]
    if not locked_for:
        return None
    form.add_error(None, accounts_services.lockout_message(locked_for))
    response = render(request, template, {**context, "form": form}, status=429)
    response["Retry-After"] = str(locked_for)
    return response


# How a session passed its step, in words.
_WAYS = {
    "totp": "a code from the app",
    "recovery-code": "a recovery code",
    "passkey": "a passkey",
    "enrolment": "a second factor set up in it",
    "identity-provider": "your organisation's login",
}


def _passed(request: HttpRequest) -> dict[str, object] | None:
    passed = how_passed(request)
    if passed is None:
        return None
    return {
        "how": _WAYS.get(passed["how"], passed["how"]),
        "at": dt.datetime.fromisoformat(passed["at"]),
    }


@never_cache
@login_required
@require_GET
def security(request: AuthedRequest) -> HttpResponse:
    user = request.user
    factors = selectors.second_factors_of(user)
    context = {
        "factors": factors,
        "must_enrol": selectors.must_enrol(user),
        "passed": _passed(request),
        "off_form": CodeForm(),
        "next": _asked_for(request),
    }
    return render(request, "mfa/security.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def authenticator(request: AuthedRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm a code."""
    user = request.user
    device = services.authenticator_to_confirm(user)
    form = AuthenticatorCodeForm(request.POST or None)
    key = base64.b32encode(bytes.fromhex(device.key)).decode()
    context = {
        "qr": mark_safe(qr_svg(device.config_url, label="QR code for your authenticator app")),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "replacing": selectors.authenticator_of(user) is not None,
    }
    if request.method == "POST":
        if (locked := _locked(request, form, "mfa/authenticator.html", context)) is not None:
            return locked
        if form.is_valid() and services.confirm_authenticator(
            user=user, device=device, code=form.cleaned_data["code"]
        ):
            services.clear_wrong_codes(request, user)
            if not passed_second_factor(request):
                mark_second_factor(request, how="enrolment", device=device)
            messages.success(request, "Your authenticator app is on: log-ins now ask for its code.")
            if selectors.recovery_codes_left(user) == 0:
                codes = services.new_recovery_codes(user)
                return _show_recovery_codes(request, codes, then=_asked_for(request))
            return redirect(_asked_for(request) or "mfa:security")
        if form.is_valid():
            services.note_wrong_code(request, user)
            form.add_error("code", "That code is not right: type the six digits the app shows now.")
        return render(request, "mfa/authenticator.html", {**context, "form": form}, status=400)
    return render(request, "mfa/authenticator.html", {**context, "form": form})


def _show_recovery_codes(request: HttpRequest, codes: list[str], *, then: str = "") -> HttpResponse:
    """The codes, shown this once; ``then``: the page to go on to (else the security page)."""
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    return render(request, "mfa/recovery_codes.html", {"codes": shown, "then": then})


@never_cache
@login_required
@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """A new set of recovery codes, shown this once; the earlier ones stop working."""
    if not selectors.has_second_factor(request.user):
        messages.error(request, "Set up an authenticator app or a passkey first.")
        return redirect("mfa:security")
    return _show_recovery_codes(request, services.new_recovery_codes(request.user))


def _last_factor_required(request: AuthedRequest) -> bool:
    """Whether the user must keep a second factor and is about to lose their last."""
    if not selectors.must_enrol(request.user):
        return False
    messages.error(
        request,
        "Your role must use a second factor: add another before removing this one.",
    )
    return True


@login_required
@require_POST
def passkey_remove(request: AuthedRequest, passkey_id: int) -> HttpResponse:
    user = request.user
    passkey = selectors.passkey_of(user, passkey_id)
    factors = selectors.second_factors_of(user)
    if (
        factors.authenticator is None
        and len(factors.passkeys) == 1
        and _last_factor_required(request)
    ):
        return redirect("mfa:security")
    services.remove_passkey(user=user, passkey=passkey)
    messages.success(request, f"Passkey “{passkey.name}” removed.")
    return redirect("mfa:security")


@login_required
@require_POST
def turn_off(request: AuthedRequest) -> HttpResponse:
    """Remove every second factor, with a current code to prove it is the owner asking."""
    user = request.user
    if _last_factor_required(request):
        return redirect("mfa:security")
    form = CodeForm(request.POST)
    context = {
        "factors": selectors.second_factors_of(user),
        "must_enrol": False,
        "passed": _passed(request),
    }
    if (
        locked := _locked(request, form, "mfa/security.html", {**context, "off_form": form})
    ) is not None:
        return locked
    if form.is_valid() and services.check_code(user, form.cleaned_data["code"]) is not None:
        services.clear_wrong_codes(request, user)
        services.turn_off(user=user)
        messages.success(request, "Second factor turned off: log-ins ask only for your password.")
        return redirect("mfa:security")
    if form.is_valid():
        services.note_wrong_code(request, user)
        form.add_error("code", "That code is not right: type a current code or a recovery code.")
    return render(request, "mfa/security.html", {**context, "off_form": form}, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_step(request: AuthedRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, a recovery code, or a passkey."""
    user = request.user
    if passed_second_factor(request) or not selectors.has_second_factor(user):
        return redirect(_next_url(request))
    form = SecondStepForm(request.POST or None)
    context = {
        "has_authenticator": selectors.authenticator_of(user) is not None,
        "has_passkeys": bool(selectors.passkeys_of(user)),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    if request.method == "POST":
        if (locked := _locked(request, form, "mfa/second_step.html", context)) is not None:
            return locked
        passed = form.is_valid() and services.check_code(user, form.cleaned_data["code"])
        if passed:
            how, device = passed
            services.clear_wrong_codes(request, user)
            mark_second_factor(request, how=how, device=device)
            if how == "recovery-code":
                left = selectors.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code: {left} left. Make new ones on your security page "
                    "if you are running out, or if your phone is lost.",
                )
            return redirect(_next_url(request))
        if form.is_valid():
            services.note_wrong_code(request, user)
            form.add_error("code", "That code is not right: try the code the app shows now.")
        return render(request, "mfa/second_step.html", {**context, "form": form}, status=400)
    return render(request, "mfa/second_step.html", {**context, "form": form})
