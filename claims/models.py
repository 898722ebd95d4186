import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import models
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse

from claims.assessment import STATUS_MEANINGS, EvidenceStatus
from claims.ratings import DENYING, Rating
from core.models import Record, VisibleQuerySet, tracked, tracked_links
from core.versioning import version_trigger

SUMMARY_SEARCH_CUTOFF = 75  # fact-check search tools cut claimReviewed past about this length

# Full-text search: the configuration of the stored search document (a generated column
# with a GIN index). The summary weighs more than the text in the ranking.
SEARCH_CONFIG = "english"
# Ranking reads each candidate's document, so a search ranks at most this many matches:
# the most recent ones (highest id). A word in a tenth of a million claims then costs what
# a rarer one does; refining the query narrows the candidates.
SEARCH_CANDIDATES = 2000


def claim_search_vector():
    return SearchVector("summary", config=SEARCH_CONFIG, weight="A") + SearchVector(
        "text", config=SEARCH_CONFIG, weight="B"
    )


# Sort keys of the claim lists (newsroom/paging.py) and the indexes that serve them: a
# missing date stands in as a sentinel so that claims without one sort last either way.
EARLIEST_DATE = datetime.date(1, 1, 1)
LATEST_DATE = datetime.date(9999, 12, 31)
EARLIEST_TIME = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def stated_key(*, newest: bool) -> Coalesce:
    return Coalesce(
        "stated_on",
        models.Value(EARLIEST_DATE if newest else LATEST_DATE),
        output_field=models.DateField(),
    )


def checked_key() -> Coalesce:
    return Coalesce(
        "published_at", models.Value(EARLIEST_TIME), output_field=models.DateTimeField()
    )


def search_query_of(query: str) -> SearchQuery:
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


class ClaimantQuerySet(VisibleQuerySet):
    def public(self):
        """Claimants with at least one published claim."""
        return self.filter(
            models.Exists(Claim.objects.published().filter(claimant=models.OuterRef("pk")))
        )

    def ranked_by_false_or_contradicted(self):
        """Claimants by their published claims rated false or mostly false, or contradicted
        by the evidence, most first (the number annotated as ``false_or_contradicted``)."""
        refuted = models.Q(claims__status=Claim.Status.PUBLISHED) & (
            models.Q(claims__current_verdict__rating__in=DENYING)
            | models.Q(claims__evidence_status=EvidenceStatus.CONTRADICTED)
        )
        return (
            self.annotate(false_or_contradicted=models.Count("claims", filter=refuted))
            .filter(false_or_contradicted__gt=0)
            .order_by("-false_or_contradicted", "name")
        )


class ClaimantKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    MEDIA = "media", "Media outlet"


@tracked("ClaimantHistory")
class Claimant(Record):
    Kind = ClaimantKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        max_length=300, blank=True, help_text="Office or position when the claims were made."
    )
    country = models.CharField(max_length=100, blank=True)
    state_actor = models.BooleanField(
        default=False,
        help_text="Speaks for a state: material from that country's state-affiliated outlets (government bodies, state media) is its own.",
    )
    description = models.TextField(blank=True)
    affiliations = models.ManyToManyField(
        "sources.Outlet",
        related_name="affiliated_claimants",
        blank=True,
        help_text="Outlets whose material is the claimant's own and never independent evidence for its claims.",
    )

    objects = ClaimantQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ClaimantKind.values), name="claimant_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name

    def get_absolute_url(self):
        return reverse("claimant-detail", kwargs={"slug": self.slug})


@tracked_links("affiliations", "AffiliationHistory")
class Affiliation(Claimant.affiliations.through):
    class Meta:
        proxy = True


class EventQuerySet(VisibleQuerySet):
    def public(self):
        """Events with at least one published claim."""
        return self.filter(
            models.Exists(Claim.objects.published().filter(event=models.OuterRef("pk")))
        )


@tracked("EventHistory")
class Event(Record):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"slug": self.slug})


class ClaimQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def retracted(self):
        return self.filter(status=Claim.Status.RETRACTED)

    def public(self):
        return self.published()

    def with_listing(self):
        return self.select_related("claimant", "event", "current_verdict")

    def with_claimreview(self):
        """Everything claims.claimreview.claim_review reads, in two queries."""
        return self.select_related("claimant", "current_verdict").prefetch_related(
            "appearances__source__outlet"
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


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Fact-check withdrawn"


PUBLISHED = models.Q(status=ClaimStatus.PUBLISHED)


class ClaimKind(models.TextChoices):
    NUMERIC = "numeric", "Numeric"
    ATTRIBUTION = "attribution", "Attribution"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote"
    PREDICTION = "prediction", "Prediction or intent"


# The search document is derived from the text and summary the history already holds.
@tracked("ClaimHistory", exclude=["search_document"])
class Claim(Record):
    Status = ClaimStatus

    Kind = ClaimKind

    ref = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable key used by imports and seed files.",
    )
    text = models.TextField(help_text="The statement as made: a quote or close paraphrase.")
    summary = models.CharField(
        max_length=300,
        help_text=f"A neutral one-line summary (ClaimReview's claimReviewed). Search tools cut it past about {SUMMARY_SEARCH_CUTOFF} characters.",
    )
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="claims")
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="claims", null=True, blank=True
    )
    stated_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.EVENT)
    checkable = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )

    # The stored evidence assessment (see claims/assessment.py), kept current by the
    # assessment service in the transaction that changes what it depends on.
    evidence_status = models.CharField(
        max_length=20, choices=EvidenceStatus, default=EvidenceStatus.UNVERIFIED, editable=False
    )
    supporting_count = models.PositiveIntegerField(default=0, editable=False)
    contradicting_count = models.PositiveIntegerField(default=0, editable=False)
    context_count = models.PositiveIntegerField(default=0, editable=False)
    independent_supporting_count = models.PositiveIntegerField(default=0, editable=False)
    independent_contradicting_count = models.PositiveIntegerField(default=0, editable=False)
    assessment = models.TextField(
        blank=True, editable=False, default=STATUS_MEANINGS[EvidenceStatus.UNVERIFIED]
    )
    verdict_disagrees = models.BooleanField(
        default=False,
        editable=False,
        help_text="The published verdict and the evidence status point different ways.",
    )
    search_document = models.GeneratedField(
        expression=claim_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    current_verdict = models.ForeignKey(
        "Verdict",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        editable=False,
        help_text="The claim this one repeats; its page redirects there (claims/duplicates.py).",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_reason = models.TextField(blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ClaimQuerySet.as_manager()

    class Meta(Record.Meta):
        # The search vector is derived by the database: no writer changes it, and a
        # trigger's condition may not read a generated column.
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
        ]
        permissions = [("assign_claim", "Can assign claims to fact-checkers")]

    def __str__(self):
        return self.summary

    def get_absolute_url(self):
        return reverse("claim-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ClaimPartQuerySet(VisibleQuerySet):
    """Rows that belong to a claim (appearances, evidence): public with their claim."""

    def public(self):
        return self.filter(claim__status=Claim.Status.PUBLISHED)


@tracked("AppearanceHistory")
class Appearance(Record):
    """A source in which the claim was made or repeated."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="appearances"
    )
    quote = models.TextField(blank=True, help_text="The words as they appear in this source.")
    appeared_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["appeared_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="appearance_one_per_claim_source"
            ),
        ]

    def __str__(self):
        when = f" on {self.appeared_on:%d %b %Y}" if self.appeared_on else ""
        return f"“{self.claim}” in {self.source.title}{when}"


class Strength(models.TextChoices):
    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    WEAK = "weak", "Weak"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


@tracked("EvidenceHistory")
class Evidence(Record):
    Stance = Stance

    Strength = Strength

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=12, choices=Stance)
    strength = models.CharField(max_length=10, choices=Strength, default=Strength.MODERATE)
    excerpt = models.TextField(
        blank=True, help_text="The passage of the source that bears on the claim."
    )
    note = models.TextField(
        blank=True, help_text="The reviewer's note: why this source bears on the claim."
    )
    relies_on = models.ManyToManyField(
        "sources.Source",
        related_name="relied_on_by",
        blank=True,
        help_text="The material this piece relies on for this claim; when empty, what its source cites.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ClaimPartQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name_plural = "evidence"
        ordering = ["stance", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="evidence_one_per_claim_source"
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__in=Strength.values), name="evidence_strength_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source.title} {self.get_stance_display().lower()} “{self.claim}”"


class VerdictQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(status=Verdict.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Verdict.Status.DRAFT)

    def public(self):
        """Published verdicts of published claims: what anonymous visitors may see."""
        return self.published().filter(claim__status=Claim.Status.PUBLISHED)

    def public_corrections(self):
        """Public verdicts that replaced an earlier one, newest first, with what the
        corrections list, feed and API show of them."""
        return (
            self.public()
            .filter(corrects__isnull=False)
            .select_related("claim", "corrects")
            .order_by("-published_at", "-pk")
        )


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


@tracked("VerdictHistory")
class Verdict(Record):
    """A rating with its rationale. Published verdicts are never changed or deleted: a
    database trigger refuses it. A change is a new verdict that corrects the old one."""

    Status = VerdictStatus

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.CharField(max_length=20, choices=Rating)
    rationale = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, editable=False)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        help_text="The published verdict this one replaces.",
    )
    correction_note = models.TextField(
        blank=True,
        help_text="Public note explaining what changed and why (required for a correction).",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Who started the draft.",
    )
    written_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        editable=False,
        help_text="Everyone who wrote any of the rating, rationale or correction note; none of them may publish it.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values), name="verdict_rating_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VerdictStatus.values), name="verdict_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_note=""),
                name="verdict_correction_has_note",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="verdict_published_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="verdict_rationale_not_empty"
            ),
        ]
        indexes = [
            models.Index(
                fields=["claim", "status", "published_at"], name="verdict_claim_status_idx"
            ),
            models.Index(fields=["rating"], name="verdict_rating_idx"),
            models.Index(
                fields=["published_at"],
                name="verdict_corrections_idx",
                condition=models.Q(corrects__isnull=False),
            ),
            models.Index(
                fields=["-published_at"],
                name="verdict_latest_published_idx",
                condition=models.Q(status="published"),
            ),
        ]
        permissions = [("publish_verdict", "Can publish and correct verdicts")]
        triggers = [
            *Record.Meta.triggers,
            pgtrigger.Protect(
                name="protect_published_verdict",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="published"),
            ),
        ]

    def __str__(self):
        return f"{self.get_rating_display()}: {self.claim}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


@tracked_links("written_by", "VerdictWriterHistory")
class VerdictWriter(Verdict.written_by.through):
    """Who wrote part of a draft verdict, tracked like every other change."""

    class Meta:
        proxy = True


@tracked_links("relies_on", "ReliesOnHistory")
class ReliesOn(Evidence.relies_on.through):
    """What a piece of evidence relies on, tracked like every other change."""

    class Meta:
        proxy = True


class OverviewCount(models.Model):
    """The overview's aggregates, one row per (dimension, key): published claims by
    verdict, by evidence status, by month of publication and, per claimant, those rated
    false or mostly false or contradicted; claims by workflow status and the staff queues'
    sizes. A statement-level trigger on the claims table (claims/overview.py) keeps the
    counts in the transaction of every write to claims, whatever its path, so publishing,
    correcting, retracting and reassessing move them at once and the overview reads a few
    dozen rows however many claims there are."""

    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=40)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="overview_count_unique"),
        ]
        indexes = [models.Index(fields=["dimension", "count"], name="overview_count_rank_idx")]

    def __str__(self):
        return f"{self.dimension} {self.key}: {self.count}"
