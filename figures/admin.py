"""Figures in the admin: quantities with their figures inline, figures on their own page
(addable from a claim's page, with the claim filled in), and the staff queue of published
claims whose figures changed since the verdict. Every save goes through
figures/services.py; the revision rule runs there, whatever the screen."""

from django.contrib import admin
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import InlineVersionedForm, ServiceAdmin, VersionedForm
from figures import services
from figures.models import ChangedFigureClaim, Figure, Quantity, Standing, changed_since_verdict

FIGURE_FIELDS = [
    "value",
    "low",
    "high",
    "approximate",
    "as_of",
    "as_of_precision",
    "reported_on",
    "reported_by",
    "reporting_outlet",
    "source",
    "standing",
    "note",
]


class FigureFormMixin:
    """The figure's own rules (figures/services.py) as form errors."""

    def clean(self):
        cleaned = super().clean()
        whole = {
            name: cleaned.get(name, getattr(self.instance, name, None))
            for name in services.FIGURE_FIELDS
            if name != "quantity"
        }
        if "standing" not in self.changed_data:
            whole.pop("standing", None)
        for field, message in services.figure_problems(whole).items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                raise ValidationError(message)
        return cleaned


class FigureForm(FigureFormMixin, VersionedForm):
    class Meta:
        model = Figure
        fields = ["quantity", *FIGURE_FIELDS, "claims"]


class FigureRowForm(FigureFormMixin, InlineVersionedForm):
    class Meta:
        model = Figure
        fields = [*FIGURE_FIELDS]


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureRowForm
    extra = 0
    autocomplete_fields = ["reported_by", "reporting_outlet", "source"]
    fields = [*FIGURE_FIELDS, "revised_by", "revised_on", "loaded_version"]
    readonly_fields = ["revised_by", "revised_on"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("reported_by", "reporting_outlet", "source", "revised_by")
        )


@admin.register(Quantity)
class QuantityAdmin(ServiceAdmin):
    list_display = ["name", "unit", "event", "place", "slug"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "slug", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["event"]
    form = VersionedForm
    change_form_template = "admin/versioned_change_form.html"
    fields = ["name", "slug", "unit", "event", "place", "description"]
    inlines = [FigureInline]
    save_service = staticmethod(services.save_quantity)

    def save_model(self, request, obj, form, change):
        services.save_quantity(
            instance=obj,
            by=request.user,
            expected_version=self.loaded_version(form, change),
            **self.submitted(form, change),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        """The audit trail records what changed; the admin's log notes the quantity's fields."""
        return construct_change_message(form, [], add)

    def save_formset(self, request, form, formset, change):
        """Each figure row is saved (or deleted) through the figures' services."""
        for row_form in formset.forms:
            row = row_form.instance
            version = row_form.cleaned_data.get("loaded_version")
            if row.pk is not None and row_form in formset.deleted_forms:
                services.delete_figure(instance=row, by=request.user)
            elif row_form.has_changed():
                values = self.submitted(row_form, change=row.pk is not None)
                values.pop("quantity", None)
                services.save_figure(
                    instance=row if row.pk is not None else Figure(quantity=form.instance),
                    by=request.user,
                    expected_version=version if row.pk is not None else None,
                    quantity=form.instance,
                    **values,
                )


@admin.register(Figure)
class FigureAdmin(ServiceAdmin):
    list_display = [
        "quantity",
        "display_value",
        "as_of",
        "reporter",
        "standing",
        "revised_by",
    ]
    list_filter = ["standing", "quantity__event", "quantity"]
    list_select_related = ["quantity", "reported_by", "reporting_outlet", "revised_by__quantity"]
    search_fields = ["quantity__name", "note", "reported_by__name", "reporting_outlet__name"]
    autocomplete_fields = ["quantity", "reported_by", "reporting_outlet", "source", "claims"]
    form = FigureForm
    change_form_template = "admin/versioned_change_form.html"
    fields = ["quantity", *FIGURE_FIELDS, "claims", "revised_by", "revised_on"]
    readonly_fields = ["revised_by", "revised_on"]
    save_service = staticmethod(services.save_figure)
    delete_service = staticmethod(services.delete_figure)

    @admin.display(description=_("Value"))
    def display_value(self, obj):
        return obj.display_value

    @admin.display(description=_("Reported by"))
    def reporter(self, obj):
        return obj.reporter_name


@admin.register(ChangedFigureClaim)
class ChangedFigureClaimAdmin(admin.ModelAdmin):
    """Published claims asserting a figure that was revised after the date their verdict
    holds as of: each needs an editor to check whether the verdict still holds (and, if
    not, to publish a correction with a later as-of date)."""

    list_display = ["claim", "holds_as_of", "revised_figures"]
    list_display_links = None
    search_fields = ["summary"]

    def get_queryset(self, request):
        return changed_since_verdict(super().get_queryset(request)).select_related(
            "current_verdict"
        )

    @admin.display(description=_("Claim"))
    def claim(self, obj):
        url = reverse("admin:claims_claim_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.summary)

    @admin.display(description=_("Verdict holds as of"))
    def holds_as_of(self, obj):
        return obj.current_verdict.as_of

    @admin.display(description=_("Revised since"))
    def revised_figures(self, obj):
        revised = Figure.objects.filter(
            claims=obj,
            standing=Standing.REVISED,
            revised_on__gt=obj.current_verdict.as_of,
        ).select_related("quantity", "revised_by")
        return format_html_join(
            "; ",
            "{} → {} ({})",
            (
                (f.display_value, f.revised_by.display_value, f.quantity.name)
                for f in revised
                if f.revised_by_id
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("claims.view_claim")

    def has_module_permission(self, request):
        return self.has_view_permission(request)
