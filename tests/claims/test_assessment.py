"""The pure assessment function, rule by rule."""

import pytest

from claims.assessment import (
    AssessmentInput,
    EvidenceItem,
    EvidenceStatus,
    SourceInfo,
    assess,
)

OWN_OUTLET = 100


def source(pk, *, reliability="high", outlet=None, title=None):
    return SourceInfo(
        pk,
        title or f"Source {pk}",
        outlet if outlet is not None else pk,
        f"Outlet {pk}",
        reliability,
    )


def run(evidence, *, sources=None, cites=None, checkable=True, affiliated=(OWN_OUTLET,)):
    items = [EvidenceItem(pk, stance, strength) for pk, stance, strength in evidence]
    known = {s.id: s for s in (sources or [])}
    for item in items:
        known.setdefault(item.source_id, source(item.source_id))
    return assess(
        AssessmentInput(
            checkable=checkable,
            evidence=items,
            sources=known,
            cites={k: frozenset(v) for k, v in (cites or {}).items()},
            affiliated_outlets=frozenset(affiliated),
        )
    )


S, C, X = "supports", "contradicts", "context"


@pytest.mark.parametrize(
    "case, evidence, checkable, sources, expected",
    [
        ("marked not checkable", [(1, S, "strong")], False, [], EvidenceStatus.NOT_CHECKABLE),
        ("nothing linked", [], True, [], EvidenceStatus.UNVERIFIED),
        ("only context", [(1, X, "strong")], True, [], EvidenceStatus.UNSUBSTANTIATED),
        (
            "only the claimant's own material",
            [(1, S, "strong")],
            True,
            [source(1, outlet=OWN_OUTLET)],
            EvidenceStatus.UNSUBSTANTIATED,
        ),
        ("one independent supporter", [(1, S, "strong")], True, [], EvidenceStatus.SINGLE_ORIGIN),
        (
            "two independent supporters",
            [(1, S, "strong"), (2, S, "moderate")],
            True,
            [],
            EvidenceStatus.CORROBORATED,
        ),
        (
            "one independent contradiction",
            [(1, C, "strong")],
            True,
            [],
            EvidenceStatus.CONTRADICTED,
        ),
        (
            "support and contradiction",
            [(1, S, "strong"), (2, C, "strong")],
            True,
            [],
            EvidenceStatus.CONTESTED,
        ),
        (
            "support from two low-reliability outlets",
            [(1, S, "strong"), (2, S, "strong")],
            True,
            [source(1, reliability="low"), source(2, reliability="low")],
            EvidenceStatus.UNSUBSTANTIATED,
        ),
        (
            "weak evidence from an unknown outlet",
            [(1, C, "weak")],
            True,
            [source(1, reliability="unknown")],
            EvidenceStatus.UNSUBSTANTIATED,
        ),
    ],
)
def test_every_status(case, evidence, checkable, sources, expected):
    assert run(evidence, checkable=checkable, sources=sources).status == expected, case


def test_three_outlets_citing_one_statement_count_as_one_origin():
    result = run(
        [(1, S, "strong"), (2, S, "strong"), (3, S, "strong")],
        cites={1: {9}, 2: {9}, 3: {9}},
        sources=[source(9, title="Ministry statement")],
    )
    assert result.status == EvidenceStatus.SINGLE_ORIGIN
    assert result.supporting == 3
    assert result.independent_supporting == 1
    assert "share one origin and count once" in result.explanation


def test_outlets_repeating_the_claimants_own_statement_do_not_corroborate_it():
    result = run(
        [(1, S, "strong"), (2, S, "strong"), (9, S, "strong")],
        cites={1: {9}, 2: {9}},
        sources=[source(9, outlet=OWN_OUTLET, title="The claimant's statement")],
    )
    assert result.status == EvidenceStatus.UNSUBSTANTIATED
    assert result.independent_supporting == 0
    assert "claimant's own material" in result.explanation


def test_affiliated_support_never_counts_as_independent():
    result = run(
        [(1, S, "strong"), (2, C, "strong")],
        sources=[source(1, outlet=OWN_OUTLET, title="State broadcast")],
    )
    assert result.status == EvidenceStatus.CONTRADICTED
    assert result.independent_supporting == 0
    assert result.independent_contradicting == 1
    assert (
        "The only support comes from the claimant's own material: “State broadcast”"
        in result.explanation
    )


def test_a_chain_a_cites_b_cites_c_is_one_origin():
    result = run([(1, S, "strong"), (3, S, "strong")], cites={1: {2}, 2: {3}})
    assert result.independent_supporting == 1
    assert result.status == EvidenceStatus.SINGLE_ORIGIN


def test_a_chain_reaching_the_claimants_material_is_not_independent():
    result = run(
        [(1, S, "strong")],
        cites={1: {2}, 2: {3}},
        sources=[source(3, outlet=OWN_OUTLET)],
    )
    assert result.status == EvidenceStatus.UNSUBSTANTIATED


def test_a_cycle_in_citations_neither_hangs_nor_crashes():
    result = run([(1, S, "strong"), (2, S, "strong")], cites={1: {2}, 2: {3}, 3: {1}})
    assert result.independent_supporting == 1
    assert result.status == EvidenceStatus.SINGLE_ORIGIN


def test_independent_sources_with_unrelated_citations_stay_separate():
    result = run([(1, S, "strong"), (2, S, "strong")], cites={1: {8}, 2: {9}})
    assert result.status == EvidenceStatus.CORROBORATED


def test_low_reliability_alone_never_corroborates_but_adds_to_stronger_support():
    result = run(
        [(1, S, "strong"), (2, S, "strong")],
        sources=[source(1, reliability="low"), source(2, reliability="high")],
    )
    assert result.status == EvidenceStatus.SINGLE_ORIGIN
    assert "Too weak to count" in result.explanation


def test_explanation_names_the_contradicting_origins():
    result = run(
        [(1, C, "strong"), (2, C, "moderate"), (3, S, "weak")],
        sources=[
            source(1, title="Identification by viewers"),
            source(2, title="Wire report"),
            source(3, outlet=OWN_OUTLET, title="The broadcast"),
        ],
    )
    assert result.explanation.startswith(
        "Two independent origins contradict this: “Identification by viewers”; “Wire report”."
    )
