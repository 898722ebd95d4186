from django.urls import path

from sources import views

urlpatterns = [
    path("sources/<int:pk>/archives/<int:snapshot>/", views.archived_copy, name="source-archive"),
    path(
        "sources/<int:pk>/archives/<int:snapshot>/warc/",
        views.archived_warc,
        name="source-archive-warc",
    ),
    path("sources/<int:pk>/media/<int:media>/", views.media_file, name="source-media"),
    path(
        "sources/<int:pk>/media/<int:media>/thumbnail/",
        views.media_thumbnail,
        name="source-media-thumbnail",
    ),
]
