from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("interviews/mine/", views.my_interviews, name="mine"),
    path("applications/<int:application_pk>/interviews/new/", views.schedule, name="schedule"),
    path("applications/<int:application_pk>/scorecards/", views.application_scorecards, name="application_scorecards"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview"),
    path("interviews/<int:pk>/edit/", views.reschedule, name="reschedule"),
    path("interviews/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("scorecards/<int:pk>/", views.scorecard, name="scorecard"),
    path("positions/<int:position_pk>/ranking/", views.ranking_page, name="ranking"),
    path("positions/<int:position_pk>/ranking/compare/", views.ranking_compare, name="compare"),
    path("positions/<int:position_pk>/ranking/<int:application_pk>/why/", views.ranking_why, name="why"),
]
