from django.urls import path

from . import assessment_views, overview_views, scoring_settings_views, slot_views, views

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
    # Candidate assessments (evaluations/assessments.py).
    path("positions/<id:position_pk>/assessment/", assessment_views.plan_page, name="assessment_plan"),
    path("assessments/bank/", assessment_views.bank_page, name="assessment_bank"),
    path("assessments/bank/items/new/", assessment_views.item_edit, name="assessment_item_new"),
    path("assessments/bank/items/<id:pk>/", assessment_views.item_edit, name="assessment_item"),
    path("assessments/bank/exercises/<id:pk>/", assessment_views.exercise_page, name="assessment_exercise"),
    path("applications/<id:application_pk>/assessment/", assessment_views.result_page, name="assessment_result"),
    path("applications/<id:application_pk>/assessment/send/", assessment_views.send, name="assessment_send"),
    path("applications/<id:application_pk>/assessment/exclusion/", assessment_views.exclusion,
         name="assessment_exclusion"),
]
