from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        # Say how many tries are left before the lockout, so nobody is surprised by it.
        # django-axes counted this failure while the form authenticated.
        context = self.get_context_data(form=form)
        failures = getattr(self.request, "axes_failures_since_start", 0)
        if failures:
            context["tries_left"] = max(0, settings.AXES_FAILURE_LIMIT - failures)
        return self.render_to_response(context)
