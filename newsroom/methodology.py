"""What the Methodology page shows, read from the rating scale and the assessment's own
constants and functions, so the page cannot drift from the code."""

from claims import assessment
from claims.assessment_service import DISAGREEMENT_RULE
from claims.models import Evidence
from claims.ratings import BEST_RATING, SCALE, WORST_RATING
from figures import rules as figure_rules
from sources.models import Reliability, Source


def methodology() -> dict:
    strengths = list(Evidence.Strength)
    kinds = dict(Source.Kind.choices)
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
        "symmetry": assessment.SYMMETRY,
        "disagreement_rule": DISAGREEMENT_RULE,
        "strengths": strengths,
        # Which attributed, verified material counts, decided by the assessment itself.
        "qualification_table": [
            (r.label, [assessment.qualifies(r.value, s.value) for s in strengths])
            for r in Reliability
        ],
        "needs_verification": [kinds.get(k, k) for k in assessment.NEEDS_VERIFICATION],
        "reasons": [label for _, label in assessment.Unqualified.choices],
        "near_duplicate_bits": assessment.NEAR_DUPLICATE_BITS,
        "corroboration_origins": assessment.CORROBORATION_ORIGINS,
        "contradiction_origins": assessment.CONTRADICTION_ORIGINS,
        "figure_rules": [figure_rules.REVISION_RULE, figure_rules.OUT_OF_LINE_RULE],
    }
