"""What the admin's claim page posts, built the way a browser would send it."""

EMPTY_INLINES = {
    f"{prefix}-{part}": "0"
    for prefix in ("translations", "evidence", "appearances", "verdicts")
    for part in ("TOTAL_FORMS", "INITIAL_FORMS")
}


# The verdict page's inline of the rationale's translations, with no rows.
NO_TRANSLATIONS = {"translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"}


def evidence_row(source, *, stance="supports", strength="moderate", excerpt="", note="") -> dict:
    """A new evidence row of the claim page's inline."""
    return {
        "source": source.pk,
        "stance": stance,
        "strength": strength,
        "excerpt": excerpt,
        "note": note,
    }


def claim_payload(*, claim=None, claimant=None, version=None, evidence=(), **fields) -> dict:
    """The claim page's form: the claim's fields (from ``claim`` when changing one), the
    version it was loaded at, and new evidence rows."""
    data = {
        "summary": claim.summary if claim else "A claim to check",
        "text": claim.text if claim else "A claim to check, as it was made.",
        "language": claim.language if claim else "en",
        "claimant": claim.claimant_id if claim else claimant.pk,
        "event": (claim.event_id or "") if claim else "",
        "stated_on": "",
        "stated_on_precision": "day",
        "kind": claim.kind if claim else "numeric",
        "checkable": "on",
        **EMPTY_INLINES,
        "evidence-TOTAL_FORMS": str(len(evidence)),
    }
    if version is not None:
        data["loaded_version"] = version
    for index, row in enumerate(evidence):
        data.update({f"evidence-{index}-{name}": value for name, value in row.items()})
    data.update(fields)
    return data


def resubmitted(page) -> dict:
    """What a browser sends back from an admin change page left as it was shown: the
    record's form (its loaded version included) and every inline's rows."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                value = "on" if value else None
            if value is not None:
                data[field.html_name] = value
    return data
