"""The admin's side of the one write path: a ModelAdmin whose saves call a service.

Django's admin saves a record with ``save_model`` and its many-to-many fields with
``save_related``; a ``ServiceAdmin`` hands both to one service function instead (the same
one the API and the seed loader call), with the fields the form submitted (all of them
when adding, the changed ones when changing), the version the page was loaded at when
the form carries one, and the acting user. A refusal the form could not foresee becomes
an error message; the transaction the admin opened is rolled back.

Every such admin edits through a versioned form: it carries the ``version`` of the record
as it was when the page was loaded. On save it locks the record's row (the admin wraps
each save in a transaction, so the lock holds until the save commits) and compares: if
someone saved in between, the save is refused with who changed what, the user's input
stays in the form, and the form now carries the current version, so saving again
knowingly replaces the other change.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.characters import add_form_errors
from core.records import Refused
from core.versioning import StaleVersion, locked_version


class CarriableTextForm(forms.ModelForm):
    """A record's form that refuses, field by field, text that feeds and JSON consumers
    cannot carry (core/characters.py); the service would refuse it too, less kindly."""

    def clean(self):
        cleaned = super().clean()
        add_form_errors(self)
        return cleaned


class VersionedForm(CarriableTextForm):
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("Loaded version")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def saves_row(self) -> bool:
        """Whether submitting this form writes the record's row."""
        return True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.saves_row():
            return cleaned
        current = locked_version(self.instance)
        if current is None:
            raise ValidationError(
                gettext("This %(record)s was deleted by someone else since you opened it.")
                % {"record": self.instance._meta.verbose_name}
            )
        loaded = cleaned.get("loaded_version")
        if loaded != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            raise ValidationError(self._stale_message(loaded))
        return cleaned

    def _stale_message(self, loaded):
        name = self.instance._meta.verbose_name
        changes = audit.entries(audit.events_since(self.instance, version=loaded or 0))
        return format_html(
            gettext(
                "Not saved: this {record} was changed by someone else since you opened it."
                "{changes} Your input is still in the form: check it against their changes, "
                "then save again to replace them, or reload the page to start from the "
                "current version."
            ),
            record=name,
            changes=format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((e.sentence(),) for e in changes)),
            )
            if changes
            else "",
        )


class InlineVersionedForm(VersionedForm):
    """An evidence or appearance row is only written when it was edited or deleted.

    Its choice and record fields were checked by the form itself (a valid stance, an
    existing source), and the formset checks that no source is listed twice, so the
    model's validation skips them rather than asking the database again for every row;
    the database's constraints still hold.
    """

    def saves_row(self) -> bool:
        return any(name != "loaded_version" for name in self.changed_data)

    def _get_validation_exclusions(self):
        checked = {
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        }
        return super()._get_validation_exclusions() | checked


class ServiceAdmin(admin.ModelAdmin):
    form = VersionedForm
    # Sends back the version the page was loaded at; a model's own change form extends it.
    change_form_template = "admin/versioned_change_form.html"
    # The service that saves this admin's records (``instance=``, ``by=``,
    # ``expected_version=`` and the fields), e.g. ``staticmethod(services.save_claimant)``.
    save_service = None
    # The service that deletes one record (``instance=``/``by=``), when deleting one is a
    # change other records depend on (evidence: the claim's assessment).
    delete_service = None

    @staticmethod
    def submitted(form, change: bool) -> dict:
        """The model fields the form submitted: all of them on an add, the changed ones
        on a change."""
        model_fields = {
            f.name for f in form._meta.model._meta.get_fields() if isinstance(f, models.Field)
        }
        names = form.changed_data if change else list(form.cleaned_data)
        return {n: form.cleaned_data[n] for n in names if n in model_fields and n != "id"}

    @staticmethod
    def loaded_version(form, change: bool) -> int | None:
        return form.cleaned_data.get("loaded_version") if change else None

    # What the record keeps about itself; a form for a new record does not show it yet.
    RECORD_FIELDS = {"version", "created_at", "created_by", "updated_at", "updated_by", "added_by"}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in self.RECORD_FIELDS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def save_model(self, request, obj, form, change):
        type(self).save_service(
            instance=obj,
            by=request.user,
            expected_version=self.loaded_version(form, change),
            **self.submitted(form, change),
        )

    def delete_model(self, request, obj):
        if self.delete_service is None:
            return super().delete_model(request, obj)
        return type(self).delete_service(instance=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        if self.delete_service is None:
            return super().delete_queryset(request, queryset)
        for obj in queryset:
            type(self).delete_service(instance=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields were saved with the record; inlines save row by row."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except (Refused, StaleVersion) as refusal:
            self.message_user(
                request, gettext("Not saved: %(reason)s") % {"reason": refusal}, messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the system writes (archived copies, link checks, deliveries): shown, never
    added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnly:
    """A model admin shown to superusers only: the machinery other apps register (the
    audit trail's raw events, the task queue's rows, sign-in lockouts, API tokens) is not
    the desk's work; the desk sees it where it belongs (a claim's history, a source's
    archived copies)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


def keep_to_superusers(site: admin.AdminSite, app_labels: set[str]) -> None:
    """Register again every model of ``app_labels`` on ``site`` with its admin made
    SuperuserOnly (called once, when every app has registered its admin)."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.app_label in app_labels and not isinstance(model_admin, SuperuserOnly):
            site.unregister(model)
            site.register(
                model,
                type(
                    f"SuperuserOnly{type(model_admin).__name__}",
                    (SuperuserOnly, type(model_admin)),
                    {},
                ),
            )
