import hashlib

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from positions.models import ScreeningQuestion
from positions.requirements import EducationLevel

from . import files
from . import resume as resume_files
from .models import ACTIVE_STAGES, RejectionReason, Source, Stage, local_private_storage
from .services import ApplicationData, ResumeUpload

STASH_SALT = "candidates.resume-stash"

_privacy_label = lazy(
    lambda: format_html(
        _('I have read the <a href="{}" target="_blank" rel="noopener">privacy notice</a>'), reverse_lazy("privacy")
    ),
    str,
)


class ApplicationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    town = forms.CharField(label=_("Town"), max_length=100, required=False, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    education_level = forms.TypedChoiceField(
        label=_("Highest education completed"), coerce=int, choices=[("", "—")] + EducationLevel.choices
    )
    field_of_study = forms.CharField(label=_("Field of study"), max_length=120, required=False)
    years_experience = forms.IntegerField(
        label=_("Years in a similar role"), min_value=0, max_value=50,
        help_text=_("Whole years in jobs like this one; 0 if none."),
    )
    skills = forms.TypedMultipleChoiceField(
        label=_("Which of these skills do you have?"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_skills = forms.CharField(label=_("Other skills"), max_length=500, required=False)
    cover_letter = forms.CharField(
        label=_("Cover letter"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional. Why this role, in a few lines."),
    )
    resume = forms.FileField(
        label=_("Résumé"), required=False, error_messages={"required": _("Attach your résumé.")},
        help_text=_("PDF, Word (DOCX) or OpenDocument (ODT), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    resume_token = forms.CharField(required=False, widget=forms.HiddenInput)
    privacy = forms.BooleanField(label=_privacy_label(), error_messages={"required": _("Please confirm you have read the privacy notice.")})
    future_roles_consent = forms.BooleanField(
        label=_("You may keep my application to consider me for future roles (kept up to 24 months)."), required=False
    )
    # A field people never see: bots fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    source = forms.ChoiceField(choices=Source.choices, required=False, widget=forms.HiddenInput)

    def __init__(self, position, *args, client_address: str = "unknown", **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        # Whom a kept résumé counts against (candidates.files.stash_keep). Without it every
        # visitor shares one allowance: the bound stays on rather than silently off.
        self.client_address = client_address
        self.resume_upload: ResumeUpload | None = None
        self.kept_resume_name = ""
        self.fields["skills"].choices = [(ps.skill_id, ps.skill.name) for ps in position.position_skills.all()]
        if not self.fields["skills"].choices:
            del self.fields["skills"]
        self.questions = list(position.screening_questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # Required, unless a résumé kept from an earlier try is already attached.
        self.fields["resume"].required = not (self.is_bound and _stash_available(self.data.get("resume_token", "")))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def question_fields(self):
        return [self[f"question_{q.pk}"] for q in self.questions]

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        if upload.size > settings.RESUME_MAX_BYTES:
            # Refuse before reading a huge file into memory.
            resume_files.identify(b"x" * (settings.RESUME_MAX_BYTES + 1))
        data = upload.read()
        kind = resume_files.identify(data)
        self.resume_upload = ResumeUpload(name=upload.name, data=data, kind=kind)
        return upload

    def clean(self):
        data = super().clean()
        if self.resume_upload is None and "resume" not in self.errors:
            stashed = _unstash(data.get("resume_token", ""))
            if stashed is None:
                self.add_error("resume", ValidationError(_("Attach your résumé."), code="required"))
            else:
                self.resume_upload = stashed
        return data

    def keep_resume_for_next_try(self) -> None:
        """When only other fields are wrong, keep the good résumé so it need not be chosen again.

        One kept file per form: choosing a file again replaces it (the same file keeps the one
        already there). Past the stash's bounds the résumé is not kept and the form says so.
        """
        if self.resume_upload is None:
            return
        previous = _stash_payload(self.data.get("resume_token", ""))
        if previous is not None and not local_private_storage.exists(previous["path"]):
            previous = None
        if not self.cleaned_data.get("resume") and previous is not None:
            self._show_kept(self.resume_upload.name)  # the kept file was used: nothing new to keep
            return
        upload = self.resume_upload
        digest = hashlib.sha256(upload.data).hexdigest()
        if previous is not None and previous.get("sha256") == digest and files.stash_refresh(previous["path"]):
            path = previous["path"]  # the same file again: the one kept, for an hour from now like its new token
        else:
            path = files.stash_keep(
                upload.data, extension=resume_files.EXTENSIONS[upload.kind], address=self.client_address,
                form=str(self.data.get("submission_token", "")), replaces=previous["path"] if previous else "",
            )
        self.data = self.data.copy()
        if path is None:
            if previous is not None:  # a different file was chosen: the old one must not be sent instead
                files.delete_quietly(previous["path"])
            self.data["resume_token"] = ""
            self.add_error(
                "resume",
                ValidationError(
                    _("We could not keep your résumé this time: choose the file again before you send the form."),
                    code="not_kept",
                ),
            )
            return
        self.data["resume_token"] = signing.dumps(
            {"path": path, "name": upload.name, "kind": upload.kind, "sha256": digest}, salt=STASH_SALT
        )
        self._show_kept(upload.name)

    def _show_kept(self, name: str) -> None:
        self.kept_resume_name = name
        # The page says the file is kept: the browser must not insist on choosing it again.
        self.fields["resume"].required = False

    def application_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            email=data["email"],
            phone=data.get("phone", "").strip(),
            town=data.get("town", "").strip(),
            education_level=data["education_level"],
            field_of_study=data.get("field_of_study", "").strip(),
            years_experience=data["years_experience"],
            skill_ids=list(data.get("skills", [])),
            other_skills=data.get("other_skills", "").strip(),
            cover_letter=data.get("cover_letter", "").strip(),
            answers={q.pk: _answer_value(data.get(f"question_{q.pk}")) for q in self.questions},
            future_roles_consent=data.get("future_roles_consent", False),
            source=data.get("source") or Source.JOB_BOARD,
        )

    def discard_stash(self) -> None:
        stash = _stash_payload(self.data.get("resume_token", ""))
        if stash:
            local_private_storage.delete(stash["path"])


def _question_field(question: ScreeningQuestion) -> forms.Field:
    if question.kind == ScreeningQuestion.Kind.YES_NO:
        return forms.ChoiceField(
            label=question.text, required=question.required, choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
        )
    if question.kind == ScreeningQuestion.Kind.NUMBER:
        return forms.DecimalField(label=question.text, required=question.required, max_digits=8, decimal_places=2)
    return forms.CharField(label=question.text, required=question.required, max_length=300)


def _answer_value(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text and text.replace(".", "").isdigit() else text


def _stash_payload(token: str) -> dict | None:
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=STASH_SALT, max_age=settings.RESUME_STASH_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not str(payload.get("path", "")).startswith(f"{files.STASH_FOLDER}/"):
        return None
    return payload


def _stash_available(token: str) -> bool:
    payload = _stash_payload(token)
    return payload is not None and local_private_storage.exists(payload["path"])


def _unstash(token: str) -> ResumeUpload | None:
    payload = _stash_payload(token)
    if payload is None or not local_private_storage.exists(payload["path"]):
        return None
    with local_private_storage.open(payload["path"], "rb") as handle:
        return ResumeUpload(name=payload["name"], data=handle.read(), kind=payload["kind"])


# ---------------------------------------------------------------------------
# Staff forms
# ---------------------------------------------------------------------------
class _ReasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()}: {obj.name}"


class RejectForm(forms.Form):
    reason = _ReasonChoiceField(label=_("Reason"), queryset=RejectionReason.objects.none(), empty_label="—")
    note = forms.CharField(label=_("Internal note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    send_email = forms.BooleanField(label=_("Send this e-mail to the candidate"), required=False)
    email_subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    email_body = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 9}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = RejectionReason.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if data.get("send_email"):
            if reason is not None and reason.kind != RejectionReason.Kind.WE_REJECTED:
                self.add_error("send_email", _("E-mails are sent only for our own rejections, not for withdrawals."))
            if not data.get("email_subject") or not data.get("email_body"):
                self.add_error("email_body", _("Write the subject and the message, or untick “Send this e-mail”."))
        return data


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=[(s.value, s.label) for s in ACTIVE_STAGES])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Add a note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage"))] + Stage.choices)
    meets = forms.ChoiceField(
        label=_("Meets requirements"), required=False,
        choices=[("", _("Any")), ("yes", _("Meets")), ("no", _("Does not meet"))],
    )
    education = forms.TypedChoiceField(
        label=_("Education at least"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any"))] + EducationLevel.choices,
    )
    min_years = forms.IntegerField(label=_("Years at least"), required=False, min_value=0, max_value=50)
    skill = forms.TypedChoiceField(label=_("Skill"), required=False, coerce=int, empty_value=None, choices=[])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Any source"))] + Source.choices)
    applied_from = forms.DateField(label=_("Applied from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    applied_to = forms.DateField(label=_("Applied until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[
            ("-applied", _("Newest first")), ("applied", _("Oldest first")), ("name", _("Last name")),
            ("-years", _("Most experience")), ("-education", _("Highest education")),
        ],
    )

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", _("Any skill"))] + [(s.pk, s.name) for s in skills]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filters(self) -> dict:
        """The valid filters only: a tampered value is ignored, never an error page."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}


class BulkActionForm(forms.Form):
    ACTIONS = [("move", _("Move to stage")), ("reject", _("Reject with reason")), ("export", _("Export CSV"))]
    action = forms.ChoiceField(label=_("With the selected"), choices=ACTIONS)
    applications = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Select at least one application.")}
    )
    to_stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[(s.value, s.label) for s in ACTIVE_STAGES])
    reason = _ReasonChoiceField(label=_("Reason"), required=False, queryset=RejectionReason.objects.none())

    def __init__(self, *args, application_ids=(), may_change=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]
        if not may_change:  # who may only view applications may export them, not move or reject them
            self.fields["action"].choices = [choice for choice in self.ACTIONS if choice[0] == "export"]
        self.fields["reason"].queryset = RejectionReason.objects.filter(active=True, kind=RejectionReason.Kind.WE_REJECTED)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for the rejection."))
        return data

    def kept_choices(self) -> dict:
        """What HR chose, as typed, for the table to show again after a refusal (nothing is lost)."""
        return {
            "action": self.data.get("action", ""),
            "to_stage": self.data.get("to_stage", ""),
            "reason": self.data.get("reason", ""),
            "applications": [value for value in self.data.getlist("applications") if value.isdigit()][:500],
        }
