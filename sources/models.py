from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import Record, VisibleQuerySet, tracked, tracked_links


# What makes a source public is said by the apps that use sources (claims registers its
# published evidence and appearances in its AppConfig.ready): each entry is a query of the
# source's uses in SQL, with ``{source}`` where the source's id goes. Plain SQL rather than
# querysets: the rule sits inside most public reads (sources, outlets, figures), and
# compiling nested querysets there cost more than running them.
@dataclass(frozen=True)
class PublicUse:
    sql: str
    params: tuple = ()


PUBLIC_USES: list[PublicUse] = []


def register_public_use(use: PublicUse) -> None:
    if use not in PUBLIC_USES:
        PUBLIC_USES.append(use)


class HasPublicUse(models.Expression):
    """Whether the source whose id ``source`` gives has a public use (see PUBLIC_USES), or
    the row has one of ``or_uses``: more uses in the same form, each with the column its
    ``{source}`` stands for (a figure is public when a published claim asserts it, or when
    its source has a public use).

    One EXISTS over all uses, so PostgreSQL probes each row's uses by index; an EXISTS
    per use joined by OR would make it hash every published use first."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, source, *, or_uses: tuple = ()):
        super().__init__()
        self.or_uses = tuple(use for use, _column in or_uses)
        self.columns = [source, *(column for _use, column in or_uses)]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, expressions):
        self.columns = list(expressions)

    def as_sql(self, compiler, connection):
        by_column = [(PUBLIC_USES, self.columns[0])] + [
            ([use], column) for use, column in zip(self.or_uses, self.columns[1:], strict=True)
        ]
        branches, params = [], []
        for uses, expression in by_column:
            if not uses:
                continue
            column, column_params = compiler.compile(expression)
            if column_params:
                raise ValueError("A use is found by a column, not a value with parameters.")
            for use in uses:
                branches.append(f"({use.sql.replace('{source}', column)})")
                params.extend(use.params)
        if not branches:
            return "FALSE", ()
        return f"EXISTS({' UNION ALL '.join(branches)})", tuple(params)


class OutletQuerySet(VisibleQuerySet):
    def public(self):
        """Outlets whose material belongs to at least one published claim."""
        return self.filter(
            models.Exists(Source.objects.public().filter(outlet=models.OuterRef("pk")))
        )


class OutletKind(models.TextChoices):
    NEWS = "news", _("News outlet")
    BROADCASTER = "broadcaster", _("Broadcaster")
    GOVERNMENT = "government", _("Government body")
    STATE_MEDIA = "state_media", _("State media")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("International body")
    SOCIAL = "social", _("Social media account")
    PUBLIC = "public", _("Members of the public")


class Reliability(models.TextChoices):
    HIGH = "high", _("High")
    MIXED = "mixed", _("Mixed")
    LOW = "low", _("Low")
    UNKNOWN = "unknown", _("Unknown")


@tracked("OutletHistory")
class Outlet(Record):
    Kind = OutletKind

    Reliability = Reliability

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS, verbose_name=_("kind"))
    country = CountryField(blank=True, verbose_name=_("country"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    state_affiliated = models.BooleanField(default=False, verbose_name=_("state affiliated"))
    reliability = models.CharField(
        max_length=10,
        choices=Reliability,
        default=Reliability.UNKNOWN,
        verbose_name=_("reliability"),
    )
    reliability_reason = models.TextField(
        blank=True,
        help_text=_("Why the outlet has this reliability rating."),
        verbose_name=_("reliability reason"),
    )

    objects = OutletQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OutletKind.values), name="outlet_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="outlet_reliability_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outlet-detail", kwargs={"slug": self.slug})


class SourceQuerySet(VisibleQuerySet):
    def public(self):
        """Sources with a public use (see PUBLIC_USES)."""
        return self.filter(HasPublicUse(models.F("pk")))

    def with_outlet(self):
        return self.select_related("outlet")


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    STATEMENT = "statement", _("Official statement")
    BROADCAST = "broadcast", _("Video or broadcast")
    SOCIAL_POST = "social_post", _("Social media post")
    DOCUMENT = "document", _("Document")
    DATASET = "dataset", _("Dataset")
    EYEWITNESS = "eyewitness", _("Eyewitness account")
    PHOTO = "photo", _("Photo")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified")


@tracked("SourceHistory")
class Source(Record):
    Kind = SourceKind

    Verification = Verification

    ref = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key used by imports and seed files."),
        verbose_name=_("ref"),
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    url = models.URLField(
        max_length=1000,
        blank=True,
        help_text=_("Leave empty when there is none."),
        verbose_name=_("url"),
    )
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        related_name="sources",
        null=True,
        blank=True,
        help_text=_(
            "Who published it. With neither outlet nor speaker the material is unattributed and never counts."
        ),
        verbose_name=_("outlet"),
    )
    speaker = models.ForeignKey(
        "claims.Claimant",
        on_delete=models.PROTECT,
        related_name="spoken_sources",
        null=True,
        blank=True,
        help_text=_(
            "Whose words it carries. Material spoken by a claim's claimant (or its affiliated or state bodies) is the claimant's own."
        ),
        verbose_name=_("speaker"),
    )
    known_through = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="reported_sources",
        null=True,
        blank=True,
        help_text=_(
            "The source that reports it, when this material is known only through that one (give it no outlet, URL or date of its own that the report does not)."
        ),
        verbose_name=_("known through"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind, default=Kind.ARTICLE, verbose_name=_("kind")
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        help_text=_("Language code, e.g. en, ru, kk."),
        verbose_name=_("language"),
    )
    published_on = models.DateField(null=True, blank=True, verbose_name=_("published on"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    verification = models.CharField(
        max_length=12,
        choices=Verification,
        default=Verification.UNVERIFIED,
        help_text=_(
            "Eyewitness accounts, videos, photos and social posts count only once verified."
        ),
        verbose_name=_("verification"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    verification_note = models.TextField(
        blank=True,
        help_text=_("How it was verified (geolocation, the original uploader, metadata…)."),
        verbose_name=_("verification note"),
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "When its publisher deleted or disowned it; withdrawn material counts as evidence on neither side."
        ),
        verbose_name=_("withdrawn on"),
    )
    withdrawal_note = models.TextField(
        blank=True,
        help_text=_("How the withdrawal is known (an archived copy, a statement…)."),
        verbose_name=_("withdrawal note"),
    )
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text=_("Material this source relies on (provenance)."),
        verbose_name=_("cites"),
    )

    objects = SourceQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(verification__in=Verification.values),
                name="source_verification_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(known_through=models.F("id")),
                name="source_not_known_through_itself",
            ),
        ]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]

    def __str__(self):
        if self.outlet_id:
            return f"{self.title} ({self.outlet.name})"
        return self.title

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"pk": self.pk})


@tracked_links("cites", "CitationHistory")
class Citation(Source.cites.through):
    """The provenance link, tracked like every other change."""

    class Meta:
        proxy = True


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    OK = "ok", _("Live, as archived")
    CHANGED = "changed", _("Live, changed since first archived")
    BROKEN = "broken", _("Broken")


def archive_path(snapshot, filename):
    return f"archives/{snapshot.source_id}/{filename}"


class Snapshot(models.Model):
    """One archived copy of a source's URL: the response as a WARC record, its readable
    text and what the fetch found. Snapshots are never changed or deleted by the app: a
    link check that finds new content adds one."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("source")
    )
    url = models.URLField(
        max_length=1000, help_text=_("The address that was fetched."), verbose_name=_("url")
    )
    final_url = models.URLField(
        max_length=2000, help_text=_("Where redirects led."), verbose_name=_("final url")
    )
    fetched_at = models.DateTimeField(verbose_name=_("fetched at"))
    status_code = models.PositiveSmallIntegerField(verbose_name=_("status code"))
    content_type = models.CharField(max_length=200, blank=True, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("sha256"))
    warc = models.FileField(upload_to=archive_path, max_length=300, verbose_name=_("warc"))
    title = models.CharField(
        max_length=500, blank=True, help_text=_("The page's title."), verbose_name=_("title")
    )
    text = models.TextField(
        blank=True, help_text=_("The readable text of the page."), verbose_name=_("text")
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        get_latest_by = "fetched_at"
        verbose_name = _("archived copy")
        verbose_name_plural = _("archived copies")
        indexes = [
            models.Index(fields=["source", "-fetched_at"], name="snapshot_source_recent_idx")
        ]

    def __str__(self):
        return f"{self.source.title}, archived {self.fetched_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("source-archive", kwargs={"pk": self.source_id, "snapshot": self.pk})


class LinkState(models.Model):
    """Where a source's link stands: the last check's outcome, its reason when broken,
    the archived copy to show, and when to check again. Kept apart from Source so that a
    background check never collides with an editor's version of the source."""

    Status = LinkStatus

    source = models.OneToOneField(
        Source,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="link",
        verbose_name=_("source"),
    )
    status = models.CharField(
        max_length=10, choices=LinkStatus, default=LinkStatus.PENDING, verbose_name=_("status")
    )
    reason = models.TextField(
        blank=True, help_text=_("Why the last fetch failed."), verbose_name=_("reason")
    )
    checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("checked at"))
    failures = models.PositiveIntegerField(
        default=0, help_text=_("Failed fetches in a row."), verbose_name=_("failures")
    )
    next_check_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("next check at")
    )
    archived = models.ForeignKey(
        Snapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The latest archived copy of the current URL."),
        verbose_name=_("archived"),
    )

    class Meta:
        verbose_name_plural = _("link checks")
        verbose_name = _("link check")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LinkStatus.values), name="link_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source.title}: {self.get_status_display()}"

    @property
    def version(self) -> str:
        """What a representation shows of it (the API's ETags include it): a new check
        with the same outcome changes nothing a client sees."""
        return f"{self.status}-{self.archived_id}"


def media_path(media, filename):
    return f"evidence/{media.sha256[:2]}/{media.sha256}/{filename}"


@tracked("MediaFileHistory")
class MediaFile(models.Model):
    """A file attached to a source as evidence (a screenshot, a video, a document), stored
    once per content (by SHA-256). Images also have a thumbnail and a public copy without
    location metadata; the original is for staff."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="media", verbose_name=_("source")
    )
    original = models.FileField(upload_to=media_path, max_length=300, verbose_name=_("original"))
    public_copy = models.FileField(
        upload_to=media_path, max_length=300, blank=True, verbose_name=_("public copy")
    )
    thumbnail = models.FileField(
        upload_to=media_path, max_length=300, blank=True, verbose_name=_("thumbnail")
    )
    original_name = models.CharField(max_length=255, blank=True, verbose_name=_("original name"))
    caption = models.CharField(max_length=300, blank=True, verbose_name=_("caption"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("sha256"))
    phash = models.CharField(
        max_length=16,
        blank=True,
        help_text=_("Perceptual hash of an image (hex): near-duplicates are one origin."),
        verbose_name=_("phash"),
    )
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    content_type = models.CharField(
        max_length=100, help_text=_("Detected from the bytes."), verbose_name=_("content type")
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_("The first attachment of the same bytes."),
        verbose_name=_("duplicate of"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name_plural = _("media files")
        ordering = ["uploaded_at", "id"]
        verbose_name = _("media file")

    def __str__(self):
        return self.caption or self.original_name or f"{self.content_type} {self.sha256[:12]}"

    def get_absolute_url(self):
        return reverse("source-media", kwargs={"pk": self.source_id, "media": self.pk})

    def get_thumbnail_url(self):
        if not self.thumbnail:
            return ""
        return reverse("source-media-thumbnail", kwargs={"pk": self.source_id, "media": self.pk})
