from django.urls import path

from newsroom import quantities, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant-detail"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet-detail"),
    path("figures/<slug:slug>/", quantities.quantity_detail, name="quantity-detail"),
    path("methodology/", views.methodology, name="methodology"),
    path("corrections/", views.corrections, name="corrections"),
    path("transparency/", views.transparency, name="transparency"),
    path("embed/claims/<int:pk>/", views.claim_embed, name="claim-embed"),
]
