"""What the Methodology page shows, read from the rating scale and the assessment's own
constants and functions, so the page cannot drift from the code."""

from claims import assessment
from claims.assessment_service import DISAGREEMENT_RULE
from claims.models import Evidence
from claims.ratings import BEST_RATING, SCALE, WORST_RATING
from figures import rules as figure_rules
from sources.models import Reliability


def methodology() -> dict:
    reliabilities = [r for r in Reliability if r.value in assessment.RELIABILITY_WEIGHTS]
    strengths = list(Evidence.Strength)
    return {
        "scale": list(SCALE.values()),
        "worst_rating": WORST_RATING,
        "best_rating": BEST_RATING,
        "scale_worst": next(i.label for i in SCALE.values() if i.value == WORST_RATING),
        "scale_best": next(i.label for i in SCALE.values() if i.value == BEST_RATING),
        "statuses": [
            (status.value, status.label, meaning)
            for status, meaning in assessment.STATUS_MEANINGS.items()
        ],
        "rules": assessment.RULES,
        "disagreement_rule": DISAGREEMENT_RULE,
        "reliability_weights": [
            (r.label, assessment.RELIABILITY_WEIGHTS[r]) for r in reliabilities
        ],
        "strength_weights": [(s.label, assessment.STRENGTH_WEIGHTS[s]) for s in strengths],
        "strengths": strengths,
        "weight_table": [
            (reliability.label, [weight_cell(reliability, strength) for strength in strengths])
            for reliability in reliabilities
        ],
        "threshold": assessment.COUNTING_THRESHOLD,
        "corroboration_origins": assessment.CORROBORATION_ORIGINS,
        "figure_rules": [figure_rules.REVISION_RULE, figure_rules.OUT_OF_LINE_RULE],
    }


def weight_cell(reliability: str, strength: str) -> tuple[float, bool]:
    """The weight of one piece of evidence, computed by the assessment itself, and whether
    it is heavy enough to count."""
    item = assessment.EvidenceItem(source_id=0, stance=assessment.SUPPORTS, strength=strength)
    value = assessment.weight(item, assessment.SourceInfo(id=0, title="", reliability=reliability))
    return round(value, 2), value >= assessment.COUNTING_THRESHOLD
