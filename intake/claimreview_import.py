"""Reading other fact-checkers' reviews: responses of Google's Fact Check Tools API
(``claims:search``) and schema.org ClaimReview JSON-LD (one object, an array, a
``@graph``, a ``DataFeed`` with ``dataFeedElement``, or HTML pages carrying it in
``<script type="application/ld+json">``), from a file, a folder of files or a URL.

``read`` turns the input into records, each with its position ("page-2.json: claims[3]
.claimReview[0]") and either the values to store or the reason it cannot be stored;
``import_reviews`` stores every good record through ``intake.services.import_review``,
one transaction each, so a bad record never stops or half-writes the rest.

What is kept of a review: its address, the claim, who made it and when, where it appeared
(``itemReviewed``'s appearances), the publisher (its site normalised to a host name), the
rating as worded and as numbers (``ratingValue``, ``bestRating``, ``worstRating``), the
review's date and language (JSON-LD ``inLanguage``, Fact Check Tools ``languageCode``, or
an HTML page's ``lang``). A record is refused, with the reason, when its address or claim
is missing, when a text is longer than its field (nothing is cut silently), or when a text
holds a control character that XML and JSON consumers cannot carry (such as NUL). An
optional value that is invalid (a date such as 2020-02-30, a rating that is not a number,
an appearance that is not an http(s) address) is dropped with a warning for that record,
and the rest of the record is stored. JSON nested deeper than ``MAX_DEPTH`` is refused
where it is nested, not for the whole file. A review given in several languages under one
address (a feed such as ours lists a review per translation of the verdict) is kept once:
in this site's language where the input has it, else in the language of the first.
"""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError
from django.utils.translation import gettext

from claims.languages import primary
from core import safe_http
from core.background import enqueue_on_commit
from core.records import Refused
from intake import services, tasks
from intake.addresses import publisher_host, review_identity
from intake.models import ExternalReview
from intake.ratings import editor_wordings, normalise_rating

SUFFIXES = {".json", ".jsonld", ".html", ".htm"}
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
TOO_DEEP = "\ufdd0nested too deeply\ufdd0"  # stands for what was nested past MAX_DEPTH
# Characters that XML 1.0 cannot carry and PostgreSQL refuses (NUL), or that are not text.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class InputError(Exception):
    """The input as a whole cannot be read (no such file, not JSON, fetch refused)."""


@dataclass
class Record:
    position: str
    values: dict | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # Reviews of an address already imported from the input in another language.
    other_languages: int = 0

    def summary(self) -> str:
        summary = gettext(
            "%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(errors)s not imported"
        ) % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }
        if self.other_languages:
            summary += gettext(", %(count)s left out (the same review in another language)") % {
                "count": self.other_languages
            }
        return summary


# Reading the input ---------------------------------------------------------------------


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.language = ""
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "html" and not self.language:
            self.language = (dict(attrs).get("lang") or "").strip()
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _cap_depth(text: str) -> str:
    """The JSON text with every value nested deeper than MAX_DEPTH replaced by TOO_DEEP,
    found without recursion (strings are skipped whole, so brackets in them do not count)."""
    pieces, depth, start, kept_from = [], 0, None, 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth == MAX_DEPTH + 1 and start is None:
                start = token.start()
        elif mark in "]}":
            depth -= 1
            if depth == MAX_DEPTH and start is not None:
                pieces += [text[kept_from:start], json.dumps(TOO_DEEP)]
                kept_from, start = token.end(), None
    return "".join(pieces) + text[kept_from:]


def _load(text: str):
    """The parsed JSON; what is nested too deeply for Python stands as TOO_DEEP."""
    try:
        return json.loads(text)
    except RecursionError:
        return json.loads(_cap_depth(text))


def _records_of(data, where: str) -> list[Record]:
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        return fact_check_tools_records(data, where)
    return schema_org_records(data, where)


def _document_records(text: str, where: str, language: str = "") -> list[Record]:
    try:
        try:
            found = _records_of(_load(text), where)
        except RecursionError:
            # Parsed, but too deep to walk: walk it again with the deep parts set aside.
            found = _records_of(json.loads(_cap_depth(text)), where)
    except json.JSONDecodeError as error:
        return [Record(where, reason=f"not valid JSON ({error.msg}, line {error.lineno})")]
    except RecursionError:
        return [Record(where, reason=f"nested more than {MAX_DEPTH} levels deep")]
    if language:
        for record in found:
            if record.values is not None and not record.values["language"]:
                record.values["language"] = _language(language, "the page's language", record)
    return found


def records_from_bytes(body: bytes, name: str) -> list[Record]:
    """The records of one document (JSON or HTML)."""
    text = _decode(body)
    if text.lstrip().startswith("<"):
        parser = _JsonLdScripts()
        parser.feed(text)
        found = []
        for number, script in enumerate(parser.scripts, start=1):
            found += _document_records(script, f"{name}: script {number}", parser.language)
        return found
    return _document_records(text, name)


def read(path_or_url: str) -> list[Record]:
    """Every record of a file, of the files of a folder (in name order) or of a URL."""
    if path_or_url.startswith(("http://", "https://")):
        try:
            answer = safe_http.fetch(path_or_url, max_bytes=MAX_FILE_BYTES)
        except safe_http.FetchError as error:
            raise InputError(f"{path_or_url} was not fetched: {error.reason}") from error
        if not answer.ok:
            raise InputError(f"{path_or_url} answered {answer.status} {answer.reason_phrase}.")
        return records_from_bytes(answer.body, path_or_url)
    path = Path(path_or_url)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError(f"{path} holds no .json, .jsonld or .html files.")
        return [record for file in files for record in _file_records(file)]
    if not path.is_file():
        raise InputError(f"{path} is neither a file, a folder nor an http(s) address.")
    return _file_records(path)


def _file_records(path: Path) -> list[Record]:
    if path.stat().st_size > MAX_FILE_BYTES:
        return [Record(path.name, reason=f"larger than {MAX_FILE_BYTES // 2**20} MB")]
    return records_from_bytes(path.read_bytes(), path.name)


# Google Fact Check Tools ---------------------------------------------------------------


def fact_check_tools_records(data: dict, name: str) -> list[Record]:
    found = []
    for i, claim in enumerate(data["claims"]):
        where = f"{name}: claims[{i}]"
        if not isinstance(claim, dict):
            found.append(Record(where, reason="a claim must be an object"))
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            found.append(Record(where, reason="no claimReview"))
            continue
        for j, review in enumerate(reviews):
            position = f"{where}.claimReview[{j}]"
            if not isinstance(review, dict):
                found.append(Record(position, reason="a claimReview must be an object"))
                continue
            publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
            found.append(
                _record(
                    position,
                    url=review.get("url"),
                    claim_text=claim.get("text"),
                    claimant=claim.get("claimant"),
                    claim_date=claim.get("claimDate"),
                    title=review.get("title"),
                    publisher_name=publisher.get("name"),
                    publisher_site=publisher.get("site"),
                    rating_text=review.get("textualRating"),
                    review_date=review.get("reviewDate"),
                    language=review.get("languageCode"),
                    appearances=[],
                    rating={},
                )
            )
    return found


# schema.org ClaimReview ----------------------------------------------------------------


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def schema_org_records(data, name: str) -> list[Record]:
    found: list[Record] = []
    _walk(data, name, found, top=True)
    if not found:
        found.append(Record(name, reason="no ClaimReview found"))
    return found


def _walk(node, where: str, found: list, *, top: bool = False) -> None:
    if node == TOO_DEEP:
        found.append(Record(where, reason=f"nested more than {MAX_DEPTH} levels deep"))
        return
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, f"{where}[{i}]" if not top else f"{where}: [{i}]", found)
        return
    if not isinstance(node, dict):
        found.append(Record(where, reason="expected an object"))
        return
    prefix = f"{where}: " if top else f"{where}."
    types = _types(node)
    if "ClaimReview" in types:
        found.append(_claim_review(node, where))
    elif "@graph" in node:
        _walk_list(node["@graph"], f"{prefix}@graph", found)
    elif "DataFeed" in types or "dataFeedElement" in node:
        _walk_list(node.get("dataFeedElement"), f"{prefix}dataFeedElement", found)
    elif "DataFeedItem" in types and "item" in node:
        _walk(node["item"], f"{prefix}item", found)
    elif not top:
        found.append(
            Record(where, reason=f"not a ClaimReview ({', '.join(sorted(types)) or 'no @type'})")
        )


def _walk_list(items, where: str, found: list) -> None:
    if not isinstance(items, list):
        found.append(Record(where, reason="expected a list"))
        return
    for i, item in enumerate(items):
        _walk(item, f"{where}[{i}]", found)


def _name(value) -> str | None:
    if isinstance(value, dict):
        return value.get("name")
    if isinstance(value, list) and value:
        return _name(value[0])
    return value


def _holds_too_deep(node) -> bool:
    stack = [node]
    while stack:
        value = stack.pop()
        if value == TOO_DEEP:
            return True
        if isinstance(value, dict):
            stack += value.values()
        elif isinstance(value, list):
            stack += value
    return False


def _addresses(value) -> list:
    """The addresses of an ``appearance`` (a work, an address, or a list of them)."""
    values = value if isinstance(value, list) else [value]
    return [v.get("url") if isinstance(v, dict) else v for v in values if v]


def _claim_review(node: dict, where: str) -> Record:
    if _holds_too_deep(node):
        return Record(where, reason=f"nested more than {MAX_DEPTH} levels deep")
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    author = node.get("author")
    author = author[0] if isinstance(author, list) and author else author
    author = author if isinstance(author, dict) else {"name": author}
    rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    language = node.get("inLanguage")
    appearances = [
        *_addresses(item.get("url")),
        *_addresses(item.get("firstAppearance")),
        *_addresses(item.get("appearance")),
    ]
    return _record(
        where,
        url=node.get("url"),
        claim_text=node.get("claimReviewed") or item.get("name") or item.get("text"),
        claimant=_name(item.get("author")),
        claim_date=item.get("datePublished"),
        title=node.get("headline") or node.get("name"),
        publisher_name=author.get("name"),
        publisher_site=author.get("url"),
        rating_text=rating.get("alternateName") or rating.get("name"),
        review_date=node.get("datePublished"),
        language=_name(language) if isinstance(language, dict) else language,
        appearances=appearances,
        rating=rating,
    )


# Shaping values ------------------------------------------------------------------------


def _max_length(name: str) -> int | None:
    return ExternalReview._meta.get_field(name).max_length


def _text(value, label: str, name: str | None = None) -> str:
    """Text on one line; refused (ValueError) when it is not text, holds a character that
    cannot be stored, or is longer than the field ``name`` keeps."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{label} must be text")
    text = " ".join(value.split())
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        raise ValueError(
            f"{label} holds a control character (U+{ord(bad.group()):04X}) that cannot be stored"
        )
    limit = name and _max_length(name)
    if limit and len(text) > limit:
        raise ValueError(f"{label} is {len(text)} characters long; at most {limit} are kept")
    return text


def _date(value, label: str, record: Record) -> date | None:
    """The date, or None with a warning on the record when it is not one."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
    shown = str(value)[:40] if isinstance(value, str | int | float) else type(value).__name__
    record.warnings.append(f"{label} “{shown}” is not a date: left empty")
    return None


def _number(value, label: str, record: Record) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value) if not isinstance(value, bool | dict | list) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        record.warnings.append(f"{label} “{str(value)[:40]}” is not a number: left empty")
        return None
    return number


def _language(value, label: str, record: Record) -> str:
    if value in (None, ""):
        return ""
    text = value.strip() if isinstance(value, str) else ""
    if not LANGUAGE_TAG.match(text) or len(text) > _max_length("language"):
        record.warnings.append(f"{label} “{str(value)[:40]}” is not a language tag: left empty")
        return ""
    return text


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return not FORBIDDEN_CHARACTERS.search(url)


def _appearance_urls(values: list, record: Record) -> list[str]:
    kept: list[str] = []
    limit = ExternalReview._meta.get_field("appearance_urls").base_field.max_length
    for value in values:
        url = value.strip() if isinstance(value, str) else ""
        if url.startswith(("http://", "https://")) and len(url) <= limit and _valid_url(url):
            if url not in kept:
                kept.append(url)
            continue
        record.warnings.append(
            f"the appearance “{str(value)[:80]}” is not an http(s) address: left out"
        )
    return kept


def _has_host(url: str) -> bool:
    try:
        return bool(review_identity(url).split("/", 1)[0])
    except ValueError:  # a port that is not a number, a malformed IPv6 host
        return False


def _record(where: str, **raw) -> Record:
    record = Record(where)
    rating = raw["rating"]
    try:
        values = {
            "url": _text(raw["url"], "the url", "url"),
            "claim_text": _text(raw["claim_text"], "the claim"),
            "claimant": _text(_name(raw["claimant"]), "the claimant", "claimant"),
            "title": _text(raw["title"], "the title", "title"),
            "publisher_name": _text(
                raw["publisher_name"], "the publisher's name", "publisher_name"
            ),
            "publisher_site": publisher_host(
                _text(raw["publisher_site"], "the publisher's site", "publisher_site")
            ),
            "rating_text": _text(raw["rating_text"], "the rating", "rating_text"),
        }
    except ValueError as error:
        return Record(where, reason=str(error))
    if not values["url"]:
        return Record(where, reason="no url (a review is kept by its address)")
    if not values["url"].startswith(("http://", "https://")) or not _has_host(values["url"]):
        return Record(where, reason=f"the url “{values['url'][:80]}” is not an http(s) address")
    if not values["claim_text"]:
        return Record(where, reason="no claim text")
    values.update(
        claim_date=_date(raw["claim_date"], "the claim date", record),
        review_date=_date(raw["review_date"], "the review date", record),
        language=_language(raw["language"], "the language", record),
        rating_value=_number(rating.get("ratingValue"), "the rating value", record),
        best_rating=_number(rating.get("bestRating"), "the best rating", record),
        worst_rating=_number(rating.get("worstRating"), "the worst rating", record),
        appearance_urls=_appearance_urls(raw["appearances"], record),
    )
    record.values = values
    return record


def _in_other_languages(records_: list[Record]) -> set[int]:
    """The positions in ``records_`` of reviews left out because the input holds the same
    review (the same address) in another language: of each address, the reviews in this
    site's language are kept, else those in the language of the first one."""
    site = primary(settings.LANGUAGE_CODE)
    by_address: dict[str, list[int]] = {}
    for index, record in enumerate(records_):
        if record.values is not None:
            by_address.setdefault(review_identity(record.values["url"]), []).append(index)
    left_out = set()
    for indexes in by_address.values():
        spoken = [primary(records_[index].values["language"]) for index in indexes]
        kept = site if site in spoken else spoken[0]
        left_out |= {
            index for index, language in zip(indexes, spoken, strict=True) if language != kept
        }
    return left_out


def import_reviews(records_: list[Record], *, by=None) -> Report:
    """Store every good record (one transaction each); count and report the rest. A review
    that the input also holds in other languages (a feed lists one per translation, under
    the same address) is kept once, in this site's language where there is one."""
    report = Report()
    changed = []
    wordings = editor_wordings()
    left_out = _in_other_languages(records_)
    for index, record in enumerate(records_):
        if record.values is None:
            report.errors.append((record.position, record.reason))
            continue
        if index in left_out:
            report.other_languages += 1
            continue
        values = {
            **record.values,
            "rating": normalise_rating(record.values["rating_text"], wordings),
        }
        try:
            review, outcome = services.import_review(values=values, by=by)
        except Refused as refusal:
            report.errors.append((record.position, str(refusal)))
            continue
        except DatabaseError as error:
            # What the checks above missed and the database refused: that record only.
            report.errors.append((record.position, f"refused by the database ({error})"))
            continue
        report.warnings += [(record.position, warning) for warning in record.warnings]
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            changed.append(review.pk)
    if changed:
        enqueue_on_commit(tasks.embed, review_ids=changed)
    return report
