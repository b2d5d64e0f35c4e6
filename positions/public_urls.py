from django.urls import path

from . import public_views

app_name = "jobs"

urlpatterns = [
    path("", public_views.job_board, name="board"),
    path("feed.xml", public_views.job_feed, name="feed"),
    path("<slug:slug>/", public_views.job_detail, name="detail"),
    path("<slug:slug>/apply/", public_views.job_apply, name="apply"),
]
