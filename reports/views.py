"""The desk statistics in the admin (staff only; per-person figures for editors only)."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render

from claims.roles import can_publish
from reports import exports, statistics
from reports.forms import period_form


def _report(request):
    form = period_form(request.GET)
    if not form.is_valid():
        return form, None
    report = statistics.build(
        form.chosen(),
        event=form.cleaned_data["event"],
        with_people=can_publish(request.user),
    )
    return form, report


def statistics_page(request):
    form, report = _report(request)
    context = {
        **admin.site.each_context(request),
        "title": "Desk statistics",
        "form": form,
        "query": request.GET.urlencode(),
        **(exports.context(report) if report else {}),
    }
    return render(request, "reports/statistics.html", context, status=200 if report else 400)


def csv_export(request):
    form, report = _report(request)
    if report is None:
        return statistics_page(request)
    response = HttpResponse(exports.csv_zip(report), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exports.file_stem(report)}.zip"'
    return response


def printable(request):
    form, report = _report(request)
    if report is None:
        return statistics_page(request)
    return HttpResponse(exports.printable(report))
