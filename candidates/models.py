import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import LazyObject
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from positions.models import Position, ScreeningQuestion, Skill
from positions.requirements import EducationLevel

from . import stages


class _NoUrlStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Résumés have no public URL; they are served by candidates:resume only.")


class PrivateStorage(LazyObject):
    """Résumés live outside MEDIA_ROOT and have no URL: only a view that checks the user serves them.

    In S3-compatible object storage when settings.OBJECT_STORAGE is set (candidates/object_storage.py).
    """

    def _setup(self):
        if settings.OBJECT_STORAGE:
            from . import object_storage

            self._wrapped = object_storage.build()
        else:
            self._wrapped = _NoUrlStorage(location=settings.PRIVATE_MEDIA_ROOT)


class LocalPrivateStorage(LazyObject):
    """This node's own disk under PRIVATE_MEDIA_ROOT: résumés kept between two tries of a form (files.py)."""

    def _setup(self):
        self._wrapped = _NoUrlStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()
local_private_storage = LocalPrivateStorage()


def get_private_storage():
    return private_storage


def _resume_path(application, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resumes/{application.position_id}/{uuid.uuid4().hex}.{extension}"


class Stage(models.TextChoices):
    """The pipeline's stages for fields and forms; their order and the moves between them: candidates/stages.py."""

    APPLIED = stages.APPLIED, stages.LABELS[stages.APPLIED]
    SCREENING = stages.SCREENING, stages.LABELS[stages.SCREENING]
    INTERVIEW = stages.INTERVIEW, stages.LABELS[stages.INTERVIEW]
    OFFER = stages.OFFER, stages.LABELS[stages.OFFER]
    HIRED = stages.HIRED, stages.LABELS[stages.HIRED]
    REJECTED = stages.REJECTED, stages.LABELS[stages.REJECTED]
    WITHDRAWN = stages.WITHDRAWN, stages.LABELS[stages.WITHDRAWN]


ACTIVE_STAGES = [Stage(stage) for stage in stages.ACTIVE]  # with their labels, for forms and reports


class Source(models.TextChoices):
    JOB_BOARD = "job_board", _("Our careers page")
    LINKEDIN = "linkedin", _("LinkedIn")
    INDEED = "indeed", _("Indeed")
    REFERRAL = "referral", _("Referral")
    UNIVERSITY = "university", _("University or school")
    OTHER = "other", _("Other")


class Candidate(models.Model):
    """One person, matched by normalised e-mail across all their applications."""

    ANONYMOUS = "—"

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("e-mail"))
    email_normalized = models.CharField(_("normalised e-mail"), max_length=254, unique=True, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="it")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email_normalized = self.normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.join_name(self.first_name, self.last_name)

    @staticmethod
    def join_name(first_name: str, last_name: str) -> str:
        """A person's name as pages show it (lists that read the two columns alone use this too)."""
        return f"{first_name} {last_name}".strip()

    @staticmethod
    def normalize_email(email: str) -> str:
        return email.strip().lower()


class RejectionReason(models.Model):
    """The managed list of reasons; each is either ours or the candidate's."""

    class Kind(models.TextChoices):
        WE_REJECTED = "we_rejected", _("We rejected")
        THEY_WITHDREW = "they_withdrew", _("They withdrew")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_it if (get_language() or "").startswith("it") else self.name_en


class Application(models.Model):
    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Text being extracted")
        EXTRACTED = "extracted", _("Text extracted")
        FAILED = "failed", _("Text not extracted")

    # Applications are never deleted, only anonymised: their history feeds the reports.
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="applications"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="applications"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.APPLIED)
    education_level = models.PositiveSmallIntegerField(_("highest education"), choices=EducationLevel.choices)
    field_of_study = models.CharField(_("field of study"), max_length=120, blank=True)
    years_experience = models.PositiveSmallIntegerField(_("years in a similar role"))
    declared_skills = models.ManyToManyField(
        Skill, verbose_name=_("skills declared"), related_name="declared_in", blank=True
    )
    other_skills = models.CharField(_("other skills"), max_length=500, blank=True)
    cover_letter = models.TextField(_("cover letter"), blank=True)
    resume = models.FileField(_("résumé"), storage=get_private_storage, upload_to=_resume_path, max_length=200)
    resume_name = models.CharField(_("résumé file name"), max_length=200)
    resume_text = models.TextField(_("résumé text"), blank=True)
    resume_text_status = models.CharField(
        _("résumé text"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.JOB_BOARD)
    privacy_acknowledged_at = models.DateTimeField(_("privacy notice acknowledged"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    future_roles_consent = models.BooleanField(_("may be considered for future roles"), default=False)
    # Stored for filtering and sorting; the reasons are recomputed in the reader's language.
    meets_requirements = models.BooleanField(_("meets requirements"), default=False)
    rejection_reason = models.ForeignKey(
        RejectionReason, verbose_name=_("rejection reason"), on_delete=models.PROTECT, null=True, blank=True
    )
    submission_token = models.UUIDField(_("submission token"), unique=True, editable=False)
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, db_index=True)
    # Set in the same transaction as a change to what the ranking reads; cleared once re-scored.
    rescore_requested_at = models.DateTimeField(
        _("re-scoring requested"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "position"], name="one_application_per_position"),
            models.CheckConstraint(
                condition=models.Q(stage__in=list(stages.CLOSED), rejection_reason__isnull=False)
                | (~models.Q(stage__in=list(stages.CLOSED)) & models.Q(rejection_reason__isnull=True)),
                name="application_closed_has_reason",
                violation_error_message=_("A rejected or withdrawn application needs a reason, and only those have one."),
            ),
        ]
        indexes = [
            # The board's columns, most relevant first (candidates/selectors.py: BOARD_ORDER); serves the stage
            # counts too.
            models.Index(fields=["position", "stage", "meets_requirements", "applied_at"], name="application_board_order"),
            models.Index(fields=["position", "meets_requirements"], name="application_position_meets"),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.position}"

    def get_absolute_url(self):
        return reverse("candidates:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return stages.is_closed(self.stage)

    @property
    def actions(self) -> stages.Actions:
        """What the pages offer at its stage (candidates/stages.py); the user's permissions are checked besides."""
        return stages.actions(self.stage, anonymised=self.anonymised_at is not None, blind=self.is_blind)

    @property
    def is_blind(self) -> bool:
        """Masked by blind screening: the rule, and who stays masked, is in candidates/blind.py."""
        from . import blind

        return blind.is_masked(self)

    @property
    def display_name(self) -> str:
        from . import blind

        return blind.shown_name(self.pk, self.is_blind, lambda: self.candidate.full_name)

    @property
    def resume_is_pdf(self) -> bool:
        return self.resume.name.lower().endswith(".pdf")


class Answer(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    # The question may later be edited or removed; the text asked is kept with the answer.
    question = models.ForeignKey(
        ScreeningQuestion, verbose_name=_("question"), on_delete=models.SET_NULL, null=True, related_name="answers"
    )
    question_text = models.CharField(_("question"), max_length=300)
    # The answer type when it was asked: anonymisation and re-screening go by it, not by today's question.
    question_kind = models.CharField(
        _("answer type"), max_length=10, choices=ScreeningQuestion.Kind.choices, default=ScreeningQuestion.Kind.TEXT
    )
    value = models.CharField(_("answer"), max_length=500, blank=True)
    is_knockout = models.BooleanField(_("knockout"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question_text}: {self.value}"


class StageChange(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=10, choices=Stage.choices)
    # People are deactivated, never deleted, so who did what stays readable.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, verbose_name=_("reason"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"


class Note(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.body[:60]


class EmailTemplate(models.Model):
    """Editable text of e-mails to candidates, per kind and language."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Application received")
        REJECTION = "rejection", _("Rejection")
        OFFER = "offer", _("Offer letter")
        # Sent from the candidate's status page (candidates/status.py); their texts are not editable.
        STATUS_LINKS = "status_links", _("Links to the status page")
        ERASURE = "erasure", _("Erasure confirmation")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "You can use {candidate_name}, {position_title} and {organization}; offer letters also {pay}, "
            "{start_date}, {end_date}, {contract_type}, {weekly_hours}, {offer_link} and {respond_by}."
        ),
    )

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="one_template_per_kind_language")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class CandidateEmail(models.Model):
    """An e-mail to a candidate, recorded before it is sent; the key makes every send happen once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        # Handed to the mail server, outcome not yet recorded; after a crash it becomes uncertain.
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        # The worker stopped mid-send: it may or may not have gone out. Never resent automatically.
        UNCERTAIN = "uncertain", _("Uncertain: may not have been sent")
        FAILED = "failed", _("Failed")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="emails"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=EmailTemplate.Kind.choices)
    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail to candidate")
        verbose_name_plural = _("e-mails to candidates")
        indexes = [models.Index(fields=["status", "created_at"], name="candidate_email_status")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class ResumeAccess(models.Model):
    """Who opened or downloaded which résumé, and when (kept for admins)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported with the candidate's data")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="resume_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("résumé access")
        verbose_name_plural = _("résumé access log")

    def __str__(self):
        return f"{self.user} {self.action} {self.application_id} {self.at:%Y-%m-%d %H:%M}"


class ErasureRecord(models.Model):
    """That an erasure happened, by whom and why — but not whose data it was."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("The candidate asked")
        RETENTION = "retention", _("Retention period over")

    erased_at = models.DateTimeField(_("when"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    applications = models.PositiveIntegerField(_("applications anonymised"), default=0)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self):
        return f"{self.get_reason_display()} · {self.erased_at:%Y-%m-%d}"


class ErasureRequest(models.Model):
    """A person's request, from their status page and confirmed by e-mail, to erase their data (candidates/status.py).

    The legal deadline counts from the confirmation (GDPR art. 12(3): one month from receipt). HR completes
    it with the data-protection page's erase action; anonymising the person's last application closes it.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(_("asked"))
    confirmed_at = models.DateTimeField(_("confirmed"))
    deadline = models.DateTimeField(_("answer due by"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"], condition=models.Q(completed_at__isnull=True),
                name="one_open_erasure_request_per_candidate",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__gte=models.F("requested_at"), deadline__gt=models.F("confirmed_at")),
                name="erasure_request_times_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.deadline:%Y-%m-%d}"


class Offer(models.Model):
    """The terms offered to one applicant at the offer stage; the rules and the steps: candidates/offers.py.

    An application has at most one current offer. A draft is revised in place; once sent, an offer is
    kept as it went out, and a revision is a new offer after withdrawing it (declined and withdrawn
    offers stay as history).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("offer status", "Draft")
        AWAITING_APPROVAL = "awaiting", pgettext_lazy("offer status", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("offer status", "Approved")
        SENT = "sent", pgettext_lazy("offer status", "Sent")
        ACCEPTED = "accepted", pgettext_lazy("offer status", "Accepted")
        DECLINED = "declined", pgettext_lazy("offer status", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("offer status", "Withdrawn")

    class ContractType(models.TextChoices):
        # The Italian contract forms; the letter names them in the candidate's language.
        PERMANENT = "permanent", _("Permanent (tempo indeterminato)")
        FIXED_TERM = "fixed_term", _("Fixed-term (tempo determinato)")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship (apprendistato)")
        AGENCY = "agency", _("Agency work (somministrazione)")

    class DeclineReason(models.TextChoices):
        PAY = "pay", _("The pay")
        OTHER_OFFER = "other_offer", _("I have accepted another offer")
        CONTRACT = "contract", _("The type of contract or the hours")
        START_DATE = "start_date", _("The start date")
        LOCATION = "location", _("The place of work or the commute")
        PERSONAL = "personal", _("Personal reasons")
        OTHER = "other", _("Another reason")

    FINAL = (Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN)
    # Not current: another offer may be drafted for the application.
    CLOSED = (Status.DECLINED, Status.WITHDRAWN)

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    pay = models.DecimalField(
        _("gross annual pay (EUR)"), max_digits=10, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start_date = models.DateField(_("start date"))
    contract_type = models.CharField(_("contract type"), max_length=15, choices=ContractType.choices)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Required for a fixed-term contract.")
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=3, decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("48"))],
        help_text=_("40 is full time; fewer hours make it part-time."),
    )
    notes = models.TextField(_("internal notes"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=15, choices=DeclineReason.choices, blank=True)
    decline_details = models.TextField(_("the candidate's words"), max_length=2000, blank=True)
    # The letter exactly as it went out, so "Send again" and later readers get the same document.
    letter_pdf = models.BinaryField(_("offer letter (PDF)"), blank=True, default=b"", editable=False)
    email = models.OneToOneField(
        CandidateEmail, verbose_name=_("e-mail"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="offer", editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=~models.Q(status__in=["declined", "withdrawn"]),
                name="one_current_offer_per_application",
                violation_error_message=_("This application already has a current offer."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("start_date")),
                name="offer_ends_after_it_starts",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(pay__gt=0) & models.Q(weekly_hours__gte=1, weekly_hours__lte=48),
                name="offer_pay_and_hours_in_range",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="declined") & ~models.Q(decline_reason=""))
                | (~models.Q(status="declined") & models.Q(decline_reason="")),
                name="offer_declined_has_reason",
                violation_error_message=_("A declined offer needs a reason, and only that one has one."),
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="offer_status_sent")]

    def __str__(self):
        return f"{self.application} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("candidates:offer", kwargs={"pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.status not in self.CLOSED

    @property
    def is_part_time(self) -> bool:
        return self.weekly_hours < 40


class OfferStep(models.Model):
    """One step of an offer (drafted, asked for approval, approved, sent back, sent, answered): who, when, why."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="steps")
    from_status = models.CharField(_("from"), max_length=10, choices=Offer.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Offer.Status.choices)
    # Empty when the candidate answered through the offer link.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("offer step")
        verbose_name_plural = _("offer steps")

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


# ---------------------------------------------------------------------------
# Structured references (the rules and the steps: candidates/references.py)
# ---------------------------------------------------------------------------
class ReferenceRequest(models.Model):
    """HR's request, at the interview or offer stage, that the candidate name 1–3 referees on their status page."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("reference request", "Waiting for the candidate")
        NAMED = "named", pgettext_lazy("reference request", "Referees named")
        CANCELLED = "cancelled", pgettext_lazy("reference request", "Cancelled")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="reference_requests"
    )
    how_many = models.PositiveSmallIntegerField(
        _("referees asked for"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked"))
    named_at = models.DateTimeField(_("referees named"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("reference request")
        verbose_name_plural = _("reference requests")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status="open"), name="one_open_reference_request",
                violation_error_message=_("The candidate has already been asked for references."),
            ),
            models.CheckConstraint(condition=models.Q(how_many__gte=1, how_many__lte=3), name="reference_request_1_to_3"),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_status_display()}"


class Referee(models.Model):
    """A person the candidate named to give a reference, and their answer (one answer only)."""

    class Relationship(models.TextChoices):
        MANAGER = "manager", pgettext_lazy("referee relationship", "Manager")
        COLLEAGUE = "colleague", pgettext_lazy("referee relationship", "Colleague")
        CLIENT = "client", pgettext_lazy("referee relationship", "Client")

    class WorkAgain(models.TextChoices):
        YES = "yes", pgettext_lazy("work again", "Yes")
        NO = "no", pgettext_lazy("work again", "No")
        UNSURE = "unsure", pgettext_lazy("work again", "Not sure")

    MAX_REMINDERS = 2

    request = models.ForeignKey(
        ReferenceRequest, verbose_name=_("reference request"), on_delete=models.PROTECT, related_name="referees"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="referees"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    period = models.CharField(_("period worked together"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="it")
    consent_at = models.DateTimeField(_("candidate's consent given"))
    # Part of every signed link: a new invitation (HR's "send again") makes the earlier links invalid.
    link_version = models.PositiveSmallIntegerField(_("link version"), default=1, editable=False)
    invited_at = models.DateTimeField(_("invited"))
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # How long the form that was sent had been open; the "answered in seconds" signal reads it.
    answer_seconds = models.PositiveIntegerField(_("time to answer (seconds)"), null=True, blank=True)
    # A keyed hash of the answering client's network address (never the address): only compared for equality.
    answer_address_hash = models.CharField(_("answering address (hash)"), max_length=64, blank=True, editable=False)
    would_work_again = models.CharField(_("would work with them again"), max_length=6, choices=WorkAgain.choices, blank=True)
    comments = models.TextField(_("comments"), max_length=4000, blank=True)
    excluded_at = models.DateTimeField(_("excluded from the score"), null=True, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("excluded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    exclusion_reason = models.TextField(_("why excluded"), max_length=2000, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        verbose_name = _("referee")
        verbose_name_plural = _("referees")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"], condition=models.Q(cancelled_at__isnull=True),
                name="one_referee_per_address_per_application",
                violation_error_message=_("This person is already a referee for this application."),
            ),
            models.CheckConstraint(condition=models.Q(reminders_sent__lte=2), name="referee_at_most_two_reminders"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(declined_at__isnull=True),
                name="referee_answers_or_declines",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "declined_at", "cancelled_at"], name="referee_open")]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()}) · {self.application_id}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """cancelled, declined, answered, opened or invited."""
        if self.cancelled_at:
            return "cancelled"
        if self.declined_at:
            return "declined"
        if self.answered_at:
            return "answered"
        return "opened" if self.opened_at else "invited"

    @property
    def is_open(self) -> bool:
        return self.cancelled_at is None and self.answered_at is None and self.declined_at is None


class ReferenceRating(models.Model):
    """A referee's rating of one of the position's competencies, on the scorecards' 1–4 anchored scale."""

    referee = models.ForeignKey(Referee, verbose_name=_("referee"), on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(
        "positions.Competency", verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    example = models.TextField(_("behavioural example"), max_length=2000, blank=True)

    class Meta:
        ordering = ["competency__order", "competency__slug", "pk"]
        verbose_name = _("reference rating")
        verbose_name_plural = _("reference ratings")
        constraints = [
            models.UniqueConstraint(fields=["referee", "competency"], name="one_reference_rating_per_competency"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="reference_rating_1_to_4"),
        ]

    def __str__(self):
        return f"{self.competency}: {self.score}"


class RefereeEmail(models.Model):
    """An e-mail to a referee (invitation or reminder), recorded before it is sent: sent at most once (core.mail).

    The body holds no link: candidates/references.py signs it while building the message it sends.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation to give a reference")
        REMINDER = "reminder", _("Reminder to give a reference")

    referee = models.ForeignKey(Referee, verbose_name=_("referee"), on_delete=models.PROTECT, related_name="emails")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateEmail.Status.choices, default=CandidateEmail.Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail to a referee")
        verbose_name_plural = _("e-mails to referees")
        indexes = [models.Index(fields=["status", "created_at"], name="referee_email_status")]

    def __str__(self):
        return f"{self.subject} → {self.to}"
