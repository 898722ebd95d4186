"""The pure assessment function, rule by rule: one table with a row per rule and case, then
the explanations a reader gets."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from claims.assessment import (
    RULES,
    AssessmentInput,
    EvidenceItem,
    EvidenceStatus,
    SourceInfo,
    assess,
    largest_independent_set,
)
from claims.ratings import Rating

OWN_OUTLET = 100
S, C, X = "supports", "contradicts", "context"


def source(pk, *, title=None, outlet=None, outlet_name=None, reliability="high", **more):
    return SourceInfo(
        pk,
        title or f"Source {pk}",
        outlet if outlet is not None else pk,
        outlet_name or f"Outlet {pk}",
        reliability,
        **more,
    )


def piece(pk, stance=S, strength="strong", relies_on=()):
    return EvidenceItem(pk, stance, strength, frozenset(relies_on))


def run(evidence, *, sources=(), cites=None, checkable=True, state_country=""):
    known = {s.id: s for s in sources}
    for item in evidence:
        known.setdefault(item.source_id, source(item.source_id))
    for cited in (cites or {}).values():
        for pk in cited:
            known.setdefault(pk, source(pk))
    return assess(
        AssessmentInput(
            checkable=checkable,
            evidence=list(evidence),
            sources=known,
            cites={k: frozenset(v) for k, v in (cites or {}).items()},
            affiliated_outlets=frozenset({OWN_OUTLET}),
            state_country=state_country,
        )
    )


def own(pk, title=None):
    return source(pk, title=title, outlet=OWN_OUTLET, outlet_name="The claimant's office")


def state_body(pk, country, title=None):
    return source(
        pk, title=title, outlet_country=country, state_affiliated=True, outlet_name="Ministry"
    )


WITHDRAWN = date(2022, 3, 3)


@dataclass
class Case:
    rule: str
    name: str
    evidence: list
    status: str
    independent: tuple[int, int]  # (supporting, contradicting)
    sources: list = field(default_factory=list)
    cites: dict = field(default_factory=dict)
    state_country: str = ""
    checkable: bool = True

    def __str__(self):
        return f"{self.rule}: {self.name}"


E = EvidenceStatus
CASES = [
    # The statuses.
    Case("status", "marked not checkable", [piece(1)], E.NOT_CHECKABLE, (1, 0), checkable=False),
    Case("status", "nothing linked yet", [], E.UNVERIFIED, (0, 0)),
    Case("status", "one independent supporter", [piece(1)], E.SINGLE_ORIGIN, (1, 0)),
    Case("status", "two independent supporters", [piece(1), piece(2)], E.CORROBORATED, (2, 0)),
    Case("status", "one independent contradiction", [piece(1, C)], E.CONTRADICTED, (0, 1)),
    Case("status", "support and contradiction", [piece(1), piece(2, C)], E.CONTESTED, (1, 1)),
    # Rule 1: provenance per piece of evidence.
    Case(
        "provenance",
        "a report relying on the claimant's statement through its citations is not independent",
        [piece(1)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[own(9)],
        cites={1: {9, 8}},
    ),
    Case(
        "provenance",
        "relies_on narrowing a report to an independent citation makes it independent",
        [piece(1, relies_on={8})],
        E.SINGLE_ORIGIN,
        (1, 0),
        sources=[own(9)],
        cites={1: {9, 8}},
    ),
    Case(
        "provenance",
        "what a piece relies on is followed through citations (a cites b cites c)",
        [piece(1), piece(3)],
        E.SINGLE_ORIGIN,
        (1, 0),
        cites={1: {2}, 2: {3}},
    ),
    Case(
        "provenance",
        "relies_on is followed through citations too",
        [piece(1, relies_on={2}), piece(3)],
        E.SINGLE_ORIGIN,
        (1, 0),
        cites={2: {3}},
    ),
    Case(
        "provenance",
        "a cycle of citations neither hangs nor crashes",
        [piece(1), piece(2)],
        E.SINGLE_ORIGIN,
        (1, 0),
        cites={1: {2}, 2: {3}, 3: {1}},
    ),
    # Rule 2: independence, counted exactly; context takes no part.
    Case(
        "independence",
        "three outlets repeating one statement count once",
        [piece(1), piece(2), piece(3)],
        E.SINGLE_ORIGIN,
        (1, 0),
        cites={1: {9}, 2: {9}, 3: {9}},
    ),
    Case(
        "independence",
        "sources with unrelated citations stay separate",
        [piece(1), piece(2)],
        E.CORROBORATED,
        (2, 0),
        cites={1: {8}, 2: {9}},
    ),
    Case(
        "independence",
        "a report citing two independent reports does not merge them",
        [piece(1), piece(2), piece(3)],
        E.CORROBORATED,
        (2, 0),
        cites={3: {1, 2}},
    ),
    Case(
        "independence",
        "the largest independent set is found, not the first one met",
        [piece(1), piece(2), piece(3)],
        E.CORROBORATED,
        (2, 0),
        cites={1: {2, 3}},
    ),
    Case(
        "independence",
        "a context source citing two supporters does not merge them",
        [piece(1), piece(2), piece(3, X)],
        E.CORROBORATED,
        (2, 0),
        cites={3: {1, 2}},
    ),
    Case(
        "independence",
        "a context source citing the claimant's statement and an independent witness "
        "leaves the witness's contradiction counting",
        [piece(9, S, "weak"), piece(2, C), piece(3, X)],
        E.CONTRADICTED,
        (0, 1),
        sources=[own(9)],
        cites={3: {9, 2}},
    ),
    Case(
        "independence",
        "context evidence alone is no independent evidence",
        [piece(1, X)],
        E.UNSUBSTANTIATED,
        (0, 0),
    ),
    # Rule 3: the claimant's own material, per piece.
    Case(
        "own material",
        "material from an affiliated outlet never counts",
        [piece(9)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[own(9)],
    ),
    Case(
        "own material",
        "a state actor's own state media and ministry do not corroborate it",
        [piece(1), piece(2)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[state_body(1, "KZ"), state_body(2, "KZ")],
        state_country="KZ",
    ),
    Case(
        "own material",
        "another country's state bodies are not the state actor's own",
        [piece(1), piece(2)],
        E.CORROBORATED,
        (2, 0),
        sources=[state_body(1, "RU"), state_body(2, "KG")],
        state_country="KZ",
    ),
    Case(
        "own material",
        "state bodies are not a private claimant's own",
        [piece(1)],
        E.SINGLE_ORIGIN,
        (1, 0),
        sources=[state_body(1, "KZ")],
    ),
    Case(
        "own material",
        "a report relaying a state body is a state actor's own",
        [piece(1)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[state_body(9, "KZ")],
        cites={1: {9}},
        state_country="KZ",
    ),
    Case(
        "own material",
        "one piece being the claimant's own never makes another the claimant's own",
        [piece(9), piece(2)],
        E.SINGLE_ORIGIN,
        (1, 0),
        sources=[own(9)],
        cites={9: {2}},
    ),
    Case(
        "own material",
        "the claimant's own material contradicting it does not count either",
        [piece(9, C)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[own(9)],
    ),
    # Rule 4: withdrawn material.
    Case(
        "withdrawn",
        "a withdrawn source counts on neither side",
        [piece(1, C)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[source(1, withdrawn_on=WITHDRAWN)],
    ),
    Case(
        "withdrawn",
        "a report relying on withdrawn material counts on neither side",
        [piece(1), piece(2)],
        E.SINGLE_ORIGIN,
        (1, 0),
        sources=[source(9, withdrawn_on=WITHDRAWN)],
        cites={1: {9}},
    ),
    Case(
        "withdrawn",
        "relies_on away from withdrawn material lets the piece count",
        [piece(1, relies_on={8}), piece(2)],
        E.CORROBORATED,
        (2, 0),
        sources=[source(9, withdrawn_on=WITHDRAWN)],
        cites={1: {9, 8}},
    ),
    # Qualification.
    Case(
        "qualification",
        "two low-reliability supporters do not count",
        [piece(1), piece(2)],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[source(1, reliability="low"), source(2, reliability="low")],
    ),
    Case(
        "qualification",
        "weak evidence from an outlet of unknown reliability does not count",
        [piece(1, C, "weak")],
        E.UNSUBSTANTIATED,
        (0, 0),
        sources=[source(1, reliability="unknown")],
    ),
    Case(
        "qualification",
        "low reliability beside stronger support adds nothing",
        [piece(1), piece(2)],
        E.SINGLE_ORIGIN,
        (1, 0),
        sources=[source(1, reliability="low")],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_rule(case):
    result = run(
        case.evidence,
        sources=case.sources,
        cites=case.cites,
        checkable=case.checkable,
        state_country=case.state_country,
    )

    assert result.status == case.status
    assert (result.independent_supporting, result.independent_contradicting) == case.independent


def test_every_rule_on_the_methodology_page_has_cases_in_the_table():
    topics = ["provenance", "independent", "claimant's own", "withdrawn", "qualif", "context"]
    rules = " ".join(map(str, RULES)).lower()
    for topic in topics:
        assert topic in rules
    assert {case.rule for case in CASES} >= {
        "provenance",
        "independence",
        "own material",
        "withdrawn",
        "qualification",
    }


def test_counts_of_all_evidence_include_what_does_not_count():
    result = run([piece(9), piece(2, C), piece(3, X)], sources=[own(9)])

    assert (result.supporting, result.contradicting, result.context) == (1, 1, 1)


# Explanations name the origins --------------------------------------------------------


def test_explanation_names_the_repeated_origin():
    result = run(
        [piece(1), piece(2)],
        sources=[
            source(1, title="Reuters report"),
            source(2, title="AP report"),
            source(9, title="The deputy minister's statement"),
        ],
        cites={1: {9}, 2: {9}},
    )

    assert (
        "“Reuters report” and “AP report” both rely on “The deputy minister's statement”, "
        "so they count once." in result.explanation
    )


def test_explanation_names_the_statement_a_linked_report_repeats():
    result = run(
        [piece(9), piece(1)],
        sources=[source(9, title="Ministry statement"), source(1, title="Agency report")],
        cites={1: {9}},
    )

    assert result.explanation.startswith(
        "One independent source supports it: “Ministry statement”."
    )
    assert "“Agency report” repeats “Ministry statement”, so they count once." in (
        result.explanation
    )


def test_explanation_says_what_makes_a_report_the_claimants_own_material():
    result = run(
        [piece(1, relies_on={9})],
        sources=[
            source(1, title="The report"),
            own(9, title="President's office figure"),
        ],
        cites={1: {9, 8}},
    )

    assert result.explanation == (
        "Nothing qualified and independent supports or contradicts this. “The report” relies on "
        "“President's office figure” from The claimant's office for this claim, so it is "
        "the claimant's own material."
    )


def test_explanation_names_a_state_actors_own_state_body():
    result = run(
        [piece(1)],
        sources=[state_body(1, "KZ", title="Interior ministry figure")],
        state_country="KZ",
    )

    assert "“Interior ministry figure” is the claimant's own material (Ministry, state-" in (
        result.explanation
    )


def test_explanation_says_which_material_was_withdrawn_and_when():
    result = run(
        [piece(1, C)],
        sources=[
            source(1, title="Report"),
            source(
                9,
                title="Deleted ministry post",
                withdrawn_on=WITHDRAWN,
                withdrawal_note="Removed from the ministry's site; an archived copy remains",
            ),
        ],
        cites={1: {9}},
    )

    assert result.status == EvidenceStatus.UNSUBSTANTIATED
    assert (
        "“Report” counts on neither side: it relies on withdrawn material. “Deleted ministry "
        "post” was withdrawn on 3 March 2022 (Removed from the ministry's site; an archived "
        "copy remains)." in result.explanation
    )


def test_explanation_names_the_contradicting_origins_first():
    result = run(
        [piece(1, C), piece(2, C, "moderate"), piece(3, S, "weak")],
        sources=[
            source(1, title="Identification by viewers"),
            source(2, title="Wire report"),
            own(3, title="The broadcast"),
        ],
    )

    assert result.explanation.startswith(
        "Two independent origins contradict this: “Identification by viewers”; “Wire report”."
    )
    assert "“The broadcast” is the claimant's own material" in result.explanation


def test_explanation_of_a_hub_report_says_it_adds_no_origin():
    result = run(
        [piece(1), piece(2), piece(3)],
        sources=[source(1, title="A"), source(2, title="B"), source(3, title="Roundup")],
        cites={3: {1, 2}},
    )

    assert "“Roundup” relies on material already counted here (“A” and “B”)" in (result.explanation)


def test_material_that_does_not_qualify_is_named_with_its_reasons():
    result = run(
        [piece(1), piece(2), piece(3, C, "weak")],
        sources=[
            source(2, title="Blog", reliability="low"),
            source(3, title="Post", reliability="unknown"),
        ],
    )

    assert (
        "Two pieces were set aside and do not count (1 low reliability, 1 unknown reliability, "
        "1 weak): “Blog” (low reliability); “Post” (unknown reliability, weak)."
        in result.explanation
    )


# The exact count ----------------------------------------------------------------------


def test_largest_independent_set_is_exact_where_a_greedy_choice_fails():
    # The middle piece conflicts with both ends; a greedy pick of it would find one.
    reaches = [frozenset({1}), frozenset({1, 2}), frozenset({2})]

    assert largest_independent_set(reaches) == {0, 2}


def test_largest_independent_set_of_a_cycle_of_five_is_two():
    reaches = [frozenset({i, (i + 1) % 5}) for i in range(5)]

    assert len(largest_independent_set(reaches)) == 2


def test_largest_independent_set_stays_fast_on_dozens_of_tangled_pieces():
    # 45 pieces, each sharing material with its neighbours two and seven places on: no
    # piece is settled without branching, the worst kind of input.
    reaches = [frozenset({i, (i + 2) % 45 + 100, (i + 7) % 45 + 200}) for i in range(45)]
    for i in range(45):
        reaches[i] = reaches[i] | {(i - 2) % 45 + 100, (i - 7) % 45 + 200}

    chosen = largest_independent_set(reaches)

    assert all(not (reaches[a] & reaches[b]) for a in chosen for b in chosen if a != b)
    assert len(chosen) >= 9


# Words readers see ----------------------------------------------------------------------


def test_evidence_status_labels_share_no_verdict_label_but_not_checkable():
    status_labels = {label for _, label in EvidenceStatus.choices}
    verdict_labels = {label for _, label in Rating.choices}

    assert status_labels & verdict_labels == {"Not checkable"}
    assert EvidenceStatus.NOT_CHECKABLE.label == Rating.NOT_CHECKABLE.label
