"""A role template's position, written once (role_templates.position_fields) for the form and the demo."""

import pytest
from django.urls import reverse

from positions import role_templates
from positions.models import Competency

COMMON = {
    "function": "accounting",
    "education_min": 2,
    "education_preferred": 4,
    "experience_min_years": 2,
    "experience_preferred_years": 4,
    "substitution": "both",
    "years_per_level": 2,
    "pay_min": 24000,
    "pay_max": 30000,
    "pay_currency": "EUR",
    "pay_period": "YEAR",
}
COMPETENCIES = ["reliability", "communication", "teamwork", "professionalism"]

ACCOUNTS_PAYABLE = {
    "en": role_templates.PositionFields(
        fields={
            **COMMON,
            "title": "Accounts payable clerk",
            "language": "en",
            "summary": "You keep our supplier payments accurate and on time, working with purchasing, "
            "the treasury team and suppliers themselves.",
            "field_of_study": "accounting or economics",
        },
        competencies=COMPETENCIES,
        duties=[
            ("Record and check supplier invoices against purchase orders and delivery notes", 35, True),
            ("Prepare the weekly payment run and the bank remittances", 20, True),
            ("Reconcile supplier statements and resolve differences", 20, True),
            ("Answer suppliers' questions on payment status by phone and e-mail", 15, True),
            ("Support the month-end close with accruals and reports", 10, False),
        ],
        skills=[
            ("Accounts payable", "required", 5),
            ("Microsoft Excel", "required", 4),
            ("Electronic invoicing (SDI)", "required", 3),
            ("SAP", "preferred", 3),
            ("English", "preferred", 2),
        ],
    ),
    "it": role_templates.PositionFields(
        fields={
            **COMMON,
            "title": "Addetto/a contabilità fornitori",
            "language": "it",
            "summary": "Gestisci con precisione e puntualità i pagamenti ai fornitori, in collaborazione "
            "con ufficio acquisti, tesoreria e fornitori stessi.",
            "field_of_study": "ragioneria o economia",
        },
        competencies=COMPETENCIES,
        duties=[
            ("Registrare e verificare le fatture passive rispetto a ordini e DDT", 35, True),
            ("Preparare il ciclo pagamenti settimanale e le distinte bancarie", 20, True),
            ("Riconciliare gli estratti conto fornitori e risolvere le differenze", 20, True),
            ("Rispondere ai fornitori sullo stato dei pagamenti per telefono ed e-mail", 15, True),
            ("Supportare la chiusura mensile con ratei, risconti e report", 10, False),
        ],
        skills=[
            ("Contabilità fornitori", "required", 5),
            ("Microsoft Excel", "required", 4),
            ("Fatturazione elettronica (SDI)", "required", 3),
            ("SAP", "preferred", 3),
            ("Inglese", "preferred", 2),
        ],
    ),
}


@pytest.mark.parametrize("language", ["en", "it"])
def test_position_fields_of_the_accounts_payable_template(language):
    template = role_templates.get_template("accounts-payable-clerk")
    assert role_templates.position_fields(template, language) == ACCOUNTS_PAYABLE[language]


def test_position_fields_in_a_language_the_template_lacks_are_the_english_ones():
    template = role_templates.get_template("accounts-payable-clerk")
    assert role_templates.position_fields(template, "de") == ACCOUNTS_PAYABLE["en"]


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_new_position_form_starts_from_the_templates_position_fields(hr_client, hr, language):
    response = hr_client.get(reverse("positions:create") + f"?template=accounts-payable-clerk&lang={language}")
    expected = ACCOUNTS_PAYABLE[language]
    competencies = sorted(Competency.objects.filter(slug__in=COMPETENCIES).values_list("pk", flat=True))
    initial = response.context["form"].initial  # the blank position's defaults, then the template's fields
    filled = {name: initial[name] for name in [*expected.fields, "hiring_manager"]}
    assert filled == {**expected.fields, "hiring_manager": hr.pk}
    assert sorted(initial["competencies"]) == competencies
    duties = [(d["description"], d["time_share"], d["essential"]) for d in response.context["duty_formset"].initial]
    skills = [(s["name"], s["importance"], s["weight"]) for s in response.context["skill_formset"].initial]
    assert (duties, skills) == (expected.duties, expected.skills)
    assert [d["ORDER"] for d in response.context["duty_formset"].initial] == [1, 2, 3, 4, 5]
