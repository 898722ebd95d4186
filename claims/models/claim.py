"""The claim: what was said, by whom, about what, and how it stands (workflow status,
evidence status, current verdict)."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVectorField,
)
from django.db import models
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from claims import languages
from claims.assessment import STATUS_MEANINGS, EvidenceStatus
from claims.models.people import Claimant, Event
from claims.models.search import (
    SEARCH_CANDIDATES,
    SUMMARY_SEARCH_CUTOFF,
    checked_key,
    search_query_of,
    stated_key,
)
from claims.models.status import PUBLISHED, ClaimKind, ClaimStatus, DatePrecision
from claims.ratings import Rating
from core.models import Record, VisibleQuerySet, tracked
from core.versioning import version_trigger


class ClaimQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def reviewed(self):
        """Published claims with a current verdict: those that have a ClaimReview (a row
        written straight into the database may lack the verdict; it has none)."""
        return self.published().filter(current_verdict__isnull=False)

    def retracted(self):
        return self.filter(status=Claim.Status.RETRACTED)

    def public(self):
        return self.published()

    def reviewable(self):
        """Published claims that have a ClaimReview (claims/claimreview.py says why the
        others have none); the same rule as ``Claim.has_claimreview``."""
        return (
            self.published()
            .filter(checkable=True, current_verdict__isnull=False)
            .exclude(current_verdict__rating=Rating.NOT_CHECKABLE)
        )

    def with_listing(self):
        return self.select_related("claimant", "event", "current_verdict")

    def in_language(self, code: str):
        """Claims made in ``code`` (a language, e.g. ``en``, takes in its regional forms
        such as ``en-GB``; a full code only itself)."""
        code = languages.normalize(code)
        if "-" in code:
            return self.filter(language=code)
        return self.filter(models.Q(language=code) | models.Q(language__startswith=f"{code}-"))

    def with_claimreview(self):
        """Everything claims.claimreview.claim_review reads, in two queries."""
        appearances = self.model._meta.get_field("appearances").related_model
        return self.select_related("claimant", "current_verdict").prefetch_related(
            models.Prefetch(
                "appearances", queryset=appearances.objects.select_related("source__outlet")
            )
        )

    def with_translated_claimreviews(self):
        """With what claims.claimreview.claim_reviews reads besides: the translations of
        the claim and of its verdict (two queries more)."""
        return self.with_claimreview().prefetch_related(
            "translations", "current_verdict__translations"
        )

    def count_by_verdict(self) -> dict:
        """{rating of the current verdict: number of claims}; None for claims without one."""
        rows = self.order_by().values_list("current_verdict__rating").annotate(models.Count("pk"))
        return dict(rows)

    def count_by_evidence_status(self) -> dict:
        rows = self.order_by().values_list("evidence_status").annotate(models.Count("pk"))
        return dict(rows)

    def count_by_month_published(self, *, since) -> dict:
        """{first day of the month: claims first published in it}, from ``since`` on."""
        rows = (
            self.filter(published_at__gte=since)
            .order_by()
            .annotate(month=TruncMonth("published_at"))
            .values_list("month")
            .annotate(models.Count("pk"))
        )
        return {month.date(): count for month, count in rows}

    def awaiting_review(self):
        return self.filter(status=Claim.Status.IN_REVIEW)

    def needs_evidence(self):
        """Checkable claims under research with no evidence linked yet (read from the
        stored assessment: "unverified" means nothing is linked)."""
        return self.filter(
            status=Claim.Status.RESEARCHING, evidence_status=EvidenceStatus.UNVERIFIED
        )

    def verdict_disagreeing(self):
        """Published claims whose verdict and evidence status point different ways."""
        return self.filter(verdict_disagrees=True)

    def search(self, query: str):
        """The claims matching ``query`` (web search syntax), with ``search_rank``. Only the
        SEARCH_CANDIDATES most recent matches are ranked: apply other filters first, so
        that the candidates are drawn from what they leave."""
        search_query = search_query_of(query)
        candidates = self.matching(query).order_by("-pk").values("pk")[:SEARCH_CANDIDATES]
        return self.filter(pk__in=candidates).annotate(
            search_rank=SearchRank(models.F("search_document"), search_query)
        )

    def matching(self, query: str):
        """Every claim matching ``query``, unranked (for lists in another order)."""
        return self.filter(search_document=search_query_of(query))


@tracked("ClaimHistory", exclude=["search_document"])
class Claim(Record):
    Status = ClaimStatus

    Kind = ClaimKind

    ref = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key used by imports and seed files."),
        verbose_name=_("ref"),
    )
    text = models.TextField(
        help_text=_("The statement as made: a quote or close paraphrase."), verbose_name=_("text")
    )
    summary = models.CharField(
        max_length=300,
        help_text=format_lazy(
            _(
                "A neutral one-line summary (ClaimReview's claimReviewed). Search tools cut it past about {cutoff} characters."
            ),
            cutoff=SUMMARY_SEARCH_CUTOFF,
        ),
        verbose_name=_("summary"),
    )
    language = models.CharField(
        max_length=languages.MAX_LENGTH,
        validators=[languages.validate_language],
        help_text=_(
            "The language the claim was made in (BCP 47: en, ru, kk, en-GB). The text and summary stay in it; translations are kept beside it."
        ),
        verbose_name=_("language"),
    )
    claimant = models.ForeignKey(
        Claimant, on_delete=models.PROTECT, related_name="claims", verbose_name=_("claimant")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        verbose_name=_("event"),
    )
    stated_on = models.DateField(null=True, blank=True, verbose_name=_("stated on"))
    stated_on_precision = models.CharField(
        max_length=12,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_(
            "How precisely the date is known; a date worked out from “on Sunday” or “last week” says so."
        ),
        verbose_name=_("stated on precision"),
    )
    interested_countries = CountryField(
        multiple=True,
        blank=True,
        help_text=_(
            "States with a stake in this claim (besides its event's and its claimant's own): their state media are not independent evidence for it."
        ),
        verbose_name=_("interested countries"),
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.EVENT, verbose_name=_("kind"))
    checkable = models.BooleanField(default=True, verbose_name=_("checkable"))
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
        verbose_name=_("status"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        verbose_name=_("assigned to"),
    )

    # The stored evidence assessment (see claims/assessment.py), kept current by the
    # assessment service in the transaction that changes what it depends on.
    evidence_status = models.CharField(
        max_length=20,
        choices=EvidenceStatus,
        default=EvidenceStatus.UNVERIFIED,
        editable=False,
        verbose_name=_("evidence status"),
    )
    supporting_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("supporting count")
    )
    contradicting_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("contradicting count")
    )
    context_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("context count")
    )
    independent_supporting_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("independent supporting count")
    )
    independent_contradicting_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("independent contradicting count")
    )
    assessment = models.TextField(
        blank=True,
        editable=False,
        default=STATUS_MEANINGS[EvidenceStatus.UNVERIFIED],
        verbose_name=_("assessment"),
    )
    verdict_disagrees = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("The published verdict and the evidence status point different ways."),
        verbose_name=_("verdict disagrees"),
    )
    # Kept by the database (claims/search_document.py): the claim's own words in its
    # language's configuration, and its translations' in theirs.
    search_document = SearchVectorField(
        null=True, editable=False, verbose_name=_("search document")
    )

    current_verdict = models.ForeignKey(
        "Verdict",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("current verdict"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        editable=False,
        help_text=_("The claim this one repeats; its page redirects there (claims/duplicates.py)."),
        verbose_name=_("duplicate of"),
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("published at")
    )
    retracted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("retracted at")
    )
    retraction_reason = models.TextField(
        blank=True, editable=False, verbose_name=_("retraction reason")
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    objects = ClaimQuerySet.as_manager()

    class Meta(Record.Meta):
        # The search vector is derived by the database (claims/search_document.py): no
        # writer changes it, and a change of it alone is no change of the claim.
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        triggers = [version_trigger(ignoring=("search_document",))]
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ClaimKind.values), name="claim_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_status__in=EvidenceStatus.values),
                name="claim_evidence_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="retracted") | ~models.Q(retraction_reason=""),
                name="claim_retraction_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="claim_text_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(stated_on_precision__in=DatePrecision.values),
                name="claim_stated_on_precision_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(language=""), name="claim_language_not_empty"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at", "id"], name="claim_status_updated_idx"),
            models.Index(fields=["evidence_status"], name="claim_evidence_status_idx"),
            models.Index(
                fields=["claimant", "updated_at", "id"], name="claim_claimant_updated_idx"
            ),
            models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
            models.Index(fields=["created_at", "id"], name="claim_created_idx"),
            models.Index(fields=["stated_on", "id"], name="claim_stated_idx"),
            # The public lists' keyset orders (newsroom/paging.py), published claims
            # only; a btree read backwards serves the descending ones.
            models.Index(
                stated_key(newest=True), "id", name="claim_pub_newest_idx", condition=PUBLISHED
            ),
            models.Index(
                stated_key(newest=False), "id", name="claim_pub_oldest_idx", condition=PUBLISHED
            ),
            models.Index(checked_key(), "id", name="claim_pub_checked_idx", condition=PUBLISHED),
            models.Index(
                "claimant",
                stated_key(newest=True),
                "id",
                name="claim_pub_claimant_newest_idx",
                condition=PUBLISHED,
            ),
            models.Index(
                "event",
                stated_key(newest=False),
                "id",
                name="claim_pub_event_oldest_idx",
                condition=PUBLISHED,
            ),
            # The staff work queues, oldest change first (the review queue uses the
            # status index above).
            models.Index(
                fields=["updated_at", "id"],
                name="claim_disagrees_queue_idx",
                condition=models.Q(verdict_disagrees=True),
            ),
            models.Index(
                fields=["updated_at", "id"],
                name="claim_needs_evidence_queue_idx",
                condition=models.Q(status="researching", evidence_status="unverified"),
            ),
            GinIndex(fields=["search_document"], name="claim_search_document_idx"),
            models.Index(fields=["language", "updated_at", "id"], name="claim_language_idx"),
        ]
        permissions = [
            ("assign_claim", "Can assign claims to fact-checkers"),
            ("view_unpublished", "Can see unpublished work (drafts, sources, outlets)"),
            ("merge_claim", "Can merge a claim into the claim it duplicates"),
        ]

    def __str__(self):
        return self.summary

    def get_absolute_url(self):
        return reverse("claim-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_claimreview(self) -> bool:
        """Published, checkable and rated on a checkable rating (see ``reviewable()``)."""
        verdict = self.current_verdict
        return (
            self.is_published
            and self.checkable
            and verdict is not None
            and verdict.rating != Rating.NOT_CHECKABLE
        )
