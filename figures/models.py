"""Numbers with dates: a Quantity is what is counted (people killed in the unrest, people
detained), a Figure one reported value of it, as of a date, reported by a claimant or an
outlet in a source, standing current, revised, disputed or withdrawn. Claims assert
figures (``claim.figures``, declared here so that claims need not know of figures)."""

from django.db import connection, models
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from claims.models.status import DatePrecision
from core.models import Record, VisibleQuerySet, tracked, tracked_links
from sources.models import HasPublicUse, PublicUse, Source


class Qualifier(models.TextChoices):
    EXACT = "", _("As stated")
    ABOUT = "about", _("About")
    MORE_THAN = "more_than", _("More than")
    AT_LEAST = "at_least", _("At least")
    UP_TO = "up_to", _("Up to")


class Standing(models.TextChoices):
    CURRENT = "current", _("Current")
    REVISED = "revised", _("Revised")
    DISPUTED = "disputed", _("Disputed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A published claim asserts the figure whose id stands for {source} (the rule of
# ``Claim.objects.published()``, in the form of sources.models.PUBLIC_USES).
_ASSERTED_BY_PUBLISHED = PublicUse(
    'SELECT 1 FROM "figures_figure_claims" use_'
    f' JOIN "{Claim._meta.db_table}" use_claim ON use_claim.id = use_.claim_id'
    " WHERE use_.figure_id = {source} AND use_claim.status = %s",
    (Claim.Status.PUBLISHED,),
)


class FigureQuerySet(VisibleQuerySet):
    def public(self):
        """Figures a published claim asserts, or that appear in a public source: the same
        rule as the claims and sources they belong to (one EXISTS for both, see
        ``HasPublicUse``: as two joined by OR, a list of figures hashed every published
        claim's figures first, 0.2 s at a million claims)."""
        return self.filter(
            HasPublicUse(models.F("source_id"), or_uses=[(_ASSERTED_BY_PUBLISHED, models.F("pk"))])
        )

    def current(self):
        return self.filter(standing=Standing.CURRENT)

    def with_reporter(self):
        return self.select_related("quantity", "reported_by", "reporting_outlet", "source")


class QuantityQuerySet(VisibleQuerySet):
    def public(self):
        """Quantities with at least one public figure."""
        return self.filter(
            models.Exists(Figure.objects.public().filter(quantity=models.OuterRef("pk")))
        )


@tracked("QuantityHistory")
class Quantity(Record):
    name = models.CharField(
        max_length=300,
        help_text=_("What is counted, e.g. “people killed in the unrest”."),
        verbose_name=_("name"),
    )
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    unit = models.CharField(
        max_length=60, default="people", help_text=_("e.g. people, troops."), verbose_name=_("unit")
    )
    event = models.ForeignKey(
        "claims.Event",
        on_delete=models.PROTECT,
        related_name="quantities",
        null=True,
        blank=True,
        verbose_name=_("event"),
    )
    place = models.CharField(max_length=200, blank=True, verbose_name=_("place"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    objects = QuantityQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("quantity")
        verbose_name_plural = _("quantities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quantity-detail", kwargs={"slug": self.slug})


@tracked("FigureHistory")
class Figure(Record):
    Standing = Standing

    Qualifier = Qualifier

    Precision = DatePrecision

    ref = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key used by imports and seed files."),
        verbose_name=_("ref"),
    )
    quantity = models.ForeignKey(
        Quantity, on_delete=models.PROTECT, related_name="figures", verbose_name=_("quantity")
    )
    value = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name=_("value")
    )
    low = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range."),
        verbose_name=_("low"),
    )
    high = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range."),
        verbose_name=_("high"),
    )
    approximate = models.CharField(
        _("qualifier"), max_length=12, choices=Qualifier, default=Qualifier.EXACT, blank=True
    )
    as_of = models.DateField(
        help_text=_("The date the figure counts up to."), verbose_name=_("as of")
    )
    as_of_precision = models.CharField(
        max_length=12,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        verbose_name=_("as of precision"),
    )
    reported_on = models.DateField(
        null=True, blank=True, help_text=_("When it was reported."), verbose_name=_("reported on")
    )
    reported_by = models.ForeignKey(
        "claims.Claimant",
        on_delete=models.PROTECT,
        related_name="figures",
        null=True,
        blank=True,
        help_text=_("Who gave the figure; leave empty when it is the source's outlet's own."),
        verbose_name=_("reported by"),
    )
    reporting_outlet = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.PROTECT,
        related_name="figures",
        null=True,
        blank=True,
        help_text=_(
            "The outlet that gave the figure, when no claimant did (by default the source's)."
        ),
        verbose_name=_("reporting outlet"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="figures",
        null=True,
        blank=True,
        verbose_name=_("source"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    standing = models.CharField(
        max_length=10, choices=Standing, default=Standing.CURRENT, verbose_name=_("standing")
    )
    revised_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revises",
        help_text=_("The later figure from the same reporter that replaced this one."),
        verbose_name=_("revised by"),
    )
    revised_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the replacing figure was reported (or counted up to)."),
        verbose_name=_("revised on"),
    )
    claims = models.ManyToManyField(
        Claim,
        related_name="figures",
        blank=True,
        help_text=_("Claims that assert this figure."),
        verbose_name=_("claims"),
    )

    objects = FigureQuerySet.as_manager()

    class Meta(Record.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["as_of", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standing__in=Standing.values), name="figure_standing_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(approximate__in=Qualifier.values),
                name="figure_qualifier_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(as_of_precision__in=DatePrecision.values),
                name="figure_precision_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(value__isnull=False, low__isnull=True, high__isnull=True)
                    | models.Q(value__isnull=True, low__isnull=False, high__isnull=False)
                ),
                name="figure_value_or_range",
            ),
            models.CheckConstraint(
                condition=models.Q(low__isnull=True) | models.Q(high__gte=models.F("low")),
                name="figure_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(reported_by__isnull=False)
                | models.Q(reporting_outlet__isnull=False),
                name="figure_has_reporter",
            ),
        ]
        indexes = [
            models.Index(fields=["quantity", "as_of", "id"], name="figure_quantity_as_of_idx"),
            models.Index(
                fields=["revised_on"],
                name="figure_revised_idx",
                condition=models.Q(standing="revised"),
            ),
        ]

    def __str__(self):
        return f"{self.quantity}: {self.display_value} as of {self.as_of_display}"

    @property
    def display_value(self) -> str:
        """“about 2,500”, “164–225”, in the current language's number format."""
        return self._remembered(
            "display_value",
            (self.value, self.low, self.high, self.approximate),
            self._display_value,
        )

    def _display_value(self) -> str:
        if self.value is not None:
            amount = _number(self.value)
        else:
            amount = f"{_number(self.low)}–{_number(self.high)}"
        qualifier = self.get_approximate_display().lower() if self.approximate else ""
        return f"{qualifier} {amount}".strip()

    def _remembered(self, name: str, inputs: tuple, work) -> str:
        """What ``work()`` gives, worked out once for the same inputs in the same language:
        a page shows a figure's value and date in its table, its chart and beside the
        figures it replaced."""
        key = (translation.get_language(), inputs)
        memo = self.__dict__.setdefault("_shown", {})
        if name not in memo or memo[name][0] != key:
            memo[name] = (key, work())
        return memo[name][1]

    @property
    def point(self):
        """One number for the figure: its value, or the middle of its range."""
        return self.value if self.value is not None else (self.low + self.high) / 2

    @property
    def reporter_name(self) -> str:
        if self.reported_by_id:
            return self.reported_by.name
        return self.reporting_outlet.name if self.reporting_outlet_id else ""

    @property
    def reporter_key(self) -> tuple[str, int]:
        if self.reported_by_id:
            return ("claimant", self.reported_by_id)
        return ("outlet", self.reporting_outlet_id)

    @property
    def as_of_display(self) -> str:
        return self._remembered(
            "as_of_display",
            (self.as_of, self.as_of_precision),
            lambda: date_with_precision(self.as_of, self.as_of_precision),
        )


def _number(value) -> str:
    """Up to two decimal places, none when whole, grouped as the current language groups."""
    places = len(f"{value:.2f}".rstrip("0").rstrip(".").partition(".")[2])
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def date_with_precision(day, precision: str) -> str:
    """“9 January 2022”, “January 2022”, “2022” or “about 9 January 2022”, in the current
    language's date formats (core/formats/)."""
    if day is None:
        return ""
    match precision:
        case DatePrecision.MONTH:
            return formats.date_format(day, "YEAR_MONTH_FORMAT")
        case DatePrecision.YEAR:
            return f"{day:%Y}"
        case DatePrecision.APPROXIMATE:
            return gettext("about %(date)s") % {"date": formats.date_format(day)}
    return formats.date_format(day)


@tracked_links("claims", "FigureClaimHistory")
class FigureClaim(Figure.claims.through):
    """A claim asserting a figure, tracked like every other change."""

    class Meta:
        proxy = True


class ChangedFigureClaim(Claim):
    """The staff queue “figures changed since the verdict”, as a list in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("claim whose figures changed since the verdict")
        verbose_name_plural = _("figures changed since the verdict")


class ChangedSinceVerdict(models.Model):
    """A published claim in the queue “figures changed since the verdict”: stored, because
    working it out reads every revised figure of every published claim (seconds at a
    million claims). ``refresh_changed_since_verdict`` keeps it; nothing else writes it."""

    claim = models.OneToOneField(
        Claim, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"Claim {self.claim_id}: figures changed since the verdict"


def _due(claim_ids=None):
    """Published claims asserting a figure revised after the date their current verdict
    holds as of (its publication day when none was set)."""
    holds_as_of = Coalesce(
        models.OuterRef("claim__current_verdict__holds_as_of"),
        Cast(models.OuterRef("claim__current_verdict__published_at"), models.DateField()),
    )
    links = FigureClaim.objects.filter(
        figure__standing=Standing.REVISED, claim__status=Claim.Status.PUBLISHED
    )
    if claim_ids is not None:
        links = links.filter(claim_id__in=claim_ids)
    later = Figure.objects.filter(pk=models.OuterRef("figure_id"), revised_on__gt=holds_as_of)
    return set(links.filter(models.Exists(later)).values_list("claim_id", flat=True))


# The rule of _due in one statement: the queue's rows for the claims asked about (all when
# the array is NULL) become what the rule says, in one round trip per service call.
_REFRESH = """
WITH due AS (
    SELECT DISTINCT link.claim_id
    FROM figures_figure_claims link
    JOIN figures_figure figure ON figure.id = link.figure_id
    JOIN claims_claim claim ON claim.id = link.claim_id
    JOIN claims_verdict verdict ON verdict.id = claim.current_verdict_id
    WHERE figure.standing = 'revised' AND claim.status = 'published'
      AND figure.revised_on > COALESCE(verdict.holds_as_of, verdict.published_at::date)
      AND (%(ids)s::bigint[] IS NULL OR link.claim_id = ANY(%(ids)s::bigint[]))
), gone AS (
    DELETE FROM figures_changedsinceverdict queued
    WHERE (%(ids)s::bigint[] IS NULL OR queued.claim_id = ANY(%(ids)s::bigint[]))
      AND NOT EXISTS (SELECT 1 FROM due WHERE due.claim_id = queued.claim_id)
)
INSERT INTO figures_changedsinceverdict (claim_id) SELECT claim_id FROM due
ON CONFLICT (claim_id) DO NOTHING
"""


def refresh_changed_since_verdict(claim_ids=None) -> None:
    """Bring the queue up to date for these claims (all claims when None): called when
    figures, the claims they are linked to or verdicts change, and after bulk loads."""
    if claim_ids is not None:
        claim_ids = list(claim_ids)
        if not claim_ids:
            return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH, {"ids": claim_ids})


def changed_since_verdict_count() -> int:
    """How many claims the queue holds: its rows alone (only published claims are ever
    stored), without reading the claims."""
    return ChangedSinceVerdict.objects.count()


def changed_since_verdict(claims):
    """The staff queue “figures changed since the verdict”, read from its stored rows."""
    queued = ChangedSinceVerdict.objects.filter(claim=models.OuterRef("pk"))
    return claims.published().filter(models.Exists(queued))
