"""The public corrections feed (Atom): every correction of a verdict on a published claim,
newest first, with its date and its public note."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from claims.models import Verdict
from core.characters import strip_uncarriable

FEED_LENGTH = 50


class CarriableAtom1Feed(Atom1Feed):
    """Atom that stays well-formed XML whatever is stored: characters XML 1.0 cannot carry
    (which older rows may hold: published verdicts are never edited) are left out."""

    def add_item(self, title, link, description, **kwargs):
        kwargs = {name: strip_uncarriable(value) for name, value in kwargs.items()}
        super().add_item(strip_uncarriable(title), link, strip_uncarriable(description), **kwargs)


class CorrectionsFeed(Feed):
    feed_type = CarriableAtom1Feed
    subtitle = (
        "Every correction of a published verdict, with its date and the note that explains it."
    )

    def title(self):
        return f"{settings.FACTCHECK_PUBLISHER_NAME}: corrections"

    def link(self):
        return reverse("corrections-feed")

    def items(self):
        return Verdict.objects.public_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return f"Correction: {item.claim.summary}"

    def item_description(self, item):
        return format_html(
            "<p>{}</p><p>Rating changed from <strong>{}</strong> to <strong>{}</strong>.</p>",
            item.correction_note,
            item.corrects.get_rating_display(),
            item.get_rating_display(),
        )

    def item_link(self, item):
        return f"{item.claim.get_absolute_url()}#verdict-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return settings.FACTCHECK_PUBLISHER_NAME
