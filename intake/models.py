"""Tips from the public, other fact-checkers' reviews brought in, and the embeddings that
similar-claim matching compares (intake/similarity.py)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils import timezone

from claims.ratings import Rating
from core.models import Record, VisibleQuerySet

# The text search configuration of external reviews; queries use the same expression so
# PostgreSQL uses the index.
REVIEW_SEARCH_CONFIG = "english"


def review_search_vector():
    return SearchVector("claim_text", config=REVIEW_SEARCH_CONFIG)


class TipStatus(models.TextChoices):
    NEW = "new", "New"
    DUPLICATE = "duplicate", "Already checked"
    CLAIMED = "claimed", "Turned into a claim"
    DECLINED = "declined", "Declined"


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

    text = models.TextField("claim", help_text="The claim as the reader gave it.")
    seen_url = models.URLField("seen at (link)", max_length=1000, blank=True)
    seen_description = models.TextField(
        "seen at", blank=True, help_text="Where the reader saw or heard it, in their words."
    )
    contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="How to reach the reader; visible to editors only, erased after the retention period.",
    )
    contact_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    via_api = models.BooleanField(default=False, editable=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.NEW, editable=False)
    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        editable=False,
        help_text="The claim this tip became, or the claim that already checks it.",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    handled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TipQuerySet.as_manager()

    class Meta(Record.Meta):
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

    url = models.URLField(max_length=1000)
    identity = models.CharField(
        max_length=1000,
        unique=True,
        editable=False,
        help_text="The review's address normalised: one review per address.",
    )
    title = models.CharField(max_length=500, blank=True)
    publisher_name = models.CharField(max_length=300, blank=True)
    publisher_site = models.CharField(max_length=300, blank=True)
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    rating_text = models.CharField(max_length=300, blank=True)
    rating = models.CharField(
        max_length=20,
        choices=Rating,
        blank=True,
        help_text="The rating on our scale, where the publisher's wording maps clearly onto it.",
    )
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=20, blank=True, help_text="The review's language (a BCP 47 tag, e.g. ru)."
    )
    appearance_urls = ArrayField(
        models.URLField(max_length=1000),
        default=list,
        blank=True,
        help_text="Where the reviewed claim appeared (the claim's own address first).",
    )
    confirmed_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="external_reviews",
        help_text="Our claim this review is about, confirmed by an editor; shown on its public page as “Also checked by”.",
    )

    objects = ExternalReviewQuerySet.as_manager()

    class Meta(Record.Meta):
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

    wording = models.CharField(max_length=300)
    key = models.CharField(
        max_length=300,
        unique=True,
        editable=False,
        help_text="The wording compared without case, accents or punctuation.",
    )
    rating = models.CharField(max_length=20, choices=Rating)

    class Meta(Record.Meta):
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
