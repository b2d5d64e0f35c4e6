from django.urls import path

from . import views

app_name = "positions"

urlpatterns = [
    path("", views.PositionListView.as_view(), name="list"),
    path("templates/", views.RoleTemplateListView.as_view(), name="templates"),
    path("new/", views.PositionEditView.as_view(), name="create"),
    path("<id:pk>/", views.PositionDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", views.PositionEditView.as_view(), name="edit"),
    path("<id:pk>/status/", views.position_change_status, name="change_status"),
    path("<id:pk>/duplicate/", views.position_duplicate, name="duplicate"),
]
