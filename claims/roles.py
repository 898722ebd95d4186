"""The newsroom's roles. The groups themselves are created by a migration
(claims/migrations/0003_roles.py) so every database has them."""

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"

PUBLISH_PERMISSION = "claims.publish_verdict"


def can_publish(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PUBLISH_PERMISSION))
