"""The fact-checker's admin. Every save goes through the service layer (claims/services.py,
claims/workflow.py, sources/services.py); the modules here only shape forms and pages.

- ``claims``: the claim's page (evidence and appearance inlines, workflow buttons, audit
  trail) and the claim list;
- ``actions``: workflow actions on the selected claims;
- ``verdicts``: verdict drafts;
- ``related``: claimants, events, evidence and appearances on their own;
- ``forms`` and ``filters``: the versioned forms and the work-queue filter.
"""

from claims.admin import claims, related, verdicts  # noqa: F401  (registers the admins)
