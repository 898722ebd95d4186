"""Other fact-checkers' ratings on our scale (claims/ratings.py), where the wording maps
clearly onto it. Anything unclear ("Needs context", "Satire", a rating in a language not
listed) stays unmapped: the review keeps its own words and no rating of ours, until an
editor maps the wording in the admin (``RatingWording``, intake/services.py
``save_rating_wording``), which also maps the reviews already imported with it."""

import re
import unicodedata

from claims.ratings import Rating
from intake.models import RatingWording

# Wordings compared after normalising case, accents, punctuation and spaces.
WORDINGS: dict[str, Rating] = {}
for rating, wordings in {
    Rating.FALSE: [
        "false",
        "fake",
        "pants on fire",
        "pants on fire!",
        "incorrect",
        "wrong",
        "untrue",
        "not true",
        "hoax",
        "fabricated",
        "four pinocchios",
        "faux",
        "falso",
        "falsch",
        "ложь",
        "неправда",
        "фейк",
        "не соответствует действительности",
    ],
    Rating.MOSTLY_FALSE: [
        "mostly false",
        "largely false",
        "three pinocchios",
        "mostly untrue",
        "скорее ложь",
        "в основном ложь",
    ],
    Rating.MIXED: [
        "half true",
        "half-true",
        "mixture",
        "mixed",
        "partly true",
        "partly false",
        "partially true",
        "partially false",
        "half right",
        "полуправда",
        "частично правда",
    ],
    Rating.MOSTLY_TRUE: ["mostly true", "largely true", "mostly correct", "скорее правда"],
    Rating.TRUE: [
        "true",
        "correct",
        "accurate",
        "verdadero",
        "vrai",
        "wahr",
        "правда",
        "соответствует действительности",
    ],
    Rating.MISLEADING: [
        "misleading",
        "false context",
        "missing context",
        "out of context",
        "distorts the facts",
        "cherry picks",
        "cherry-picked",
        "spin",
        "манипуляция",
        "вводит в заблуждение",
    ],
    Rating.UNSUBSTANTIATED: [
        "unsubstantiated",
        "unproven",
        "unverified",
        "no evidence",
        "unsupported",
        "не доказано",
    ],
}.items():
    for wording in wordings:
        WORDINGS[re.sub(r"[^\w]+", " ", wording).strip()] = rating


def wording_key(text: str) -> str:
    """A wording compared without case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def normalise_rating(text: str, editors: dict[str, str] | None = None) -> str:
    """Our rating code for another fact-checker's textual rating, or "" when unclear.
    ``editors`` ({key: rating}, from ``editor_wordings``) is consulted first."""
    key = wording_key(text or "")
    if editors and key in editors:
        return editors[key]
    rating = WORDINGS.get(key)
    return rating.value if rating else ""


def editor_wordings() -> dict[str, str]:
    """The wordings editors mapped in the admin, {key: rating}."""
    return dict(RatingWording.objects.values_list("key", "rating"))
