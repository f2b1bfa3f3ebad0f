"""Logging in and out: the login form, lockout after repeated failures, session expiry, language."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

PASSWORD = "correct-horse-9"  # tests/factories.py's UserFactory


def login(client, username: str, password: str, **extra: str):
    return client.post("/login/", {"username": username, "password": password, **extra})


def is_logged_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200 and response.context["user"].is_authenticated


def test_the_login_page_is_a_chinese_page_with_the_login_form(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert response["Content-Language"] == "zh-hans"
    assert 'method="post"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'name="username"' in page and 'name="password"' in page
    assert 'type="password"' in page
    assert '<button type="submit">' in page
    assert "/units/" not in page  # no menu before logging in


def test_a_chinese_browser_gets_the_chinese_page(client, db):
    page = client.get("/login/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in page


def test_a_correct_password_logs_in_and_goes_home(client, users):
    response = login(client, "liaison", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_logged_in(client)
    assert client.get("/").context["user"] == users["liaison"]


def test_login_returns_to_the_page_asked_for(client, users):
    assert client.get("/units/")["Location"] == "/login/?next=/units/"
    response = login(client, "liaison", PASSWORD, next="/units/")
    assert response["Location"] == "/units/"


def test_login_does_not_redirect_to_another_site(client, users):
    response = login(client, "liaison", PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


def test_a_wrong_password_shows_the_form_again_with_an_error(client, users):
    response = login(client, "liaison", "wrong-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'value="liaison"' in page  # the username is kept
    assert not is_logged_in(client)


def test_an_inactive_user_cannot_log_in(client, users):
    users["liaison"].is_active = False
    users["liaison"].save()
    assert login(client, "liaison", PASSWORD).status_code == 200
    assert not is_logged_in(client)


def test_logging_out_ends_the_session(client, users):
    login(client, "liaison", PASSWORD)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not is_logged_in(client)


# --- lockout (django-axes) --------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account(client, users):
    for _attempt in range(4):
        response = login(client, "liaison", "wrong-password")
        assert response.status_code == 200
        assert "accounts/login.html" in [t.name for t in response.templates]
    fifth = login(client, "liaison", "wrong-password")
    assert fifth.status_code == 429  # axes' AXES_HTTP_RESPONSE_CODE
    assert "accounts/locked_out.html" in [t.name for t in fifth.templates]

    sixth = login(client, "liaison", PASSWORD)
    assert sixth.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in sixth.templates]
    assert '<html lang="zh-hans">' in sixth.content.decode()
    assert 'role="alert"' in sixth.content.decode()
    assert not is_logged_in(client)


def test_four_wrong_passwords_do_not_lock_and_success_resets_the_count(client, users):
    for _attempt in range(4):
        login(client, "liaison", "wrong-password")
    assert login(client, "liaison", PASSWORD).status_code == 302
    client.post("/logout/")
    for _attempt in range(4):
        assert login(client, "liaison", "wrong-password").status_code == 200
    assert login(client, "liaison", PASSWORD).status_code == 302


def test_a_locked_account_does_not_lock_out_others(client, users):
    for _attempt in range(5):
        login(client, "liaison", "wrong-password")
    assert login(client, "street", PASSWORD).status_code == 302
    assert client.get("/").context["user"] == users["street"]


def test_the_lock_lifts_after_the_cool_off(client, users):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(5):
            login(client, "liaison", "wrong-password")
        assert login(client, "liaison", PASSWORD).status_code == 429
    later = start + django_settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert login(client, "liaison", PASSWORD).status_code == 302


# --- sessions -----------------------------------------------------------------------------------


def test_sessions_have_a_bounded_sliding_age(settings):
    assert 0 < settings.SESSION_COOKIE_AGE < 14 * 24 * 3600  # shorter than Django's two weeks
    assert 0 < settings.SESSION_REFRESH_SECONDS < settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_reading_a_page_soon_after_another_writes_nothing(client, users):
    """On SQLite a write waits for an import's lock; a page that only reads must not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert login(client, "liaison", PASSWORD).status_code == 302
    client.get("/units/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/units/").status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_session_older_than_the_age_no_longer_authenticates(client, users, settings):
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert login(client, "liaison", PASSWORD).status_code == 302
    with time_machine.travel(start + age - timedelta(minutes=5), tick=False):
        assert is_logged_in(client)
    with time_machine.travel(start + age + timedelta(minutes=1), tick=False):
        # still active five minutes ago: every request renews the session
        assert is_logged_in(client)
    with time_machine.travel(start + 2 * age + timedelta(minutes=1), tick=False):
        response = client.get("/units/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("hours_idle", [1, 11])
def test_a_session_idle_less_than_the_age_still_authenticates(hours_idle, client, users, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "liaison", PASSWORD)
    idle = min(timedelta(hours=hours_idle), timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    with time_machine.travel(start + idle, tick=False):
        assert is_logged_in(client)


# --- language ----------------------------------------------------------------------------------


def test_english_is_available(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert '<html lang="en">' in page


def test_the_language_switch_is_on_every_page(client, users):
    client.force_login(users["liaison"])
    page = client.get("/units/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert 'value="en"' in page and 'value="zh-hans"' in page
    # each language is offered in its own name, so a reader of the other one can find it
    assert ">English</button>" in page and ">简体中文</button>" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert '<html lang="en">' in client.get("/units/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/units/"})
    assert '<html lang="zh-hans">' in client.get("/units/").content.decode()


def test_a_too_short_new_password_is_explained_in_chinese(client, users):
    client.force_login(users["liaison"])
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "ab1!", "new_password2": "ab1!"},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "至少需要 10 个字符" in errors
