"""The public corrections feed (Atom): every correction of a verdict on a published claim,
newest first, with its date and its public note.

Its ``rel=alternate`` link is the corrections page (what a reader opens from a feed
reader), ``rel=self`` the feed itself. ``xml:lang`` is the language of the content: the
site's, and on an entry whose claim is kept in another language, that claim's.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.claimreview import claim_language
from claims.models import Verdict
from core.characters import strip_uncarriable
from core.http_cache import tag

FEED_LENGTH = 50


class _AtomWithEntryLanguage(Atom1Feed):
    """Atom that stays well-formed XML whatever is stored: characters XML 1.0 cannot carry
    (which older rows may hold: published verdicts are never edited) are left out; an
    entry in another language than the feed's says so (``xml:lang``)."""

    def add_item(self, title, link, description, **kwargs):
        kwargs = {name: strip_uncarriable(value) for name, value in kwargs.items()}
        super().add_item(strip_uncarriable(title), link, strip_uncarriable(description), **kwargs)

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language") and item["language"] != self.feed["language"]:
            attributes["xml:lang"] = item["language"]
        return attributes


class CorrectionsFeed(Feed):
    feed_type = _AtomWithEntryLanguage
    subtitle = gettext_lazy(
        "Every correction of a published verdict, with its date and the note that explains it."
    )

    def get_object(self, request, *args, **kwargs):
        tag(request, "claims")
        return None

    def title(self):
        return _("%(publisher)s: corrections") % {"publisher": settings.FACTCHECK_PUBLISHER_NAME}

    def link(self):
        return reverse("corrections")

    def feed_url(self):
        return reverse("corrections-feed")

    @property
    def language(self):
        # The language of the content (notes are written in the site's language), not the
        # reader's interface language that Django would otherwise put here.
        return settings.LANGUAGE_CODE

    def items(self):
        return Verdict.objects.public_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return _("Correction: %(summary)s") % {"summary": item.claim.summary}

    def item_description(self, item):
        return format_html(
            "<p>{}</p><p>{}</p>",
            item.correction_note,
            format_html(
                _("Rating changed from <strong>{}</strong> to <strong>{}</strong>."),
                item.corrects.get_rating_display(),
                item.get_rating_display(),
            ),
        )

    def item_link(self, item):
        return f"{item.claim.get_absolute_url()}#verdict-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return settings.FACTCHECK_PUBLISHER_NAME

    def item_extra_kwargs(self, item):
        return {"language": claim_language(item.claim)}
