import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.models import Application


class Interview(models.Model):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone", _("Phone screen")
        COMPETENCY = "competency", _("Competency interview")
        PRACTICAL = "practical", _("Practical exercise")
        ROLE_PLAY = "role_play", _("Role-play with a client")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    # Applications are anonymised, never deleted: an interview (and its scorecards) must outlive nothing.
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="interviews"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPETENCY)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    location = models.CharField(_("place or video link"), max_length=300)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewers"), related_name="interviews"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Recorded after it took place (yesterday's phone screen): nobody is invited or reminded, and its
    # scorecards can be submitted at once. Fixed when the interview is created.
    logged = models.BooleanField(
        _("logged after it took place"), default=False,
        help_text=_("Recorded after it took place: no invitation or reminder was sent."),
    )
    # Calendar identity: the same UID with a higher SEQUENCE updates or cancels the invitation.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scheduled by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    # The candidate's latest request for another time, in their words (evaluations/reschedule_requests.py):
    # pending while the interview is scheduled at the sequence it was asked for; rescheduling or
    # cancelling moves the sequence on, and the candidate may then ask again.
    reschedule_request_note = models.TextField(_("request for another time"), blank=True, max_length=1000)
    reschedule_requested_at = models.DateTimeField(_("another time asked"), null=True, blank=True)
    reschedule_request_sequence = models.PositiveIntegerField(
        _("another time asked at sequence"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["status", "starts_at"], name="interview_status_start")]
        constraints = [
            # A logged interview had taken place when it was recorded.
            models.CheckConstraint(
                condition=models.Q(logged=False) | models.Q(starts_at__lte=models.F("created_at")),
                name="logged_interview_in_the_past",
                violation_error_message=_("A logged interview has already taken place: choose a time in the past."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application.candidate} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("evaluations:interview", kwargs={"pk": self.pk})

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def reschedule_request_pending(self) -> bool:
        """The candidate asked for another time and HR has neither moved nor cancelled the interview since."""
        return (
            self.status == self.Status.SCHEDULED and self.reschedule_requested_at is not None
            and self.reschedule_request_sequence == self.sequence
        )


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class Scorecard(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.PROTECT, related_name="scorecards"
    )
    # Users who leave are deactivated, not deleted: their ratings keep scores, calibration and reports true.
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewer"), on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.CharField(
        _("overall recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    takeaways = models.TextField(_("key take-aways"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["interview__starts_at", "pk"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_scorecard_per_interviewer"),
            # Submitted ⇔ it has a submission time and a recommendation; a draft has no submission time.
            models.CheckConstraint(
                condition=(
                    models.Q(status="submitted", submitted_at__isnull=False) & ~models.Q(recommendation="")
                )
                | models.Q(status="draft", submitted_at__isnull=True),
                name="scorecard_submitted_is_complete",
                violation_error_message=_(
                    "A submitted scorecard needs a recommendation and a submission time; a draft has no submission time."
                ),
            ),
        ]
        indexes = [models.Index(fields=["interviewer", "status"], name="scorecard_interviewer_status")]

    def __str__(self):
        return f"{self.interviewer} — {self.interview}"

    def get_absolute_url(self):
        return reverse("evaluations:scorecard", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Rating(models.Model):
    """One criterion on a scorecard, rated 1–4 against anchored descriptions."""

    class Group(models.TextChoices):
        SKILLS = "skills", _("Skills")
        BACKGROUND = "background", _("Background")
        INTERPERSONAL = "interpersonal", _("Interpersonal")

    scorecard = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="ratings")
    group = models.CharField(_("group"), max_length=15, choices=Group.choices)
    # "skill:<id>", "competency:<id>", "background:education" or "background:experience".
    criterion = models.CharField(_("criterion"), max_length=40)
    label = models.CharField(_("label"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_rating_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4), name="rating_score_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.score or '—'}"


class ScorecardChange(models.Model):
    """A change made to a scorecard after it was submitted."""

    scorecard = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("scorecard change")
        verbose_name_plural = _("scorecard changes")

    def __str__(self):
        return f"{self.scorecard} @ {self.changed_at:%Y-%m-%d %H:%M}"


class Reminder(models.Model):
    """Every message about interviews, recorded under a unique key so it is sent once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        INTERVIEW = "interview", _("Interview reminder")
        OVERDUE = "overdue", _("Overdue scorecard")
        DIGEST = "digest", _("Overdue digest to HR")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("reminder", "Waiting to be sent")
        # Handed to the mail server, outcome not yet recorded; after a crash it becomes uncertain.
        SENDING = "sending", pgettext_lazy("reminder", "Being sent")
        SENT = "sent", pgettext_lazy("reminder", "Sent")
        # The worker stopped mid-send: it may or may not have gone out. Never resent automatically.
        UNCERTAIN = "uncertain", pgettext_lazy("reminder", "Uncertain: may not have been sent")
        FAILED = "failed", pgettext_lazy("reminder", "Not sent")

    key = models.CharField(_("idempotency key"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.PROTECT, related_name="reminders", null=True
    )
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="reminders", null=True, blank=True
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    to = models.EmailField(_("to"))
    # What the message needs that the rows may have changed since: the invitation's sequence and method.
    payload = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminder log")
        indexes = [models.Index(fields=["status", "kind"], name="reminder_status_kind")]

    def __str__(self):
        return self.key


class ApplicationScore(models.Model):
    """The ranking's stored result for one application: indexed columns plus the explanation."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    # Copied from the application so the ranking reads one table through one index.
    position = models.ForeignKey(
        "positions.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="+"
    )
    skills = models.FloatField(_("skills"))
    background = models.FloatField(_("education and experience"))
    interpersonal = models.FloatField(_("interpersonal"), null=True, blank=True)
    # Sort key for the interpersonal column: -1 when not yet assessed, so those rows come last
    # with a plain descending index that every database supports.
    interpersonal_sort = models.FloatField(_("interpersonal (sort key)"), default=-1.0, editable=False)
    total = models.FloatField(_("total"))
    partial = models.BooleanField(_("partial"), default=True)
    scorecards = models.PositiveSmallIntegerField(_("scorecards"), default=0)
    evidence = models.JSONField(_("evidence"), default=dict)
    lines = models.JSONField(_("explanation"), default=list)
    # The explanation's fingerprint (MD5 of its lines as written): score history reads each distinct stored
    # explanation once. Empty on rows from before it was kept; the next rescore fills it.
    digest = models.CharField(
        _("explanation fingerprint"), max_length=32, blank=True, default="", db_default="", editable=False
    )  # db_default: a process still running the release before writes its rows without it
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("application score")
        verbose_name_plural = _("application scores")
        indexes = [
            models.Index(fields=["position", "-total", "application"], name="score_position_total"),
            models.Index(fields=["position", "-skills", "application"], name="score_position_skills"),
            models.Index(fields=["position", "-background", "application"], name="score_position_background"),
            models.Index(fields=["position", "-interpersonal_sort", "application"], name="score_position_interpersonal"),
        ]

    def __str__(self):
        return f"{self.application_id}: {self.total}"


class ScoreChange(models.Model):
    """One change of an application's stored score: old and new total and parts, and what caused it.

    Written by evaluations.ranking whenever a rescore changes a stored total or part, whatever asked for it
    (a scorecard, an edited requirement, a calibration shift, a reference, an assessment); the causes are
    read off the difference between the old and the new explanation (evaluations.score_history).
    """

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="score_changes"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    total_before = models.FloatField(_("total before"), null=True, blank=True)
    total_after = models.FloatField(_("total after"))
    # {"skills": float, "background": float, "interpersonal": float | None}
    parts_before = models.JSONField(_("parts before"), default=dict, blank=True)
    parts_after = models.JSONField(_("parts after"), default=dict)
    # Codes of evaluations.score_history.Cause, in a fixed order.
    causes = models.JSONField(_("causes"), default=list)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        indexes = [models.Index(fields=["application", "-at"], name="score_change_application")]

    def __str__(self):
        return f"{self.application_id}: {self.total_before} → {self.total_after}"


class SlotOffer(models.Model):
    """Times HR offers a candidate for one interview; the candidate picks one on their status page (see slots)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("slot offer", "Open")
        TAKEN = "taken", pgettext_lazy("slot offer", "Time chosen")
        WITHDRAWN = "withdrawn", pgettext_lazy("slot offer", "Withdrawn")
        EXPIRED = "expired", pgettext_lazy("slot offer", "Expired")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="slot_offers"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Interview.Kind.choices, default=Interview.Kind.COMPETENCY)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    location = models.CharField(_("place or video link"), max_length=300)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewers"), related_name="slot_offers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    expires_at = models.DateTimeField(_("expires"))
    # The interview the candidate's choice created (status taken).
    interview = models.OneToOneField(
        Interview, verbose_name=_("interview"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="slot_offer",
    )
    # The candidate's request for other times, in their words (shown to HR, never to the panel alone).
    request_note = models.TextField(_("request for other times"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("other times asked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("offered by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interview time offer")
        verbose_name_plural = _("interview time offers")
        constraints = [
            # One offer at a time per application: withdraw it before offering other times.
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status="open"), name="one_open_slot_offer",
                violation_error_message=_("This application already has open interview times: withdraw them first."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="taken", interview__isnull=False)
                | (~models.Q(status="taken") & models.Q(interview__isnull=True)),
                name="slot_offer_taken_has_interview",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application.candidate} ({self.get_status_display()})"


class Slot(models.Model):
    """One start time of a SlotOffer."""

    offer = models.ForeignKey(SlotOffer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        constraints = [models.UniqueConstraint(fields=["offer", "starts_at"], name="one_slot_per_offer_time")]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------
# Candidate assessments (evaluations/assessments.py): the item bank, each position's plan, the attempts
# ---------------------------------------------------------------------------
class AssessmentItem(models.Model):
    """A situational judgement item of the bank: a scenario at work and its options, written best first.

    HR edits, adds and retires items; an attempt keeps the text, options and key it showed (its own copy),
    so an edit changes only later attempts. ``version`` counts the edits.
    """

    competency = models.ForeignKey(
        "positions.Competency", verbose_name=_("competency"), on_delete=models.PROTECT, related_name="assessment_items"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    scenario_en = models.TextField(_("scenario (English)"))
    scenario_it = models.TextField(_("scenario (Italian)"))
    # [{"en": "...", "it": "..."}, ...] from the best answer to the worst (3 or 4 of them).
    options = models.JSONField(_("options, best first"), default=list)
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["competency__order", "code"]
        verbose_name = _("situational judgement item")
        verbose_name_plural = _("situational judgement items")

    def __str__(self):
        return self.code


class AssessmentExercise(models.Model):
    """A practical back-office exercise, scored automatically against its key (evaluations/assessment_bank.py)."""

    class Kind(models.TextChoices):
        DATA_ENTRY = "data_entry", _("Data entry from a document")
        MATCHING = "matching", _("Matching invoices to a bank statement")
        PAYROLL_ERRORS = "payroll_errors", _("Spotting errors in a payroll sheet")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    instructions_en = models.TextField(_("instructions (English)"))
    instructions_it = models.TextField(_("instructions (Italian)"))
    # What the candidate sees and the key, in the shape of its kind (see evaluations/assessment_bank.py).
    content = models.JSONField(_("content and key"), default=dict)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("practical exercise")
        verbose_name_plural = _("practical exercises")

    def __str__(self):
        return self.code


class AssessmentPlan(models.Model):
    """What a position's assessment holds: judgement items per competency, the exercises, the time limit."""

    position = models.OneToOneField(
        "positions.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="assessment_plan"
    )
    enabled = models.BooleanField(_("candidates take an assessment"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    # {"<competency pk>": how many of its items}; competencies left out take none.
    judgement_counts = models.JSONField(_("judgement items per competency"), default=dict, blank=True)
    exercises = models.ManyToManyField(
        AssessmentExercise, verbose_name=_("practical exercises"), related_name="plans", blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment plan")
        verbose_name_plural = _("assessment plans")

    def __str__(self):
        return str(self.position)


class AssessmentAttempt(models.Model):
    """One candidate's assessment: sent once, taken once, its pages frozen when it was sent.

    ``pages`` is the candidate's own copy in the order they see it (items and options shuffled), with each
    item's key; ``answers`` and ``timings`` are keyed by page number, so a page sent twice counts once.
    """

    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("assessment", "Sent")
        STARTED = "started", pgettext_lazy("assessment", "Started")
        COMPLETED = "completed", pgettext_lazy("assessment", "Completed")

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="assessment_attempt"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"))
    extra_time = models.BooleanField(_("extra time asked"), default=False)
    pages = models.JSONField(_("pages as shown"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    timings = models.JSONField(_("time per page"), default=dict, blank=True)
    # {"judgement": {"<competency pk>": 0..100}, "exercises": [[code, name_en, name_it, 0..100]]}
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    late_pages = models.JSONField(_("pages sent after the deadline"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    excluded = models.BooleanField(_("excluded from the score"), default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("assessment attempt")
        verbose_name_plural = _("assessment attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent") | models.Q(started_at__isnull=False, deadline_at__isnull=False),
                name="assessment_started_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.application_id}: {self.get_status_display()}"


class AssessmentExclusion(models.Model):
    """HR left an attempt out of the score, or put it back: who, when and why (the history of `excluded`)."""

    attempt = models.ForeignKey(
        AssessmentAttempt, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="exclusions"
    )
    excluded = models.BooleanField(_("excluded"))
    reason = models.TextField(_("reason"), max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("assessment exclusion")
        verbose_name_plural = _("assessment exclusions")

    def __str__(self):
        return f"{self.attempt_id}: {self.excluded}"
