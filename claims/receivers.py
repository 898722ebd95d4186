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
from sources.models import PublicUse, register_public_use
from sources.signals import material_changed


@receiver(material_changed, dispatch_uid="reassess_on_material_change")
def material_changed_reassess(sender, source_ids, **kwargs):
    assessment_service.touch(assessment_service.claims_relying_on(source_ids))


def _published_uses(model) -> PublicUse:
    """The claim's appearances and evidence are public with their claim (the rule of
    ``ClaimPartQuerySet.public``)."""
    return PublicUse(
        f'SELECT 1 FROM "{model._meta.db_table}" use_'
        f' JOIN "{Claim._meta.db_table}" use_claim ON use_claim.id = use_.claim_id'
        " WHERE use_.source_id = {source} AND use_claim.status = %s",
        (Claim.Status.PUBLISHED,),
    )


# Material a published piece of evidence relies on is named on the claim's page and in its
# explanation, so it is public too.
_RELIED_ON_BY_PUBLISHED_EVIDENCE = PublicUse(
    f'SELECT 1 FROM "{ReliesOn._meta.db_table}" use_'
    f' JOIN "{Evidence._meta.db_table}" use_evidence ON use_evidence.id = use_.evidence_id'
    f' JOIN "{Claim._meta.db_table}" use_claim ON use_claim.id = use_evidence.claim_id'
    " WHERE use_.source_id = {source} AND use_claim.status = %s",
    (Claim.Status.PUBLISHED,),
)

register_public_use(_published_uses(Evidence))
register_public_use(_published_uses(Appearance))
register_public_use(_RELIED_ON_BY_PUBLISHED_EVIDENCE)
