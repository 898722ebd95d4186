"""Reading other fact-checkers' reviews: responses of Google's Fact Check Tools API
(``claims:search``) and schema.org ClaimReview JSON-LD (one object, an array, a
``@graph``, a ``DataFeed`` with ``dataFeedElement``, or HTML pages carrying it in
``<script type="application/ld+json">``), from a file, a folder of files or a URL.

``read`` turns the input into records, each with its position ("page-2.json: claims[3]
.claimReview[0]") and either the values to store or the reason it cannot be stored;
``import_reviews`` stores every good record through ``intake.services.import_review``,
one transaction each, so a bad record never stops or half-writes the rest.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from core import safe_http
from core.background import enqueue_on_commit
from core.records import Refused
from intake import services, tasks
from intake.ratings import normalise_rating

SUFFIXES = {".json", ".jsonld", ".html", ".htm"}
MAX_FILE_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """The input as a whole cannot be read (no such file, not JSON, fetch refused)."""


@dataclass
class Record:
    position: str
    values: dict | None = None
    reason: str = ""


@dataclass
class Report:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} not imported"
        )


# Reading the input ---------------------------------------------------------------------


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
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


def records_from_bytes(body: bytes, name: str) -> list[Record]:
    """The records of one document (JSON or HTML)."""
    text = _decode(body)
    if text.lstrip().startswith("<"):
        parser = _JsonLdScripts()
        parser.feed(text)
        found = []
        for number, script in enumerate(parser.scripts, start=1):
            where = f"{name}: script {number}"
            try:
                data = json.loads(script)
            except json.JSONDecodeError as error:
                found.append(
                    Record(where, reason=f"not valid JSON ({error.msg}, line {error.lineno})")
                )
                continue
            found += schema_org_records(data, where)
        return found
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [Record(name, reason=f"not valid JSON ({error.msg}, line {error.lineno})")]
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        return fact_check_tools_records(data, name)
    return schema_org_records(data, name)


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


def _claim_review(node: dict, where: str) -> Record:
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    author = node.get("author")
    author = author[0] if isinstance(author, list) and author else author
    author = author if isinstance(author, dict) else {"name": author}
    rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    language = node.get("inLanguage")
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
    )


# Shaping values ------------------------------------------------------------------------


def _text(value, label: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"{label} must be text")


def _date(value, label: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{label} must be a date")
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"{label} “{value[:40]}” is not a date") from None


def _record(where: str, **raw) -> Record:
    try:
        values = {
            "url": _text(raw["url"], "url"),
            "claim_text": _text(raw["claim_text"], "the claim"),
            "claimant": _text(_name(raw["claimant"]), "the claimant")[:300],
            "claim_date": _date(raw["claim_date"], "the claim date"),
            "title": _text(raw["title"], "the title")[:500],
            "publisher_name": _text(raw["publisher_name"], "the publisher's name")[:300],
            "publisher_site": _text(raw["publisher_site"], "the publisher's site")[:300],
            "rating_text": _text(raw["rating_text"], "the rating")[:300],
            "review_date": _date(raw["review_date"], "the review date"),
            "language": _text(raw["language"], "the language")[:20],
        }
    except ValueError as error:
        return Record(where, reason=str(error))
    if not values["url"]:
        return Record(where, reason="no url (a review is kept by its address)")
    if not values["url"].startswith(("http://", "https://")):
        return Record(where, reason=f"the url “{values['url'][:80]}” is not an http(s) address")
    if not values["claim_text"]:
        return Record(where, reason="no claim text")
    values["rating"] = normalise_rating(values["rating_text"])
    return Record(where, values=values)


def import_reviews(records_: list[Record], *, by=None) -> Report:
    """Store every good record (one transaction each); count and report the rest."""
    report = Report()
    changed = []
    for record in records_:
        if record.values is None:
            report.errors.append((record.position, record.reason))
            continue
        try:
            review, outcome = services.import_review(values=record.values, by=by)
        except Refused as refusal:
            report.errors.append((record.position, str(refusal)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            changed.append(review.pk)
    if changed:
        enqueue_on_commit(tasks.embed, review_ids=changed)
    return report
