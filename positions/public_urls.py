from django.urls import path

from . import public_views

# Included under the "jobs" namespace by recruiting/urls.py, next to the apply pages.
urlpatterns = [
    path("", public_views.job_board, name="board"),
    path("feed.xml", public_views.job_feed, name="feed"),
    path("<slug:slug>/", public_views.job_detail, name="detail"),
]
