import pghistory
from django.utils.cache import patch_vary_headers
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response

from core import http_cache
from core.api.conditional import (
    conditional_response,
    record_etag,
    row_keys,
    stated_version,
)
from core.api.pagination import KeysetPagination
from core.api.schema import ApiSchema
from core.characters import uncarriable_refusal

WRITE_ACTIONS = {"create", "update", "partial_update"}


def refuse_uncarriable_input(data: dict) -> None:
    """A 400 naming each field whose text feeds and JSON consumers cannot carry
    (core/characters.py), before any service sees it."""
    errors = {
        name: [message] for name, value in data.items() if (message := uncarriable_refusal(value))
    }
    if errors:
        raise ValidationError(errors)


class RecordSchema(ApiSchema):
    """Writes take the view's input serializer and answer with its output serializer."""

    def get_request_serializer(self):
        if self.view.action in WRITE_ACTIONS:
            return self.view.write_serializer_class
        return super().get_request_serializer()


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Writes need the model's add/change/delete permission; a read that needs none is
    allowed without building the view's queryset (most requests are anonymous reads)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS and not self.perms_map.get(request.method):
            return True
        return super().has_permission(request, view)


class RecordViewSet(viewsets.GenericViewSet):
    """List and retrieve with ETags and keyset pages; create; update with a stated version.

    ``serializer_class`` shapes what is returned, ``write_serializer_class`` validates
    what is sent, and ``save_service`` (a function of the app's service module) writes
    it: the viewset itself never saves a model. Reads are open to anyone (``get_queryset`` decides what each client
    sees); writes need the model permission the user's group gives.
    """

    permission_classes = [ModelPermissionsOrAnonReadOnly]
    pagination_class = KeysetPagination
    schema = RecordSchema()
    lookup_value_regex = r"[0-9]{1,19}"
    ordering_fields = {"id": "id"}
    default_ordering = "id"
    write_serializer_class = None
    save_service = None
    # The key of the collection this viewset lists, for a shared cache in front
    # (core/http_cache.py); by default the model's name in the plural.
    cache_collection = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF authenticates after the middleware opened the audit context: name the
        # API user (token users included) as the author of this request's changes.
        if request.user.is_authenticated and request.method not in SAFE_METHODS:
            pghistory.context(user=request.user.pk)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if request.method in ("GET", "HEAD") and self.queryset is not None:
            model = self.queryset.model._meta.model_name
            http_cache.tag(request._request, self.cache_collection or f"{model}s")
            if self.lookup_field in self.kwargs or "pk" in self.kwargs:
                pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
                http_cache.tag(request._request, f"{model}-{pk}")
        return response

    def get_ordering_fields(self):
        return self.ordering_fields

    def get_default_ordering(self):
        return self.default_ordering

    def save_record(self, instance, data: dict, *, expected_version: int | None):
        """Write validated ``data`` through the app's service (``instance`` None on a
        create): ``save_service`` is called with the record as ``instance``, the acting
        user and the version the client stated."""
        return type(self).save_service(
            instance=instance,
            by=self.request.user,
            expected_version=expected_version,
            **data,
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return conditional_response(
            request,
            self.paginator.get_etag(row_keys(page)),
            max((row.updated_at for row in page), default=None),
            lambda: self.get_paginated_response(self.get_serializer(page, many=True).data),
        )

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return conditional_response(
            request,
            record_etag(instance.version, row_keys([instance])),
            instance.updated_at,
            lambda: Response(self.get_serializer(instance).data),
        )

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer_class(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        refuse_uncarriable_input(serializer.validated_data)
        instance = self.save_record(None, serializer.validated_data, expected_version=None)
        return self.written(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        version = stated_version(request)
        serializer = self.write_serializer_class(
            instance,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        refuse_uncarriable_input(serializer.validated_data)
        instance = self.save_record(instance, serializer.validated_data, expected_version=version)
        return self.written(instance, status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def written(self, instance, status_code):
        """The record as stored after a write, re-read so derived fields are current."""
        fresh = self.get_queryset().get(pk=instance.pk)
        response = Response(self.get_serializer(fresh).data, status=status_code)
        response["ETag"] = record_etag(fresh.version, row_keys([fresh]))
        return response
