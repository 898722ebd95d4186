from datetime import UTC

import orjson
from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import languages, services, workflow
from claims.api import export, listing
from claims.api.filters import (
    ClaimantFilter,
    ClaimFilter,
    EventFilter,
    EvidenceFilter,
    VerdictFilter,
)
from claims.api.history import claim_history
from claims.api.parts import load_parts
from claims.api.permissions import CanPublish, CanSeeAuditTrail, CanWorkOnClaims
from claims.api.serializers import (
    AppearanceSerializer,
    ClaimantSerializer,
    ClaimDetailSerializer,
    ClaimReviewFeedSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    CorrectionSerializer,
    EventSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    EvidenceWrittenSerializer,
    HistoryEventSerializer,
    RetractionSerializer,
    TransitionSerializer,
    VerdictDraftSerializer,
    VerdictEditSerializer,
    VerdictSerializer,
)
from claims.claimreview import claim_review, claim_reviews, this_site
from claims.models import Appearance, Claim, Claimant, Event, Evidence, Verdict
from core.api.conditional import (
    conditional_response,
    not_modified,
    record_etag,
    row_keys,
)
from core.api.pagination import KeysetPagination
from core.api.viewsets import RecordViewSet
from core.models import sees_unpublished
from sources.models import Outlet

CLAIM_ORDERINGS = {"updated_at": "updated_at", "stated_on": "stated_on", "created_at": "created_at"}


def _claimreview_of(claim):
    return claim_review(claim, **this_site())


def _claimreviews_of(claim):
    """The claim's review, then one per published translation of its verdict's rationale."""
    return claim_reviews(claim, **this_site())


def _claimreview_response(request, pk):
    """The ClaimReview of one published claim, tagged like every record."""
    claim = get_object_or_404(Claim.objects.reviewable().with_claimreview(), pk=pk)
    return conditional_response(
        request,
        record_etag(claim.version, row_keys([claim])),
        claim.updated_at,
        lambda: Response(_claimreview_of(claim)),
    )


class ClaimViewSet(RecordViewSet):
    """Claims with their stored evidence assessment and current verdict.

    Anonymous clients see published claims only. The list is keyset-paginated and
    tagged for cheap polling (ETag, ``updated_since``).
    """

    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    write_serializer_class = ClaimWriteSerializer
    filterset_class = ClaimFilter
    default_ordering = "-updated_at"
    action_parameters = {"export": {"excel"}}

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user)

    def get_ordering_fields(self):
        if self.request.query_params.get("q"):
            return {**CLAIM_ORDERINGS, "rank": "search_rank"}
        return CLAIM_ORDERINGS

    def get_default_ordering(self):
        return "-rank" if self.request.query_params.get("q") else self.default_ordering

    save_service = staticmethod(services.save_claim)

    def save_record(self, instance, data: dict, *, expected_version: int | None):
        """Translations sent with the claim are added, or replace the one in their
        language, in the same service call."""
        sent = data.pop("translations", None) or []
        present = {} if instance is None else {t.language: t for t in instance.translations.all()}
        data["translations"] = [
            services.RowChange(
                row=present.get(languages.normalize(values["language"])), values=dict(values)
            )
            for values in sent
        ]
        return super().save_record(instance, data, expected_version=expected_version)

    @property
    def public(self) -> bool:
        """Whether the client sees claims as the public does (claims/api/listing.py)."""
        return not sees_unpublished(self.request.user)

    def url_prefix(self):
        return self.request.build_absolute_uri(reverse("api:claim-list"))

    def list(self, request, *args, **kwargs):
        _, field, _ = self.paginator.ordering_of(request, self)
        queryset = self.filter_queryset(self.get_queryset())
        if request.headers.get("If-None-Match"):
            # A poll: the page's keys alone say whether it changed, so an unchanged page
            # is a 304 without building any claim's JSON.
            keys = self.paginate_queryset(listing.key_rows(queryset, field))
            etag = self.paginator.get_etag(listing.keys(keys))
            if not_modified(request, etag):
                return conditional_response(request, etag, listing.last_modified(keys), None)
        page = self.paginate_queryset(
            listing.json_rows(queryset, self.url_prefix(), field, public=self.public)
        )
        return conditional_response(
            request,
            self.paginator.get_etag(listing.keys(page)),
            listing.last_modified(page),
            lambda: self.get_paginated_response([orjson.Fragment(row["json"]) for row in page]),
        )

    @extend_schema(responses=ClaimDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        row = self._row()
        return self._detail_response(row, *self._parts(row["id"]))

    @extend_schema(responses={201: ClaimDetailSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(responses=ClaimDetailSerializer)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses=ClaimDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def written(self, instance, status_code):
        row = listing.claim_row(
            self.get_queryset(), instance.pk, self.url_prefix(), public=self.public
        )
        parts = self._parts(row["id"])
        response = Response(self._detail(row, *parts), status=status_code)
        response["ETag"] = self._detail_etag(row, *parts)
        return response

    def _row(self):
        row = listing.claim_row(
            self.get_queryset(), self.kwargs["pk"], self.url_prefix(), public=self.public
        )
        if row is None:
            raise Http404
        return row

    def _parts(self, claim_id):
        evidence = list(Evidence.objects.filter(claim_id=claim_id).select_related("source__outlet"))
        appearances = list(
            Appearance.objects.filter(claim_id=claim_id).select_related("source__outlet")
        )
        verdicts = list(
            Verdict.objects.visible_to(self.request.user)
            .with_translations()
            .filter(claim_id=claim_id)
            .order_by("-created_at")
        )
        return evidence, appearances, verdicts, load_parts(claim_id, self.request.user)

    def _detail_etag(self, row, evidence, appearances, verdicts, extra):
        added = [record for records, _ in extra.values() for record in records]
        keys = [*listing.keys([row]), *row_keys([*evidence, *appearances, *verdicts, *added])]
        return record_etag(row["version"], keys)

    def _detail(self, row, evidence, appearances, verdicts, extra):
        return {
            **orjson.loads(row["json"]),
            "evidence": EvidenceSerializer(evidence, many=True).data,
            "appearances": AppearanceSerializer(appearances, many=True).data,
            "verdicts": VerdictSerializer(
                verdicts, many=True, context={"request": self.request}
            ).data,
            **{name: data for name, (_, data) in extra.items()},
        }

    def _detail_response(self, row, *parts):
        return conditional_response(
            self.request,
            self._detail_etag(row, *parts),
            row["updated_at"],
            lambda: Response(self._detail(row, *parts)),
        )

    @extend_schema(request=None, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPublish])
    def publish(self, request, pk=None):
        """Publish the claim's draft verdict (its first verdict or a correction)."""
        claim = self.get_object()
        workflow.publish_claim(claim=claim, by=request.user)
        return self.written(claim, status.HTTP_200_OK)

    @extend_schema(request=TransitionSerializer, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanWorkOnClaims])
    def transition(self, request, pk=None):
        """Move the claim between draft, researching and in review."""
        claim = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.move_claim(claim=claim, to=serializer.validated_data["to"], by=request.user)
        return self.written(claim, status.HTTP_200_OK)

    @extend_schema(request=RetractionSerializer, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPublish])
    def retract(self, request, pk=None):
        """Retract a published claim, with a public reason."""
        claim = self.get_object()
        serializer = RetractionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.retract_claim(
            claim=claim, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self.written(claim, status.HTTP_200_OK)

    @extend_schema(responses=HistoryEventSerializer(many=True), filters=False)
    @action(
        detail=True, methods=["get"], permission_classes=[CanSeeAuditTrail], pagination_class=None
    )
    def history(self, request, pk=None):
        """Every recorded change of the claim and of its evidence, appearances and verdicts,
        newest first, with who made it (editors only: it holds unpublished work)."""
        events = claim_history(self.get_object())
        return Response(HistoryEventSerializer(events, many=True).data)

    @extend_schema(
        responses=ClaimReviewSerializer, filters=False, operation_id="claims_claimreview_retrieve"
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def claimreview(self, request, pk=None):
        """schema.org ClaimReview JSON-LD of a published claim."""
        return _claimreview_response(request, pk)

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR},
        parameters=[
            OpenApiParameter(
                "excel",
                OpenApiTypes.BOOL,
                description="1: start the file with a UTF-8 byte order mark, for Excel.",
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        """The claims list as CSV, with the list's filters and ordering, not paginated."""
        queryset = KeysetPagination().order(
            export.rows(self.filter_queryset(self.get_queryset())), request, self
        )
        excel = request.query_params.get("excel", "") in {"1", "true"}
        return StreamingHttpResponse(
            export.csv_lines(queryset.iterator(chunk_size=2000), self.url_prefix(), excel=excel),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="claims.csv"'},
        )


class EvidenceViewSet(RecordViewSet):
    """Evidence: a source's stance on a claim. Adding, changing or removing evidence
    recomputes the claim's assessment in the same transaction; write responses carry it."""

    queryset = Evidence.objects.all()
    cache_collection = "claims"
    serializer_class = EvidenceSerializer
    write_serializer_class = EvidenceWriteSerializer
    filterset_class = EvidenceFilter

    def get_queryset(self):
        return Evidence.objects.visible_to(self.request.user).select_related("source__outlet")

    save_service = staticmethod(services.save_evidence)

    @extend_schema(responses={201: EvidenceWrittenSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(responses=EvidenceWrittenSerializer)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses=EvidenceWrittenSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def written(self, instance, status_code):
        fresh = self.get_queryset().select_related("claim").get(pk=instance.pk)
        response = Response(EvidenceWrittenSerializer(fresh).data, status=status_code)
        response["ETag"] = record_etag(fresh.version, row_keys([fresh]))
        return response


class ClaimantViewSet(RecordViewSet):
    """People and bodies that made claims; anonymous clients see those with a published claim."""

    queryset = Claimant.objects.all()
    serializer_class = ClaimantSerializer
    write_serializer_class = ClaimantSerializer
    filterset_class = ClaimantFilter
    save_service = staticmethod(services.save_claimant)

    def get_queryset(self):
        user = self.request.user
        outlets = Outlet.objects.visible_to(user).only("id", "slug", "version")
        return Claimant.objects.visible_to(user).prefetch_related(
            Prefetch("affiliations", queryset=outlets)
        )


class EventViewSet(RecordViewSet):
    """What groups of claims are about; anonymous clients see those with a published claim."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    write_serializer_class = EventSerializer
    filterset_class = EventFilter
    save_service = staticmethod(services.save_event)

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)


class VerdictViewSet(RecordViewSet):
    """Verdict history, each verdict with the translations of its rationale. Anonymous
    clients see published verdicts of published claims; a new verdict is a draft (a
    correction when the claim already has a published one), and only a draft can be
    changed, with its translations, in the same request."""

    queryset = Verdict.objects.all()
    cache_collection = "claims"
    serializer_class = VerdictSerializer
    write_serializer_class = VerdictEditSerializer
    filterset_class = VerdictFilter

    def get_queryset(self):
        return Verdict.objects.visible_to(self.request.user).with_translations()

    @extend_schema(request=VerdictDraftSerializer, responses={201: VerdictSerializer})
    def create(self, request, *args, **kwargs):
        serializer = VerdictDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        verdict = workflow.draft_verdict(by=request.user, **data)
        return self.written(verdict, status.HTTP_201_CREATED)

    def save_record(self, instance, data, *, expected_version):
        """A change of a draft is written by the workflow, which records its writers."""
        if instance.status == Verdict.Status.PUBLISHED:
            raise workflow.WorkflowError(
                "A published verdict is never changed: draft a new verdict with a correction note."
            )
        content = {name: data.get(name, getattr(instance, name)) for name in workflow.DRAFT_CONTENT}
        return workflow.draft_verdict(
            claim=instance.claim,
            by=self.request.user,
            expected_version=expected_version,
            translations=data.get("translations", ()),
            **content,
        )


class CorrectionViewSet(RecordViewSet):
    """Published verdicts that replaced an earlier one, newest first, with the public note."""

    http_method_names = ["get", "head", "options"]
    queryset = Verdict.objects.all()
    cache_collection = "claims"
    serializer_class = CorrectionSerializer
    ordering_fields = {"published_at": "published_at"}
    default_ordering = "-published_at"

    def get_queryset(self):
        return Verdict.objects.public_corrections()


class ClaimReviewFeedViewSet(RecordViewSet):
    """Every published fact-check as schema.org ClaimReview, most recently changed first:
    each page is a schema.org ``DataFeed`` (``dataFeedElement``: the reviews of its
    claims, each claim's review followed by one per published translation of its
    verdict's rationale) with its ``dateModified`` and ``next``, the following page (pages
    count claims). ``import_claimreview`` on another instance imports it as it is, one
    review per claim."""

    http_method_names = ["get", "head", "options"]
    queryset = Claim.objects.all()
    cache_collection = "claims"
    serializer_class = ClaimReviewSerializer
    ordering_fields = {"updated_at": "updated_at"}
    default_ordering = "-updated_at"

    def get_queryset(self):
        return Claim.objects.reviewable().with_translated_claimreviews()

    def retrieve(self, request, *args, **kwargs):
        """schema.org ClaimReview JSON-LD of a published claim (as ``claims/{id}/claimreview/``)."""
        return _claimreview_response(request, kwargs["pk"])

    @extend_schema(responses=ClaimReviewFeedSerializer)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        modified = max((claim.updated_at for claim in page), default=None)
        return conditional_response(
            request,
            self.paginator.get_etag(row_keys(page)),
            modified,
            lambda: Response(self._data_feed(request, page, modified)),
        )

    def _data_feed(self, request, page, modified) -> dict:
        return {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": f"{settings.FACTCHECK_PUBLISHER_NAME}: fact-checks",
            "url": request.build_absolute_uri(),
            "dateModified": modified and modified.astimezone(UTC).isoformat(),
            "dataFeedElement": [review for claim in page for review in _claimreviews_of(claim)],
            "next": self.paginator.get_next_link(),
        }
