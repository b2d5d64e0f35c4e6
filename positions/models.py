from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .requirements import EducationLevel, Requirement, Substitution


class Function(models.TextChoices):
    ACCOUNTING = "accounting", _("Accounting & finance")
    RECORDS = "records", _("Records & document management")
    PERSONNEL = "personnel", _("HR & personnel administration")
    CUSTOMER_SUPPORT = "support", _("Customer support")
    OFFICE = "office", _("Office administration")
    OTHER = "other", _("Other")


class WorkMode(models.TextChoices):
    ON_SITE = "onsite", _("On-site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class EmploymentType(models.TextChoices):
    # Values are schema.org / Google for Jobs employmentType codes.
    FULL_TIME = "FULL_TIME", _("Full-time")
    PART_TIME = "PART_TIME", _("Part-time")
    TEMPORARY = "TEMPORARY", _("Fixed-term")
    CONTRACTOR = "CONTRACTOR", _("Contractor")
    INTERN = "INTERN", _("Internship")


class PayPeriod(models.TextChoices):
    # Values are schema.org QuantitativeValue unitText codes.
    HOUR = "HOUR", _("per hour")
    MONTH = "MONTH", _("per month")
    YEAR = "YEAR", _("per year")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    CHF = "CHF", "CHF"
    GBP = "GBP", "GBP"
    USD = "USD", "USD"


class Language(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")


class Competency(models.Model):
    """An interpersonal competency interviewers assess (a managed list)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    # Anchored rating scale for scorecards: what a 1 and a 4 look like.
    anchor_low_en = models.TextField(_("what a 1 looks like (English)"), blank=True)
    anchor_low_it = models.TextField(_("what a 1 looks like (Italian)"), blank=True)
    anchor_high_en = models.TextField(_("what a 4 looks like (English)"), blank=True)
    anchor_high_it = models.TextField(_("what a 4 looks like (Italian)"), blank=True)
    questions_en = models.TextField(_("behavioural questions (English)"), blank=True, help_text=_("One per line."))
    questions_it = models.TextField(_("behavioural questions (Italian)"), blank=True, help_text=_("One per line."))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_it if (get_language() or "").startswith("it") else self.name_en

    @property
    def description(self) -> str:
        return self._localized("description")

    @property
    def anchor_low(self) -> str:
        return self._localized("anchor_low")

    @property
    def anchor_high(self) -> str:
        return self._localized("anchor_high")

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self._localized("questions").splitlines() if line.strip()]

    def _localized(self, field: str) -> str:
        language = "it" if (get_language() or "").startswith("it") else "en"
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_en")


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = [Lower("name")]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_ci")]

    def __str__(self):
        return self.name


class PositionQuerySet(models.QuerySet):
    def published(self):
        """Positions a visitor may see: everything except drafts."""
        return self.exclude(status=Position.Status.DRAFT)

    def accepting_applications(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Position.Status.OPEN).filter(
            models.Q(closing_date__isnull=True) | models.Q(closing_date__gte=today)
        )


class Position(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(
        _("web address"),
        max_length=170,
        unique=True,
        help_text=_("The last part of the job page's address. Leave empty to derive it from the title."),
    )
    language = models.CharField(
        _("language of the posting"), max_length=2, choices=Language.choices, default=Language.ITALIAN
    )
    function = models.CharField(_("back-office function"), max_length=20, choices=Function.choices)
    department = models.CharField(_("department"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=120, help_text=_("Town or city, e.g. Milano."))
    country = models.CharField(_("country code"), max_length=2, default="IT", help_text=_("ISO code, e.g. IT."))
    work_mode = models.CharField(_("work mode"), max_length=10, choices=WorkMode.choices, default=WorkMode.ON_SITE)
    employment_type = models.CharField(
        _("employment type"), max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    openings = models.PositiveSmallIntegerField(
        _("openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences on the role and the team."))

    education_min = models.PositiveSmallIntegerField(
        _("minimum education"), choices=EducationLevel.choices, null=True, blank=True
    )
    education_preferred = models.PositiveSmallIntegerField(
        _("preferred education"), choices=EducationLevel.choices, null=True, blank=True
    )
    field_of_study = models.CharField(
        _("field of study"), max_length=120, blank=True, help_text=_("Optional, e.g. economics.")
    )
    experience_min_years = models.PositiveSmallIntegerField(
        _("minimum years in a similar role"), null=True, blank=True, validators=[MaxValueValidator(40)]
    )
    experience_preferred_years = models.PositiveSmallIntegerField(
        _("preferred years in a similar role"), null=True, blank=True, validators=[MaxValueValidator(40)]
    )
    substitution = models.CharField(
        _("substitution rule"), max_length=12, choices=Substitution.choices, default=Substitution.NONE
    )
    years_per_level = models.PositiveSmallIntegerField(
        _("years of experience per education level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many years in a similar role stand in for one education level."),
    )

    pay_min = models.DecimalField(_("minimum pay"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_max = models.DecimalField(_("maximum pay"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR)
    pay_period = models.CharField(_("pay period"), max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)

    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("interpersonal competencies"), related_name="positions", blank=True
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hiring manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_positions",
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("interview panel"), related_name="panel_positions", blank=True
    )
    score_weight_skills = models.PositiveSmallIntegerField(
        _("weight of skills (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    score_weight_background = models.PositiveSmallIntegerField(
        _("weight of education and experience (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    score_weight_interpersonal = models.PositiveSmallIntegerField(
        _("weight of interpersonal skills (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    # Within the interpersonal part: interviews get what references and the situational judgement test leave.
    # References never weigh as much as the interviews (position_reference_weight_below_interviews).
    evidence_weight_references = models.PositiveSmallIntegerField(
        _("weight of references in the interpersonal part (%)"), default=20, validators=[MaxValueValidator(40)],
        help_text=_("0 leaves references out of the score. They never count without an interview."),
    )
    evidence_weight_judgement = models.PositiveSmallIntegerField(
        _("weight of the situational judgement test in the interpersonal part (%)"), default=20,
        validators=[MaxValueValidator(40)], help_text=_("0 leaves the test out of the score."),
    )
    # Within the skills part: the skill lines get what the practical exercises leave.
    evidence_weight_exercises = models.PositiveSmallIntegerField(
        _("weight of the practical exercises in the skills part (%)"), default=30,
        validators=[MaxValueValidator(60)], help_text=_("0 leaves the exercises out of the score."),
    )
    blind_screening = models.BooleanField(
        _("blind screening"),
        default=False,
        help_text=_("Hide names, contact details and résumé files from reviewers until the interview stage."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Set in the same transaction as a change to what screening and ranking read; cleared by the
    # recompute task once every application of the position has been re-screened and re-scored.
    recompute_requested_at = models.DateTimeField(
        _("re-screening and re-scoring requested"), null=True, blank=True, editable=False, db_index=True
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="position_board_idx"),
            models.Index(fields=["function", "status"], name="position_function_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay_min__isnull=True)
                | models.Q(pay_max__isnull=True)
                | models.Q(pay_min__lte=models.F("pay_max")),
                name="position_pay_min_lte_max",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    score_weight_skills=100 - models.F("score_weight_background") - models.F("score_weight_interpersonal")
                ),
                name="position_score_weights_sum_100",
                violation_error_message=_("The three ranking weights must add up to 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_weight_references__lte=40)
                & models.Q(evidence_weight_judgement__lte=40)
                & models.Q(evidence_weight_exercises__lte=60)
                & models.Q(
                    evidence_weight_references__lt=100
                    - models.F("evidence_weight_references")
                    - models.F("evidence_weight_judgement")
                ),
                name="position_evidence_weights",
                violation_error_message=_(
                    "References weigh at most 40 % and less than the interviews; the judgement test at most 40 %; "
                    "the exercises at most 60 %."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(education_preferred__isnull=True)
                | models.Q(education_min__isnull=True)
                | models.Q(education_preferred__gte=models.F("education_min")),
                name="position_education_preferred_gte_min",
            ),
            models.CheckConstraint(
                condition=models.Q(experience_preferred_years__isnull=True)
                | models.Q(experience_min_years__isnull=True)
                | models.Q(experience_preferred_years__gte=models.F("experience_min_years")),
                name="position_experience_preferred_gte_min",
                violation_error_message=_("The preferred years cannot be fewer than the minimum."),
            ),
            models.CheckConstraint(
                condition=models.Q(pay_min__isnull=True, pay_max__isnull=True)
                | models.Q(pay_min__isnull=False, pay_max__isnull=False),
                name="position_pay_both_or_neither",
                violation_error_message=_("Give both the minimum and the maximum pay, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(substitution=Substitution.NONE, years_per_level__isnull=True)
                | (~models.Q(substitution=Substitution.NONE) & models.Q(years_per_level__isnull=False)),
                name="position_substitution_has_years_per_level",
                violation_error_message=_(
                    "A substitution rule needs the years of experience per education level; with no rule, leave it empty."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("positions:detail", kwargs={"pk": self.pk})

    def get_public_url(self):
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def accepts_applications(self) -> bool:
        return self.status == self.Status.OPEN and (
            self.closing_date is None or self.closing_date >= timezone.localdate()
        )

    @property
    def requirement(self) -> Requirement | None:
        if self.education_min is None or self.experience_min_years is None:
            return None
        return Requirement(
            education_min=self.education_min,
            experience_min_years=self.experience_min_years,
            education_preferred=self.education_preferred,
            experience_preferred_years=self.experience_preferred_years,
            field_of_study=self.field_of_study,
            years_per_level=self.years_per_level,
            substitution=self.substitution,
        )

    @property
    def has_pay_range(self) -> bool:
        return self.pay_min is not None and self.pay_max is not None


class Duty(models.Model):
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("duty"), max_length=300)
    time_share = models.PositiveSmallIntegerField(
        _("share of time (%)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    essential = models.BooleanField(_("essential"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self):
        return self.description


class PositionSkill(models.Model):
    class Importance(models.TextChoices):
        REQUIRED = "required", _("Required")
        PREFERRED = "preferred", _("Preferred")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="position_skills"
    )
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="position_skills")
    importance = models.CharField(
        _("importance"), max_length=10, choices=Importance.choices, default=Importance.REQUIRED
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (low) to 5 (high)")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("position skill")
        verbose_name_plural = _("position skills")
        constraints = [models.UniqueConstraint(fields=["position", "skill"], name="position_skill_unique")]

    def __str__(self):
        return f"{self.skill} ({self.get_importance_display()})"

    @property
    def is_required(self) -> bool:
        return self.importance == self.Importance.REQUIRED


class ScreeningQuestion(models.Model):
    """A question asked on the application form; a knockout answer flags, it never rejects."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Short text")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="screening_questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer type"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    required = models.BooleanField(_("answer required"), default=True)
    knockout = models.CharField(
        _("knockout answer"),
        max_length=20,
        blank=True,
        help_text=_("Yes/no: the answer that does not meet the requirement. Number: the minimum accepted."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")

    def __str__(self):
        return self.text

    def clean(self):
        # The one place knockout values are normalised: the position form and the admin both save through it.
        self.knockout = normalise_knockout(self.kind, self.knockout)
        if self.pk is not None and self.answers.exists():
            asked_as = ScreeningQuestion.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
            if asked_as is not None and asked_as != self.kind:
                raise ValidationError(
                    {"kind": _("Candidates have already answered this question: add a new question instead of "
                               "changing its answer type.")},
                    code="kind_answered",
                )

    def is_knockout(self, answer: str) -> bool:
        """Whether an answer (as submitted) falls on the knockout side."""
        if not self.knockout or answer in ("", None):
            return False
        if self.kind == self.Kind.YES_NO:
            return answer == self.knockout
        if self.kind == self.Kind.NUMBER:
            try:
                return float(answer) < float(self.knockout)
            except ValueError:
                return False
        return False


_YES_NO_ALIASES = {"yes": "yes", "sì": "yes", "si": "yes", "y": "yes", "no": "no", "n": "no"}


def normalise_knockout(kind: str, value: str) -> str:
    """A knockout answer in its stored form ("yes"/"no", a number with a dot, or empty).

    Raises ValidationError (on the ``knockout`` field) with a message HR can act on.
    """
    value = (value or "").strip().lower()
    if not value:
        return ""
    if kind == ScreeningQuestion.Kind.YES_NO:
        if value not in _YES_NO_ALIASES:
            raise ValidationError({"knockout": _("Write “yes” or “no”.")}, code="knockout_yes_no")
        return _YES_NO_ALIASES[value]
    if kind == ScreeningQuestion.Kind.NUMBER:
        value = value.replace(",", ".")
        try:
            float(value)
        except ValueError:
            raise ValidationError(
                {"knockout": _("Write the minimum accepted number, e.g. 2.")}, code="knockout_number"
            ) from None
        return value
    raise ValidationError({"knockout": _("Short-text questions cannot have a knockout answer.")}, code="knockout_text")
