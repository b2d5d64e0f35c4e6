from django.urls import path

from . import overview_views, scoring_settings_views, slot_views, views

app_name = "evaluations"

urlpatterns = [
    path("interviews/mine/", views.my_interviews, name="mine"),
    path("interviews/", overview_views.interviews_overview, name="overview"),
    path("interviews/calendar/<id:profile_pk>/<str:token>.ics", overview_views.calendar_feed, name="calendar_feed"),
    path("applications/<id:application_pk>/interviews/new/", views.schedule, name="schedule"),
    path("applications/<id:application_pk>/slots/new/", slot_views.offer_new, name="slot_offer_new"),
    path("slot-offers/<id:pk>/withdraw/", slot_views.offer_withdraw, name="slot_offer_withdraw"),
    path("applications/<id:application_pk>/scorecards/", views.application_scorecards, name="application_scorecards"),
    path("interviews/<id:pk>/", views.interview_detail, name="interview"),
    path("interviews/<id:pk>/edit/", views.reschedule, name="reschedule"),
    path("interviews/<id:pk>/cancel/", views.cancel, name="cancel"),
    path("scorecards/<id:pk>/", views.scorecard, name="scorecard"),
    path("positions/<id:position_pk>/ranking/", views.ranking_page, name="ranking"),
    path("positions/<id:position_pk>/ranking/compare/", views.ranking_compare, name="compare"),
    path(
        "positions/<id:position_pk>/ranking/scoring/", scoring_settings_views.scoring_settings_page,
        name="scoring_settings",
    ),
    path("positions/<id:position_pk>/ranking/<id:application_pk>/why/", views.ranking_why, name="why"),
]
