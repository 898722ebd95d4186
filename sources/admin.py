from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ServiceAdmin, VersionedForm
from core.records import Refused
from sources import archiving, services
from sources.media import attach_media, check_upload
from sources.models import LinkState, MediaFile, Outlet, Snapshot, Source

# What uses a source, listed on its admin page; registered by the apps that use sources
# (claims lists the claims it is evidence for). Each entry: a heading and a function
# from the source to its (link, label) rows.
SOURCE_USES: dict[str, Callable[[Source], list[tuple[str, str]]]] = {}


def register_source_use(heading: str, rows: Callable[[Source], list[tuple[str, str]]]) -> None:
    SOURCE_USES[heading] = rows


@admin.register(Outlet)
class OutletAdmin(ServiceAdmin):
    save_service = staticmethod(services.save_outlet)
    list_display = [
        "name",
        "kind",
        "country",
        "state_affiliated",
        "reliability",
        "source_count",
        "updated_at",
    ]
    list_filter = ["kind", "reliability", "state_affiliated"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "website", "state_affiliated"]}),
        (_("Reliability"), {"fields": ["reliability", "reliability_reason"]}),
        (_("Record"), {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_total=Count("sources"))

    @admin.display(description=_("Sources"), ordering="source_total")
    def source_count(self, obj):
        return obj.source_total


def _links(rows, *, label):
    if not rows:
        return "—"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((url, label(row)) for url, row in rows)
        ),
    )


class MediaUploadForm(forms.ModelForm):
    """A new attachment: the file is checked here and stored by ``attach_media``."""

    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = MediaFile
        fields = ["caption"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            try:
                check_upload(upload)
            except Refused as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("caption") and not cleaned.get("upload"):
            self.add_error("upload", gettext("Choose the file this caption describes."))
        return cleaned


class MediaFileInline(admin.TabularInline):
    model = MediaFile
    form = MediaUploadForm
    extra = 1
    fields = ["preview", "upload", "caption", "details", "uploaded_by"]
    readonly_fields = ["preview", "details", "uploaded_by"]
    verbose_name_plural = _("Media evidence (screenshots, video, audio, documents)")

    def has_change_permission(self, request, obj=None):
        return False  # attachments are added or removed, not edited

    @admin.display(description=_("File"))
    def upload(self, item):
        return item.original_name or "—"

    @admin.display(description=_("Preview"))
    def preview(self, item):
        if not item.pk:
            return ""
        original = reverse("source-media", kwargs={"pk": item.source_id, "media": item.pk})
        if item.thumbnail:
            return format_html(
                '<a href="{}?original=1"><img src="{}" alt="" width="120"></a>',
                original,
                item.get_thumbnail_url(),
            )
        return format_html(
            '<a href="{}?original=1">{}</a>', original, item.original_name or gettext("file")
        )

    @admin.display(description=_("Details"))
    def details(self, item):
        if not item.pk:
            return ""
        duplicate = (
            format_html(
                "<br>{} ",
                gettext("Same bytes as attachment %(id)s") % {"id": item.duplicate_of_id},
            )
            if item.duplicate_of_id
            else ""
        )
        public = (
            ""
            if item.public_copy
            else format_html("<br>{}", gettext("No public copy (staff only)"))
        )
        return format_html(
            "{} · {}<br>SHA-256 <code>{}</code>{}{}",
            item.content_type,
            gettext("%(size)s bytes") % {"size": item.size},
            item.sha256,
            duplicate,
            public,
        )


class SourceForm(VersionedForm):
    """Asks who published the material and whose words it carries; material with
    neither is unattributed and never counts, so saying so is a choice, not an omission."""

    unattributed = forms.BooleanField(
        required=False,
        label=_("Neither is known"),
        help_text=_(
            "The material is unattributed: it is kept and shown, but never counts as evidence."
        ),
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "kind",
            "language",
            "published_on",
            "description",
            "ref",
            "outlet",
            "speaker",
            "known_through",
            "verification",
            "verification_note",
            "cites",
            "withdrawn_on",
            "withdrawal_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "verification" in self.fields:
            self.fields["verification"].required = False

    def clean_verification(self):
        return self.cleaned_data.get("verification") or Source.Verification.UNVERIFIED

    def clean(self):
        cleaned = super().clean()
        known = cleaned.get("outlet") or cleaned.get("speaker")
        if not known and not cleaned.get("unattributed"):
            self.add_error(
                "outlet",
                gettext(
                    "Who published it (outlet), and whose words does it carry (speaker)? "
                    "If neither is known, tick “Neither is known”."
                ),
            )
        verified = cleaned.get("verification") == Source.Verification.VERIFIED
        if verified and not str(cleaned.get("verification_note") or "").strip():
            self.add_error("verification_note", gettext("Say how the material was verified."))
        return cleaned


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    form = SourceForm
    save_service = staticmethod(services.save_source)
    delete_service = staticmethod(services.delete_source)
    list_display = [
        "title",
        "outlet",
        "speaker",
        "kind",
        "verification",
        "language",
        "published_on",
        "link",
        "updated_at",
    ]
    list_filter = ["kind", "verification", "outlet__reliability", "link__status", "published_on"]
    list_select_related = ["outlet", "speaker", "link"]
    search_fields = ["title", "url", "outlet__name", "speaker__name", "ref"]
    autocomplete_fields = ["outlet", "speaker", "known_through", "cites"]
    date_hierarchy = "published_on"
    inlines = [MediaFileInline]

    class Media:
        js = ["admin/source_title.js"]

    readonly_fields = [
        "verified_by",
        "cited_by_list",
        "used_as_evidence",
        "link_state",
        "archived_copies",
        "version",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "url",
                    "kind",
                    "language",
                    "published_on",
                    "description",
                    "ref",
                ]
            },
        ),
        (
            _("Who published it, and whose words it carries"),
            {
                "fields": ["outlet", "speaker", "unattributed", "known_through"],
                "description": _(
                    "Material with neither an outlet nor a speaker is unattributed "
                    "and never counts. Material whose speaker is a claim's claimant (or its "
                    "affiliated or state bodies) is the claimant's own."
                ),
            },
        ),
        (
            _("Verification"),
            {
                "fields": ["verification", "verification_note", "verified_by"],
                "description": _(
                    "Eyewitness accounts, videos and broadcasts, photos and social "
                    "posts count only once verified."
                ),
            },
        ),
        (_("Archived copies"), {"fields": ["link_state", "archived_copies"]}),
        (_("Provenance"), {"fields": ["cites", "cited_by_list"]}),
        (_("Withdrawal"), {"fields": ["withdrawn_on", "withdrawal_note"]}),
        (_("Use"), {"fields": ["used_as_evidence"]}),
        (_("Record"), {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("Cited by"))
    def cited_by_list(self, obj):
        rows = obj.cited_by.select_related("outlet") if obj.pk else []
        return _links(
            [(reverse("admin:sources_source_change", args=[s.pk]), s) for s in rows], label=str
        )

    @admin.display(description=_("Used by"))
    def used_as_evidence(self, obj):
        if not obj.pk:
            return "—"
        sections = [(heading, rows(obj)) for heading, rows in SOURCE_USES.items()]
        return (
            format_html_join(
                "",
                "<p>{}</p>{}",
                ((heading, _links(rows, label=lambda row: row)) for heading, rows in sections),
            )
            or "—"
        )

    @admin.display(description=_("Link"), ordering="link__status")
    def link(self, obj):
        state = getattr(obj, "link", None)
        if not obj.url:
            return "—"
        return state.get_status_display() if state else gettext("Not checked yet")

    @admin.display(description=_("Live link"))
    def link_state(self, obj):
        state = LinkState.objects.filter(source_id=obj.pk).first() if obj.pk else None
        if not obj.url:
            return gettext("No URL.")
        if state is None:
            return gettext("Not checked yet: it is archived once saved.")
        checked = (
            gettext(", checked %(when)s") % {"when": f"{state.checked_at:%Y-%m-%d %H:%M}"}
            if state.checked_at
            else ""
        )
        reason = format_html("<br>{}", state.reason) if state.reason else ""
        return format_html("{}{}{}", state.get_status_display(), checked, reason)

    @admin.display(description=_("Archived copies"))
    def archived_copies(self, obj):
        rows = obj.snapshots.defer("text") if obj.pk else []
        return _links(
            [(copy.get_absolute_url(), copy) for copy in rows],
            label=lambda copy: (
                f"{copy.fetched_at:%Y-%m-%d %H:%M} · {copy.status_code} · SHA-256 {copy.sha256}"
            ),
        )

    def get_urls(self):
        return [
            path(
                "title/",
                self.admin_site.admin_view(self.title_view),
                name="sources_source_title",
            ),
            *super().get_urls(),
        ]

    def title_view(self, request):
        """The title archived for a URL, so a new source's form can offer it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return JsonResponse({"title": archiving.title_archived_for(request.GET.get("url", ""))})

    def save_formset(self, request, form, formset, change):
        if formset.model is not MediaFile:
            return super().save_formset(request, form, formset, change)
        # What the change message reports (formset.save() would set these).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                formset.deleted_objects.append(deleted.instance)
                services.remove_media(instance=deleted.instance, by=request.user)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms:
                continue
            upload = inline_form.cleaned_data.get("upload") if inline_form.is_valid() else None
            if upload is None:
                continue
            item = attach_media(
                source=form.instance,
                upload=upload,
                by=request.user,
                caption=inline_form.cleaned_data.get("caption", ""),
            )
            formset.new_objects.append(item)
            if item.duplicate_of_id:
                messages.info(
                    request,
                    gettext("“%(name)s” has the same bytes as attachment %(id)s: stored once.")
                    % {"name": item.original_name, "id": item.duplicate_of_id},
                )


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    """Archived copies are made by the archiver and never edited."""

    list_display = ["source", "fetched_at", "status_code", "content_type", "sha256"]
    list_select_related = ["source"]
    search_fields = ["source__title", "url", "sha256"]
    date_hierarchy = "fetched_at"
    exclude = ["text"]


@admin.register(LinkState)
class LinkStateAdmin(ReadOnlyAdmin):
    """Where every link stands; a broken one says why."""

    list_display = ["source", "status", "reason", "failures", "checked_at", "next_check_at"]
    list_filter = ["status"]
    list_select_related = ["source"]
    search_fields = ["source__title", "source__url", "reason"]
