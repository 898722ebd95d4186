"""Tips from the public, other fact-checkers' reviews brought in, and the embeddings that
similar-claim matching compares (intake/similarity.py)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.ratings import Rating
from core.models import Record, VisibleQuerySet

# The text search configuration of external reviews; queries use the same expression so
# PostgreSQL uses the index.
REVIEW_SEARCH_CONFIG = "english"


def review_search_vector():
    return SearchVector("claim_text", config=REVIEW_SEARCH_CONFIG)


class TipStatus(models.TextChoices):
    NEW = "new", _("New")
    DUPLICATE = "duplicate", _("Already checked")
    CLAIMED = "claimed", _("Turned into a claim")
    DECLINED = "declined", _("Declined")


class TipQuerySet(VisibleQuerySet):
    def public(self):
        """Tips are the newsroom's: its roles see them, nobody else."""
        return self.none()

    def contacts_due_for_erasure(self, *, now=None):
        days = settings.TIP_CONTACT_RETENTION_DAYS
        cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
        return self.filter(received_at__lt=cutoff).exclude(contact="")


class Tip(Record):
    """A claim a reader asks the newsroom to check."""

    Status = TipStatus

    text = models.TextField(_("claim"), help_text=_("The claim as the reader gave it."))
    seen_url = models.URLField(_("seen at (link)"), max_length=1000, blank=True)
    seen_description = models.TextField(
        _("seen at"), blank=True, help_text=_("Where the reader saw or heard it, in their words.")
    )
    contact = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "How to reach the reader; visible to editors only, erased after the retention period."
        ),
        verbose_name=_("contact"),
    )
    contact_erased_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("contact erased at")
    )
    received_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("received at")
    )
    via_api = models.BooleanField(default=False, editable=False, verbose_name=_("via api"))
    status = models.CharField(
        max_length=12, choices=Status, default=Status.NEW, editable=False, verbose_name=_("status")
    )
    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        editable=False,
        help_text=_("The claim this tip became, or the claim that already checks it."),
        verbose_name=_("claim"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("handled at")
    )

    objects = TipQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-received_at", "-id"]
        permissions = [("view_tip_contact", "Can see how to reach the reader who sent a tip")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TipStatus.values), name="tip_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="tip_text_not_empty"),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="tip_status_received_idx")]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ExternalReviewQuerySet(models.QuerySet):
    def confirmed_for(self, claim):
        return self.filter(confirmed_claim=claim).order_by("-review_date", "id")


class ExternalReview(Record):
    """Another fact-checker's published review of a claim (schema.org ClaimReview), kept
    once per address: ``identity`` is its URL normalised (intake/urls.py), so the same
    review reached with a tracking parameter, another scheme or a trailing slash is one."""

    url = models.URLField(max_length=1000, verbose_name=_("url"))
    identity = models.CharField(
        max_length=1000,
        unique=True,
        editable=False,
        help_text=_("The review's address normalised: one review per address."),
        verbose_name=_("identity"),
    )
    title = models.CharField(max_length=500, blank=True, verbose_name=_("title"))
    publisher_name = models.CharField(max_length=300, blank=True, verbose_name=_("publisher name"))
    publisher_site = models.CharField(max_length=300, blank=True, verbose_name=_("publisher site"))
    claim_text = models.TextField(verbose_name=_("claim text"))
    claimant = models.CharField(max_length=300, blank=True, verbose_name=_("claimant"))
    claim_date = models.DateField(null=True, blank=True, verbose_name=_("claim date"))
    rating_text = models.CharField(max_length=300, blank=True, verbose_name=_("rating text"))
    rating = models.CharField(
        max_length=20,
        choices=Rating,
        blank=True,
        help_text=_("The rating on our scale, where the publisher's wording maps clearly onto it."),
        verbose_name=_("rating"),
    )
    rating_value = models.FloatField(null=True, blank=True, verbose_name=_("rating value"))
    best_rating = models.FloatField(null=True, blank=True, verbose_name=_("best rating"))
    worst_rating = models.FloatField(null=True, blank=True, verbose_name=_("worst rating"))
    review_date = models.DateField(null=True, blank=True, verbose_name=_("review date"))
    language = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("The review's language (a BCP 47 tag, e.g. ru)."),
        verbose_name=_("language"),
    )
    appearance_urls = ArrayField(
        models.URLField(max_length=1000),
        default=list,
        blank=True,
        help_text=_("Where the reviewed claim appeared (the claim's own address first)."),
        verbose_name=_("appearance urls"),
    )
    confirmed_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="external_reviews",
        help_text=_(
            "Our claim this review is about, confirmed by an editor; shown on its public page as “Also checked by”."
        ),
        verbose_name=_("confirmed claim"),
    )

    objects = ExternalReviewQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("external review")
        verbose_name_plural = _("external reviews")
        ordering = ["-review_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating="") | models.Q(rating__in=Rating.values),
                name="external_review_rating_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(claim_text=""), name="external_review_claim_not_empty"
            ),
        ]
        indexes = [GinIndex(review_search_vector(), name="external_review_search_idx")]

    def __str__(self):
        return f"{self.publisher_name or self.publisher_site}: {self.claim_text[:80]}"


class RatingWording(Record):
    """Another fact-checker's rating wording mapped onto our scale by an editor, beside the
    wordings intake/ratings.py knows ("Mixto", "C'est plus compliqué"...)."""

    wording = models.CharField(max_length=300, verbose_name=_("wording"))
    key = models.CharField(
        max_length=300,
        unique=True,
        editable=False,
        help_text=_("The wording compared without case, accents or punctuation."),
        verbose_name=_("key"),
    )
    rating = models.CharField(max_length=20, choices=Rating, verbose_name=_("rating"))

    class Meta(Record.Meta):
        verbose_name = _("rating wording")
        verbose_name_plural = _("rating wordings")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values), name="rating_wording_rating_valid"
            ),
            models.CheckConstraint(condition=~models.Q(key=""), name="rating_wording_not_empty"),
        ]

    def __str__(self):
        return f"{self.wording} → {self.get_rating_display()}"


class RealField(models.FloatField):
    """A single-precision float (PostgreSQL ``real``): embeddings need no more."""

    def db_type(self, connection):
        return "real"


class Embedding(models.Model):
    """The embedding of one claim's or one external review's normalised text, under one
    model. ``digest`` identifies the text and the model, so a changed text is seen as
    stale and embedded again."""

    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.OneToOneField(
        ExternalReview, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    model = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    vector = ArrayField(RealField())

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim__isnull=True, review__isnull=False)
                | models.Q(claim__isnull=False, review__isnull=True),
                name="embedding_of_one_thing",
            ),
        ]

    def __str__(self):
        return f"embedding of {'claim' if self.claim_id else 'review'} {self.claim_id or self.review_id}"
