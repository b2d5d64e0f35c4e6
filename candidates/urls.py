from django.urls import path

from . import views

app_name = "candidates"

urlpatterns = [
    path("applications/", views.application_table, name="all"),
    path("positions/<int:pk>/board/", views.board, name="board"),
    path("positions/<int:pk>/applications/", views.application_table, name="table"),
    path("positions/<int:pk>/applications/bulk/", views.bulk_action, name="bulk"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/notes/", views.add_note, name="add_note"),
    path("applications/<int:pk>/resume/", views.resume, name="resume"),
]
