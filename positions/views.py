"""Staff screens for positions: list, role templates, create/edit, detail and status actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView

from . import hooks, role_templates, selectors, services
from .forms import DutyFormSet, PositionForm, QuestionFormSet, SkillFormSet, StaffPositionFilterForm
from .models import Competency, Position, Skill


class _CanViewPositions(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "positions.view_position"


class _CanEditPositions(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = ("positions.add_position", "positions.change_position")


class PositionListView(_CanViewPositions, TemplateView):
    template_name = "positions/position_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        form = StaffPositionFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        positions = selectors.staff_positions(
            q=filters.get("q", ""), status=filters.get("status", ""), function=filters.get("function", "")
        )
        page = Paginator(positions, self.paginate_by).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        cells: dict[int, str] = {}  # the "Applicants" column, from the candidates app (positions/hooks.py)
        for answer in hooks.position_list_applicants(self.request, page.object_list):
            cells.update(answer)
        for position in page.object_list:
            position.applicants_cell = cells.get(position.pk, "")
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=form, page_obj=page, positions=page.object_list, querystring=query.urlencode(), **kwargs
        )


class RoleTemplateListView(_CanEditPositions, TemplateView):
    template_name = "positions/role_template_list.html"

    def get_context_data(self, **kwargs):
        language = (get_language() or "en")[:2]
        return super().get_context_data(
            templates=role_templates.TEMPLATES,
            language=language if language in ("it", "en") else "en",
            **kwargs,
        )


class PositionEditView(_CanEditPositions, View):
    """One page for the position and its duties and skills, saved together."""

    template_name = "positions/position_form.html"

    def _position(self):
        if "pk" not in self.kwargs:
            return Position()
        return get_object_or_404(Position, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        position = self._position()
        if position.pk:
            form = PositionForm(instance=position)
            duties = [
                {"description": d.description, "time_share": d.time_share, "essential": d.essential, "ORDER": i + 1}
                for i, d in enumerate(position.duties.all())
            ]
            skills = [
                {"name": s.skill.name, "importance": s.importance, "weight": s.weight, "ORDER": i + 1}
                for i, s in enumerate(position.position_skills.select_related("skill"))
            ]
            questions = [
                {"id": q.pk, "text": q.text, "kind": q.kind, "knockout": q.knockout, "required": q.required, "ORDER": i + 1}
                for i, q in enumerate(position.screening_questions.all())
            ]
        else:
            questions = []
            template = role_templates.get_template(request.GET.get("template", ""))
            if request.GET.get("template") and template is None:
                messages.warning(request, _("That role template does not exist; starting from a blank position."))
            initial, duties, skills = _initial_from_template(template, request.GET.get("lang", ""))
            initial.setdefault("hiring_manager", request.user.pk)
            form = PositionForm(instance=position, initial=initial)
        duty_formset = DutyFormSet(prefix="duties", initial=duties)
        skill_formset = SkillFormSet(prefix="skills", initial=skills)
        question_formset = QuestionFormSet(prefix="questions", initial=questions)
        if not duties:
            duty_formset.extra = 1
        if not skills:
            skill_formset.extra = 1
        return self._render(position, form, duty_formset, skill_formset, question_formset)

    def post(self, request, *args, **kwargs):
        position = self._position()
        form = PositionForm(request.POST, instance=position)
        duty_formset = DutyFormSet(request.POST, prefix="duties")
        skill_formset = SkillFormSet(request.POST, prefix="skills")
        question_formset = QuestionFormSet(request.POST, prefix="questions")
        formsets_valid = all([duty_formset.is_valid(), skill_formset.is_valid(), question_formset.is_valid()])
        if form.is_valid() and formsets_valid:
            try:
                position = services.position_save(
                    position=form.save(commit=False),
                    duties=[
                        services.DutyData(
                            description=f.cleaned_data["description"],
                            time_share=f.cleaned_data.get("time_share"),
                            essential=f.cleaned_data.get("essential", False),
                        )
                        for f in duty_formset.ordered_forms
                    ],
                    skills=[
                        services.SkillData(
                            name=f.cleaned_data["name"],
                            importance=f.cleaned_data["importance"],
                            weight=f.cleaned_data["weight"],
                        )
                        for f in skill_formset.ordered_forms
                    ],
                    questions=[
                        services.QuestionData(
                            id=f.cleaned_data.get("id"),
                            text=f.cleaned_data["text"],
                            kind=f.cleaned_data["kind"],
                            required=f.cleaned_data.get("required", False),
                            knockout=f.cleaned_data.get("knockout", ""),
                        )
                        for f in question_formset.ordered_forms
                    ],
                    competencies=form.cleaned_data["competencies"],
                    panel=form.cleaned_data["panel"],
                    user=request.user,
                )
            except ValidationError as error:
                if "pk" not in self.kwargs:
                    position.pk = None  # the insert was rolled back
                form.add_error(None, error)
            else:
                messages.success(request, _("“%(title)s” has been saved.") % {"title": position.title})
                return redirect(position)
        return self._render(position, form, duty_formset, skill_formset, question_formset)

    def _render(self, position, form, duty_formset, skill_formset, question_formset):
        context = {
            "position": position if position.pk else None,
            "form": form,
            "duty_formset": duty_formset,
            "skill_formset": skill_formset,
            "question_formset": question_formset,
            "skill_names": Skill.objects.values_list("name", flat=True)[:500],
        }
        return render(self.request, self.template_name, context)


def _initial_from_template(template, language):
    """The form's starting point: the role template's position (role_templates.position_fields) as form data."""
    if template is None:
        return {"language": (get_language() or "it")[:2]}, [], []
    draft = role_templates.position_fields(
        template, language if language in ("it", "en") else (get_language() or "en")[:2]
    )
    competencies = Competency.objects.filter(slug__in=draft.competencies).values_list("pk", flat=True)
    initial = {**draft.fields, "competencies": list(competencies)}
    duties = [
        {"description": text, "time_share": share, "essential": essential, "ORDER": i + 1}
        for i, (text, share, essential) in enumerate(draft.duties)
    ]
    skills = [
        {"name": name, "importance": importance, "weight": weight, "ORDER": i + 1}
        for i, (name, importance, weight) in enumerate(draft.skills)
    ]
    return initial, duties, skills


class PositionDetailView(_CanViewPositions, DetailView):
    template_name = "positions/position_detail.html"
    context_object_name = "position"

    def get_object(self, queryset=None):
        try:
            return selectors.staff_position(self.kwargs["pk"])
        except Position.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        position = self.object
        return super().get_context_data(
            publish_problems=services.publish_problems(position) if position.is_draft else [],
            transitions=services.TRANSITIONS.get(position.status, ()),
            **kwargs,
        )


@require_POST
@login_required
@permission_required("positions.change_position", raise_exception=True)
def position_change_status(request, pk):
    position = get_object_or_404(Position, pk=pk)
    status = request.POST.get("status", "")
    if status not in Position.Status.values:
        messages.error(request, _("Unknown status; nothing was changed."))
        return redirect(position)
    try:
        position = services.position_set_status(position=position, status=status, user=request.user)
    except ValidationError as error:
        heading = (
            _("“%(title)s” cannot be published yet:") % {"title": position.title}
            if status == Position.Status.OPEN
            else _("The status was not changed:")
        )
        # One message that lists every problem, so HR can fix them all at once.
        problems = format_html_join("", "<li>{}</li>", ((problem,) for problem in error.messages))
        messages.error(request, format_html("{}<ul class=\"mb-0\">{}</ul>", heading, problems))
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.") % {"title": position.title, "status": position.get_status_display().lower()},
        )
    return redirect(position)


@require_POST
@login_required
@permission_required("positions.add_position", raise_exception=True)
def position_duplicate(request, pk):
    position = get_object_or_404(Position, pk=pk)
    copy = services.position_duplicate(position=position, user=request.user)
    messages.success(request, _("A draft copy was created. Change what differs, then publish it."))
    return redirect("positions:edit", pk=copy.pk)
