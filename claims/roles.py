"""The newsroom's roles. The groups themselves are created by a migration
(claims/migrations/0003_roles.py) so every database has them; later changes of what a
role may do are migrations too (0004 lets editors read the audit trail, 0019 gives both
roles the sight of unpublished work and editors the merge of duplicates)."""

from django.contrib.auth import get_user_model

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"

PUBLISH_PERMISSION = "claims.publish_verdict"
ASSIGN_PERMISSION = "claims.assign_claim"
# Merging a duplicate moves a claim's evidence and takes its page off the site: editors.
MERGE_PERMISSION = "claims.merge_claim"
# The audit trail (who changed what) is for editors; the permission is pghistory's own,
# so the same users also see its events admin.
AUDIT_PERMISSION = "pghistory.view_events"


def can_publish(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PUBLISH_PERMISSION))


def can_merge(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MERGE_PERMISSION))


def can_see_audit_trail(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(AUDIT_PERMISSION))


def assignable_users():
    """Who claims can be assigned to: active members of the newsroom."""
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
