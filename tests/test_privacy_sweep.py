"""The privacy sweep: every URL pattern the project has, requested as an anonymous client,
never shows unpublished work.

The test walks the URL resolver, so a route added later is swept without editing this
file: each pattern's parameters are filled with the ids and slugs of unpublished records
(and of a published claim that has unpublished parts), list-like routes are also asked
with filters, and every answer, whatever its status, must not contain the marker that
all the unpublished text carries. A pattern the sweep cannot build an address for fails
the test, so no route is skipped silently.
"""

import re
from datetime import date
from itertools import product

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from claims import workflow
from claims.models import Claim
from core.throttles import AnonThrottle, SearchThrottle
from desk import services as desk_services
from desk.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "quillwort"  # in every unpublished name, slug and text (any case), nowhere else
SEARCH_WORD = "zeppelins"


@pytest.fixture
def unpublished(fact_checker, editor):
    outlet = factories.OutletFactory(name=f"{MARKER} Gazette", slug="quillwort-outlet")
    source = factories.SourceFactory(
        title=f"{MARKER} leaked memo", outlet=outlet, url="https://example.org/quillwort"
    )
    claimant = factories.ClaimantFactory(name=f"{MARKER} Minister", slug="quillwort-claimant")
    event = factories.EventFactory(name=f"{MARKER} summit", slug="quillwort-event")
    draft = factories.ClaimFactory(
        text=f"{MARKER}: the {SEARCH_WORD} landed at dawn.",
        summary=f"{MARKER} {SEARCH_WORD}",
        claimant=claimant,
        event=event,
    )
    evidence = factories.EvidenceFactory(claim=draft, source=source, excerpt=f"{MARKER} excerpt")
    appearance = factories.AppearanceFactory(claim=draft, source=source, quote=f"{MARKER} quote")
    draft_verdict = workflow.draft_verdict(
        claim=draft, by=fact_checker, rating="false", rationale=f"{MARKER} rationale"
    )
    workflow.move_claim(claim=draft, to=Claim.Status.RESEARCHING, by=fact_checker)

    # A published claim with a draft correction, affiliated with the hidden outlet.
    published = factories.published_claim(summary=f"Published {SEARCH_WORD} claim")
    published.claimant.affiliations.add(outlet)
    factories.EvidenceFactory(claim=published, stance="context")
    correction = workflow.draft_verdict(
        claim=published,
        by=fact_checker,
        rating="true",
        rationale=f"{MARKER} correction rationale",
        correction_note=f"{MARKER} correction note",
    )

    # A retracted claim: its notice is public, its evidence is not.
    retracted = factories.published_claim(summary="Retracted claim")
    retracted_evidence = factories.EvidenceFactory(
        claim=retracted,
        excerpt=f"{MARKER} retracted excerpt",
        source=factories.SourceFactory(title=f"{MARKER} retracted source"),
    )
    workflow.retract_claim(claim=retracted, by=editor, reason="The recording was misattributed.")

    # The desk's comments (on the published claim too) and the notifications they cause.
    comments = [
        desk_services.post_comment(
            on=published, by=fact_checker, text=f"@{editor.username} {MARKER} comment"
        ),
        desk_services.post_comment(on=draft, by=editor, text=f"{MARKER} note on a draft"),
        desk_services.post_comment(on=correction, by=editor, text=f"{MARKER} on the draft verdict"),
        desk_services.post_comment(on=source, by=editor, text=f"{MARKER} on the source"),
    ]
    desk_services.set_due_date(claim=draft, due_on=date(2026, 1, 10), by=editor)

    records = [
        draft, evidence, appearance, draft_verdict, source, outlet, claimant, event,
        published, correction, retracted, retracted_evidence, *comments,
        *Notification.objects.all(),
    ]  # fmt: skip
    return {
        "published": published.pk,
        "ids": sorted({str(record.pk) for record in records}),
        "slugs": ["quillwort-outlet", "quillwort-claimant", "quillwort-event"],
    }


def patterns(resolver=None, prefix=""):
    """(address pattern, pattern object) of every route, with its prefixes joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern, entry


GROUP = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex_name>\w+)>")


def _close_group(text: str, start: int) -> int:
    """The index just past the parenthesis that closes the group opened at ``start``."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "\\":
            continue
        if text[index] == "(" and (index == 0 or text[index - 1] != "\\"):
            depth += 1
        elif text[index] == ")" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index + 1
    raise ValueError(f"Unbalanced pattern {text!r}")


def parameters(pattern: str) -> list[tuple[str, int, int, str]]:
    """(name, start, end, regex) of each parameter in a route or regex pattern (the regex
    is empty for a route's converter)."""
    found = []
    for match in GROUP.finditer(pattern):
        if match["name"]:
            found.append((match["name"], match.start(), match.end(), ""))
        else:
            end = _close_group(pattern, match.start())
            found.append((match["regex_name"], match.start(), end, pattern[match.end() : end - 1]))
    return found


def candidates(name: str, regex: str, unpublished) -> list[str]:
    if re.fullmatch(r"\w+(\|\w+)+", regex):  # a choice of words, e.g. the admin's app labels
        return regex.split("|")
    if name == "format":
        return ["json"]
    if "slug" in name:
        return unpublished["slugs"]
    if name in {"pk", "id", "object_id"} or name.endswith("_id"):
        return unpublished["ids"]
    return ["x", *unpublished["slugs"], *unpublished["ids"][:3]]


def addresses(pattern: str, unpublished) -> list[str]:
    params = parameters(pattern)
    values = [candidates(name, regex, unpublished) for name, _, _, regex in params]
    built = []
    for combination in product(*values):
        text, offset = pattern, 0
        for (_, start, end, _), value in zip(params, combination, strict=True):
            text = text[: start + offset] + value + text[end + offset :]
            offset += len(value) - (end - start)
        text = text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        built.append("/" + text)
    return built


FILTERS = [
    "",
    "?status=draft",
    "?status=researching",
    f"?q={SEARCH_WORD}",
    "?claimant=quillwort-claimant",
    "?event=quillwort-event",
    "?outlet=quillwort-outlet",
    "?stance=supports",
    "?ordering=-updated_at",
    "?page_size=200",
    "?format=json",
    "?format=api",
]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def shown(response, address: str) -> str:
    """What the answer shows beyond the request itself: an address or a filter value the
    page repeats back (in a link, a form, an error) is what the client sent, not a leak."""
    text = body(response).lower()
    for echoed in sorted(re.split(r"[/?&=]", address.lower()), key=len, reverse=True):
        if MARKER in echoed:
            text = text.replace(echoed, "")
    return text


@pytest.fixture
def unthrottled(monkeypatch):
    """The sweep sends thousands of requests from one address."""
    for throttle in (AnonThrottle, SearchThrottle):
        monkeypatch.setattr(throttle, "allow_request", lambda self, request, view: True)


def test_no_route_shows_unpublished_work_to_an_anonymous_client(client, unpublished, unthrottled):
    swept, unreachable = 0, []
    for pattern, entry in patterns():
        built = [
            address for address in addresses(pattern, unpublished) if _resolves(address, entry)
        ]
        if not built:
            unreachable.append(pattern)
            continue
        for address in built:
            queries = FILTERS if not parameters(pattern) else ["", "?format=json"]
            for query in queries:
                response = client.get(address + query, HTTP_ACCEPT="text/html,application/json")
                swept += 1
                assert response.status_code < 500, address + query
                assert response.status_code != 429, address + query
                assert MARKER not in shown(response, address + query), (
                    f"{address}{query} shows unpublished work"
                )

    assert unreachable == []
    assert swept > 500  # the walk found the API, the pages, the feeds and the admin


def _resolves(address: str, entry: URLPattern) -> bool:
    try:
        match = resolve(address.split("?")[0])
    except Resolver404:
        return False
    return match.func == entry.callback or getattr(match.func, "cls", None) == getattr(
        entry.callback, "cls", object()
    )


def test_the_sweep_would_see_unpublished_work_if_it_leaked(editor_client, unpublished):
    """The same walk as a signed-in editor finds the marker: the sweep can fail."""
    seen = [
        address
        for address in [
            "/api/v1/claims/",
            "/claims/",
            "/api/v1/sources/",
            "/api/v1/outlets/",
            f"/api/v1/claims/{unpublished['published']}/comments/",
            "/api/v1/notifications/",
        ]
        if MARKER in body(editor_client.get(address)).lower()
    ]

    assert len(seen) == 6
