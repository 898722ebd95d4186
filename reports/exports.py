"""The report as files: one CSV per table, zipped, and the printable page."""

import csv
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.charts import bars
from reports.statistics import Report, Table


def file_stem(report: Report) -> str:
    period = report.period
    stem = f"desk-report-{period.start.isoformat()}-to-{period.last_day.isoformat()}"
    return stem + (f"-{report.event.slug}" if report.event else "")


def table_csv(table: Table, report: Report) -> str:
    """One table: a row per line with the figure in the period and the one before (counts,
    hours or percent as the unit column says; empty where nothing happened)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "key",
            table.key_heading.lower(),
            f"{report.period.start.isoformat()} to {report.period.last_day.isoformat()}",
            f"{report.previous.start.isoformat()} to {report.previous.last_day.isoformat()}",
            "unit",
        ]
    )
    for row in table.rows:
        writer.writerow(
            [
                row.key,
                row.label,
                "" if row.current is None else row.current,
                "" if row.previous is None else row.previous,
                row.unit or "count",
            ]
        )
    return out.getvalue()


def csv_zip(report: Report) -> bytes:
    buffer = io.BytesIO()
    stem = file_stem(report)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in report.tables:
            archive.writestr(f"{stem}/{table.name}.csv", table_csv(table, report))
    return buffer.getvalue()


def charts(report: Report) -> dict:
    """The bars the page and the printable page draw, for the period (the table beside
    each chart gives the period before)."""

    def of(table: Table):
        return bars(
            {row.key: row.current for row in table.rows},
            [(row.key, row.label) for row in table.rows],
        )

    return {
        "rating_bars": of(report.by_rating),
        "evidence_bars": of(report.by_evidence_status),
        "claimant_bars": of(report.by_claimant),
        "language_bars": of(report.by_language),
    }


def context(report: Report) -> dict:
    return {
        "report": report,
        "desk_name": settings.FACTCHECK_PUBLISHER_NAME,
        **charts(report),
    }


STYLESHEETS = ["css/charts.css", "css/reports.css"]


def period_line(report: Report) -> str:
    period = report.period
    line = f"Desk report: {period.label}"
    line += f", {report.event.name}" if report.event else ""
    return line + f" ({period.start:%-d %b %Y} to {period.last_day:%-d %b %Y})"


def css_string(text: str) -> str:
    """``text`` as the inside of a double-quoted CSS string, safe inside a style element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return " ".join(escaped.split())


def printable(report: Report) -> str:
    """The printable page, one self-contained HTML file (its styles inline); the desk's
    name and the period head every printed page (the page's margin boxes)."""
    stylesheets = "\n".join(Path(finders.find(name)).read_text() for name in STYLESHEETS)
    line = period_line(report)
    return render_to_string(
        "reports/print.html",
        {
            **context(report),
            "stylesheets": mark_safe(stylesheets),
            "period_line": line,
            "running_head": [
                mark_safe(css_string(settings.FACTCHECK_PUBLISHER_NAME)),
                mark_safe(css_string(line)),
            ],
        },
    )
