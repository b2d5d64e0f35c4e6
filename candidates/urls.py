from django.urls import path

from . import offer_views, reference_views, views

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
    path("applications/<id:pk>/offer/", offer_views.offer_draft, name="offer_draft"),
    path("offers/<id:pk>/", offer_views.offer_detail, name="offer"),
    path("offers/<id:pk>/step/", offer_views.offer_step, name="offer_step"),
    path("offers/<id:pk>/send/", offer_views.offer_send, name="offer_send"),
    path("offers/<id:pk>/letter/", offer_views.offer_letter, name="offer_letter"),
    path("applications/<id:pk>/references/ask/", reference_views.ask, name="references_ask"),
    path("referees/<id:pk>/send-again/", reference_views.send_again, name="referee_send_again"),
    path("referees/<id:pk>/cancel/", reference_views.cancel, name="referee_cancel"),
    path("referees/<id:pk>/exclude/", reference_views.exclude, name="referee_exclude"),
    path("referees/<id:pk>/include/", reference_views.include, name="referee_include"),
]
