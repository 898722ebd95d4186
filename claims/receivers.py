"""What the claims app hears from the sources app, and what it tells it.

Claims are changed through the services (claims/services.py, claims/workflow.py), which
reassess what they touch; no model signal does that work. Material is changed through
sources/services.py, which announces changes that bear on evidence; the receiver here
reassesses the claims relying on that material, in the same transaction and, inside a
service call, together with the rest of its work. Bulk writes that bypass both (raw SQL,
``QuerySet.update``) are followed by ``manage.py reassess_claims``.

Sources does not know what makes one of its records public; claims registers its uses
(published evidence and appearances, and what published evidence relies on).
"""

from django.dispatch import receiver

from claims import assessment_service
from claims.models import Appearance, Claim, Evidence, ReliesOn
from sources.models import register_public_use
from sources.signals import material_changed


@receiver(material_changed, dispatch_uid="reassess_on_material_change")
def material_changed_reassess(sender, source_ids, **kwargs):
    assessment_service.touch(assessment_service.claims_relying_on(source_ids))


def published_uses(model):
    def uses(source_ref):
        return model.objects.public().filter(source=source_ref).values("source_id")

    return uses


def relied_on_by_published_evidence(source_ref):
    """Material a published piece of evidence relies on is named on the claim's page and
    in its explanation, so it is public too."""
    return ReliesOn.objects.filter(
        evidence__claim__status=Claim.Status.PUBLISHED, source=source_ref
    ).values("source_id")


register_public_use(published_uses(Evidence))
register_public_use(published_uses(Appearance))
register_public_use(relied_on_by_published_evidence)
