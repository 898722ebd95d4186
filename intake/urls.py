from django.urls import path

from intake import views

urlpatterns = [
    path("tips/new/", views.tip_new, name="tip-new"),
    path("tips/thanks/", views.tip_thanks, name="tip-thanks"),
]
