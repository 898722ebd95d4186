from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.roles import can_publish
from tests import factories

pytestmark = pytest.mark.django_db


def test_granting_the_editor_role_lets_a_user_sign_in_and_publish():
    user = factories.UserFactory(username="amina")
    out = StringIO()

    call_command("grant_role", "amina", "editor", stdout=out)

    user.refresh_from_db()
    assert user.is_staff
    assert [group.name for group in user.groups.all()] == ["Editors"]
    assert can_publish(user)
    assert "amina is now in Editors" in out.getvalue()


def test_a_fact_checker_cannot_publish():
    user = factories.UserFactory(username="timur")

    call_command("grant_role", "timur", "fact-checker", stdout=StringIO())

    user.refresh_from_db()
    assert user.is_staff
    assert [group.name for group in user.groups.all()] == ["Fact-checkers"]
    assert not can_publish(user)


def test_an_unknown_user_is_refused_with_how_to_create_one():
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("grant_role", "nobody", "editor")


def test_an_unknown_role_is_refused():
    factories.UserFactory(username="amina")

    with pytest.raises(CommandError, match="invalid choice"):
        call_command("grant_role", "amina", "publisher")
