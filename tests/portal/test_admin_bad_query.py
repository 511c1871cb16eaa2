"""Odd values in the admin's own query strings and addresses are a 400, not a 500. Wagtail's views read
them with int() unchecked (`?id=x` on every chooser's chosen-multiple and the admin API's find); the
portal answers those errors with "Bad request" for staff, and logs them (portal.middleware.AdminBadInput)."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db

ODD = [
    "/admin/choose-page/chosen-multiple/?id=x",
    "/admin/documents/chooser/chosen-multiple/?id=%C2%B2",
    "/admin/images/chooser/chosen-multiple/?id=1.5",
    "/admin/snippets/choose/cms/nation/chosen-multiple/?id=x",
    "/admin/api/main/pages/find/?id=x",
]


@pytest.mark.parametrize("url", ODD)
def test_an_odd_value_in_the_admin_is_a_bad_request_not_a_server_error(
    client, home_page, moderator_user, url, caplog
):
    mfa_login(client, moderator_user)
    with caplog.at_level(logging.WARNING, logger="portal.middleware"):
        response = client.get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert any("ValueError" in record.getMessage() for record in caplog.records)


def test_the_same_address_with_good_values_still_works(client, home_page, moderator_user):
    mfa_login(client, moderator_user)
    assert client.get(f"/admin/choose-page/chosen-multiple/?id={home_page.pk}").status_code == 200


def test_outside_the_admin_an_error_is_still_an_error(client, home_page, settings):
    # Only the admin's GETs are answered this way: a ValueError anywhere else is a bug to see.
    from portal.middleware import AdminBadInputMiddleware

    request = type("R", (), {"method": "GET", "path": "/my-plan/"})()
    assert AdminBadInputMiddleware(lambda r: None).process_exception(request, ValueError("x")) is None
