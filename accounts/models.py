"""Sign-in rules that hold whatever path changes an account.

A password change revokes every API token of the user: a database trigger on the user
table deletes them in the same transaction, whether the password is changed in the admin,
with ``manage.py changepassword``, through ``set_password`` or in SQL. (Browser sessions
end too: Django ties each session to the password hash.)
"""

import pgtrigger
from django.contrib.auth.models import User
from knox.models import AuthToken


def revoke_tokens_on_password_change() -> pgtrigger.Trigger:
    tokens = AuthToken._meta
    user_column = tokens.get_field("user").column
    return pgtrigger.Trigger(
        name="revoke_tokens_on_password_change",
        when=pgtrigger.After,
        operation=pgtrigger.UpdateOf("password"),
        condition=pgtrigger.Condition("OLD.password IS DISTINCT FROM NEW.password"),
        func=f'DELETE FROM "{tokens.db_table}" WHERE "{user_column}" = NEW.id; RETURN NULL;',
    )


class Account(User):
    """The user table as this app sees it (a proxy: no table of its own)."""

    class Meta:
        proxy = True
        triggers = [revoke_tokens_on_password_change()]
