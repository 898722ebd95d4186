"""The rating scale: the one place that says which verdicts exist and how they map onto
schema.org ClaimReview.

Ratings on the ordered part of the scale (false ... true) carry a ``ratingValue`` between
WORST_RATING and BEST_RATING; the others are textual only.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    FALSE = "false", _("False")
    MOSTLY_FALSE = "mostly_false", _("Mostly false")
    MIXED = "mixed", _("Half true")
    MOSTLY_TRUE = "mostly_true", _("Mostly true")
    TRUE = "true", _("True")
    MISLEADING = "misleading", _("Misleading")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    NOT_CHECKABLE = "not_checkable", _("Not checkable")


@dataclass(frozen=True)
class RatingInfo:
    rating: Rating
    value: int | None
    description: str

    @property
    def label(self) -> str:
        return self.rating.label


WORST_RATING = 1
BEST_RATING = 5

SCALE: dict[str, RatingInfo] = {
    info.rating.value: info
    for info in [
        RatingInfo(Rating.FALSE, 1, _("The claim is inaccurate; the evidence shows otherwise.")),
        RatingInfo(
            Rating.MOSTLY_FALSE,
            2,
            _("The claim has an element of truth but ignores facts that change its meaning."),
        ),
        RatingInfo(
            Rating.MIXED, 3, _("The claim is partly accurate and leaves out important details.")
        ),
        RatingInfo(
            Rating.MOSTLY_TRUE, 4, _("The claim is accurate but needs clarification or context.")
        ),
        RatingInfo(Rating.TRUE, 5, _("The claim is accurate and nothing significant is missing.")),
        RatingInfo(
            Rating.MISLEADING,
            None,
            _("Accurate facts presented so as to leave a false impression."),
        ),
        RatingInfo(
            Rating.UNSUBSTANTIATED,
            None,
            _("Asserted without evidence that the claimant or anyone else has made available."),
        ),
        RatingInfo(
            Rating.NOT_CHECKABLE,
            None,
            _("An opinion, intention or prediction that evidence cannot settle."),
        ),
    ]
}

# Ratings that say a claim holds, and ratings that say it does not: used to flag a
# published verdict that disagrees with the evidence.
AFFIRMING = frozenset({Rating.TRUE, Rating.MOSTLY_TRUE})
DENYING = frozenset({Rating.FALSE, Rating.MOSTLY_FALSE})


def rating_info(rating: str) -> RatingInfo:
    return SCALE[rating]
