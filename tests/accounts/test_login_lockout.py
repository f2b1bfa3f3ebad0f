"""Before the lockout the login page warns; the lockout page says for how long; one address
guessing across many user names is stopped too (django-axes, baolian.accounts.lockout)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

PASSWORD = "correct-horse-9"  # tests/factories.py's UserFactory


def login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_wrong_password_says_how_many_tries_are_left(client, users):
    page = login(client, "liaison", "wrong").content.decode()
    assert "还可尝试 4 次" in page
    page = login(client, "liaison", "wrong").content.decode()
    assert "还可尝试 3 次" in page


def test_the_warning_counts_per_name(client, users):
    login(client, "liaison", "wrong")
    login(client, "liaison", "wrong")
    assert "还可尝试 4 次" in login(client, "street", "wrong").content.decode()


def test_the_first_visit_to_the_login_page_warns_of_nothing(client, db):
    assert "还可尝试" not in client.get("/login/").content.decode()


def test_the_lockout_page_says_for_how_long_and_links_back(client, users, settings):
    for _attempt in range(4):
        login(client, "liaison", "wrong")
    locked = login(client, "liaison", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} 分钟后再试" in page
    assert 'href="/login/"' in page


@pytest.fixture
def many_names(db):
    return [UserFactory(username=f"guess{i}") for i in range(25)]


def test_one_address_guessing_across_names_is_stopped(client, users, many_names, settings):
    limit = settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT
    # one wrong password for each of many names: no name reaches its own limit
    statuses = [login(client, user.username, "wrong").status_code for user in many_names[:limit]]
    assert statuses[:-1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    # from that address even a right password for another name is refused now
    assert login(client, "street", PASSWORD).status_code == 429


def test_another_address_is_not_stopped_by_the_guessing_one(client, users, many_names, settings):
    for user in many_names[: settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT]:
        login(client, user.username, "wrong")
    assert login(client, "street", PASSWORD, address="10.0.0.2").status_code == 302


def test_an_office_sharing_an_address_is_not_stopped_by_a_few_typos(client, users, many_names):
    for user in many_names[:10]:
        login(client, user.username, "wrong")
    assert login(client, "street", PASSWORD).status_code == 302


def test_the_warning_counts_the_address_when_it_has_fewer_tries_left(
    client, users, many_names, settings
):
    limit = settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT
    for user in many_names[: limit - 3]:
        login(client, user.username, "wrong")
    # "street" has not failed yet, but the address has 3 tries left, then 2 after this one
    assert "还可尝试 2 次" in login(client, "street", "wrong").content.decode()


def test_a_good_password_does_not_clear_the_addresss_other_failures(
    client, users, many_names, settings
):
    limit = settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT
    for user in many_names[: limit - 1]:
        login(client, user.username, "wrong")
    assert login(client, "street", PASSWORD).status_code == 302  # one account the guesser holds
    client.post("/logout/")
    assert login(client, many_names[-1].username, "wrong").status_code == 429


def test_behind_a_proxy_each_client_address_counts_apart(client, users, many_names, settings):
    settings.BEHIND_PROXY = True
    limit = settings.BAOLIAN_LOGIN_ADDRESS_FAILURE_LIMIT

    def via_proxy(username, password, client_address, claimed=""):
        forwarded = f"{claimed}, {client_address}" if claimed else client_address
        return client.post(
            "/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="10.9.9.9",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for user in many_names[:limit]:
        # a guesser writing a different address in front each time gains nothing
        via_proxy(user.username, "wrong", "203.0.113.7", claimed=f"198.51.100.{user.pk}")
    assert via_proxy("street", PASSWORD, "203.0.113.7").status_code == 429
    # another person behind the same proxy is not locked out
    assert via_proxy("street", PASSWORD, "203.0.113.8").status_code == 302
