from django.urls import path

from . import views

app_name = "candidates"

urlpatterns = [
    path("applications/", views.application_table, name="all"),
    path("positions/<id:pk>/board/", views.board, name="board"),
    path("positions/<id:pk>/applications/", views.application_table, name="table"),
    path("positions/<id:pk>/applications/bulk/", views.bulk_action, name="bulk"),
    path("applications/<id:pk>/", views.application_detail, name="detail"),
    path("applications/<id:pk>/move/", views.move, name="move"),
    path("applications/<id:pk>/hire/", views.confirm_hire, name="confirm_hire"),
    path("applications/<id:pk>/reject/", views.reject, name="reject"),
    path("applications/<id:pk>/notes/", views.add_note, name="add_note"),
    path("applications/<id:pk>/resume/", views.resume, name="resume"),
]
