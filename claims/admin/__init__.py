"""The fact-checker's admin: claims with their evidence and workflow, verdicts, and the
records around them."""

from claims.admin import claims  # noqa: F401
