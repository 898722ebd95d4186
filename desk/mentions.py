"""@mentions in a comment's text: ``@username`` names an active staff member, ``@editors``
and ``@fact-checkers`` a role (everyone in it). Typing the username is all it takes; the
admin's autocomplete only helps to type it."""

import re

from django.db.models.functions import Lower
from django.utils.translation import gettext

from claims.roles import EDITORS, FACT_CHECKERS, assignable_users
from core.records import Refused

# A mention starts after a space, a line start or an opening bracket: "a@b.org" is an
# address, not a mention. Usernames may hold letters, digits and @.+-_ (Django's own
# rule); a trailing full stop or hyphen ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")
ROLES = {"editors": EDITORS, "fact-checkers": FACT_CHECKERS}
SUGGESTIONS = 10


def mentioned_names(text: str) -> list[str]:
    """The names mentioned in ``text`` (lower case, each once, in order)."""
    return list(dict.fromkeys(name.lower() for name in MENTION.findall(text or "")))


def resolve(text: str) -> tuple[list, list[str]]:
    """(the users mentioned, the roles mentioned) in ``text``; a role mention brings in
    everyone in the role. A name that is neither a staff member nor a role is refused,
    so a mistyped mention does not silently tell nobody."""
    names = mentioned_names(text)
    roles = [name for name in names if name in ROLES]
    usernames = [name for name in names if name not in ROLES]
    users = list(
        assignable_users().annotate(lowered=Lower("username")).filter(lowered__in=usernames)
    )
    found = {user.lowered for user in users}
    unknown = [name for name in usernames if name not in found]
    if unknown:
        raise Refused(
            gettext("No member of the newsroom is called @%(name)s: type a username, @%(roles)s.")
            % {"name": unknown[0], "roles": " or @".join(ROLES)},
            field="text",
        )
    if roles:
        users += list(
            assignable_users()
            .filter(groups__name__in=[ROLES[role] for role in roles])
            .exclude(pk__in=[user.pk for user in users])
            .distinct()
        )
    return users, roles


def suggestions(prefix: str) -> list[dict]:
    """What to offer for a mention being typed: roles and staff usernames starting with
    ``prefix`` (case-insensitive)."""
    prefix = (prefix or "").lstrip("@").lower()
    offered = [
        {"value": role, "label": f"@{role} (everyone in {group})"}
        for role, group in ROLES.items()
        if role.startswith(prefix)
    ]
    users = (
        assignable_users()
        .filter(username__istartswith=prefix)
        .only("username", "first_name", "last_name")[:SUGGESTIONS]
    )
    for user in users:
        full_name = user.get_full_name()
        label = f"@{user.username}" + (f" ({full_name})" if full_name else "")
        offered.append({"value": user.username, "label": label})
    return offered[:SUGGESTIONS]
