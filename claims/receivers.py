"""Keep stored assessments current whatever path a change takes.

The assessment depends on evidence rows, sources and their citations, outlets'
reliability and claimants' affiliations, which change through the admin, the API, the
loader, commands and the shell alike. These receivers run the assessment service in the
same transaction as the change. Bulk writes that skip model signals (``QuerySet.update``,
``bulk_create``, raw SQL) are followed by ``manage.py reassess_claims``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from claims import assessment_service
from claims.models import Appearance, Claim, Claimant, Evidence
from sources.models import Outlet, Source, register_public_use

LINK_CHANGES = {"post_add", "post_remove", "post_clear"}


@receiver(post_save, sender=Evidence, dispatch_uid="reassess_on_evidence_save")
@receiver(post_delete, sender=Evidence, dispatch_uid="reassess_on_evidence_delete")
def evidence_changed(sender, instance, **kwargs):
    assessment_service.reassess_claims([instance.claim_id])


@receiver(post_save, sender=Claim, dispatch_uid="reassess_on_claim_save")
def claim_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        assessment_service.reassess_claims([instance.pk])


@receiver(post_save, sender=Source, dispatch_uid="reassess_on_source_save")
def source_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        assessment_service.reassess_for_sources([instance.pk])


@receiver(post_save, sender=Outlet, dispatch_uid="reassess_on_outlet_save")
def outlet_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        assessment_service.reassess_for_outlet(instance.pk)


def _changed_owners(instance, action, reverse, pk_set, related_name) -> set[int] | None:
    """The ids on the owning side of an m2m change (the citing sources, the claimants),
    or None when the action changes nothing. A reverse clear() reports no pk_set, so the
    ids are noted on pre_clear."""
    if action == "pre_clear" and reverse:
        instance._cleared_owners = set(getattr(instance, related_name).values_list("pk", flat=True))
    if action not in LINK_CHANGES:
        return None
    if not reverse:
        return {instance.pk}
    if action == "post_clear":
        return getattr(instance, "_cleared_owners", set())
    return set(pk_set or ())


@receiver(m2m_changed, sender=Source.cites.through, dispatch_uid="reassess_on_citation")
def citations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    citing = _changed_owners(instance, action, reverse, pk_set, "cited_by")
    if citing:
        assessment_service.reassess_for_sources(citing)


@receiver(m2m_changed, sender=Claimant.affiliations.through, dispatch_uid="reassess_on_affiliation")
def affiliations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    claimants = _changed_owners(instance, action, reverse, pk_set, "affiliated_claimants")
    if claimants:
        assessment_service.reassess_for_claimants(claimants)


def published_uses(model):
    def uses(source_ref):
        return model.objects.public().filter(source=source_ref).values("source_id")

    return uses


register_public_use(published_uses(Evidence))
register_public_use(published_uses(Appearance))
