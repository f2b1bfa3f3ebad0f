"""Pages of the API app: one's tokens (made, shown once, revoked) and the interactive docs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from baolian.api import selectors, services

DAY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is it for?"),
        max_length=100,
        help_text=_("e.g. the city's government app, the data platform"),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"), choices=DAY_CHOICES, coerce=int, initial=services.DEFAULT_DAYS
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    new = None
    form = TokenForm()
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            new = services.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "new": new, "tokens": selectors.token_list(user=request.user)},
        status=200 if form.is_bound is False or new else 400,
    )
    # The one page that ever shows a secret must not be kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.token_list(user=request.user), pk=pk)
    services.token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens")


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")
