from django.apps import apps

from candidates import blind, offer_views, sections
from candidates import hooks as candidate_hooks
from core.hooks import Hook
from evaluations import assessment_views, candidate_status
from evaluations import sections as evaluation_sections
from positions import hooks as position_hooks


def test_a_hook_with_nothing_plugged_in_answers_an_empty_list():
    assert Hook("probe", "")(1, key="value") == []


def test_a_hook_answers_in_the_order_functions_were_plugged_in_and_passes_the_arguments_on():
    hook = Hook("probe", "")
    hook.register(lambda *args, **kwargs: ("first", args, kwargs))
    hook.register(lambda *args, **kwargs: "second")
    assert hook(1, key="value") == [("first", (1,), {"key": "value"}), "second"]


def test_plugging_the_same_function_in_twice_answers_once():
    hook = Hook("probe", "")

    def answer():
        return "once"

    hook.register(answer)
    assert hook.register(answer) is answer
    assert hook() == ["once"]


def test_setting_up_the_apps_again_plugs_nothing_in_twice():
    before = [list(h._functions) for h in _project_hooks()]
    for label in ("candidates", "evaluations"):  # the apps that plug in
        apps.get_app_config(label).ready()
    assert [list(h._functions) for h in _project_hooks()] == before


def test_the_later_apps_answer_the_earlier_apps_hooks():
    assert position_hooks.blind_screening_switch._functions == [blind.switch_problem]
    assert position_hooks.position_list_applicants._functions == [sections.position_list_applicants]
    assert candidate_hooks.scheduled_interviews._functions == [evaluation_sections.scheduled_interviews]
    assert candidate_hooks.application_sections._functions == [
        offer_views.offer_panel, evaluation_sections.application_panel, assessment_views.application_section]
    assert candidate_hooks.status_sections._functions == [assessment_views.status_section]
    assert candidate_hooks.candidate_interviews._functions == [candidate_status.candidate_interviews,
                                                               candidate_status.candidate_slot_offers]
    assert candidate_hooks.candidate_interview_ics._functions == [candidate_status.candidate_interview_ics]


def _project_hooks():
    return [
        position_hooks.blind_screening_switch,
        position_hooks.position_list_applicants,
        candidate_hooks.scheduled_interviews,
        candidate_hooks.application_sections,
        candidate_hooks.candidate_interviews,
        candidate_hooks.candidate_interview_ics,
        candidate_hooks.status_sections,
    ]


def test_a_required_hook_with_nothing_plugged_in_fails_the_system_check(monkeypatch):
    from core import hooks

    monkeypatch.setattr(hooks, "DECLARED", [])
    Hook("probe.optional", "")
    required = Hook("probe.required", "", required=True)
    assert [(e.id, e.obj) for e in hooks.check_required_hooks()] == [("core.E201", "probe.required")]
    required.register(lambda: None)
    assert hooks.check_required_hooks() == []


def test_the_project_s_required_hooks_are_the_privacy_rules_and_all_answered():
    from core import hooks

    assert sorted(h.name for h in hooks.DECLARED if h.required) == [
        "candidates.scheduled_interviews", "positions.blind_screening_switch",
    ]
    assert hooks.check_required_hooks() == []
