from rest_framework.permissions import BasePermission

from claims.roles import can_publish, can_see_audit_trail


class CanPublish(BasePermission):
    """Editors: publish and retract."""

    message = "Only editors can publish or retract claims."

    def has_permission(self, request, view):
        return can_publish(request.user)


class CanWorkOnClaims(BasePermission):
    """Fact-checkers and editors: move claims between the working states."""

    message = "Only fact-checkers and editors can move claims through the workflow."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("claims.change_claim")


class CanSeeAuditTrail(BasePermission):
    """Editors: the audit trail (who changed what, drafts included). The same permission
    as the admin's History button."""

    message = "Only editors can read the audit trail."

    def has_permission(self, request, view):
        return can_see_audit_trail(request.user)
