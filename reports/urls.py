from django.contrib import admin
from django.urls import path

from reports import views

urlpatterns = [
    path("", admin.site.admin_view(views.statistics_page), name="desk-statistics"),
    path("report.zip", admin.site.admin_view(views.csv_export), name="desk-statistics-csv"),
    path("print/", admin.site.admin_view(views.printable), name="desk-statistics-print"),
]
