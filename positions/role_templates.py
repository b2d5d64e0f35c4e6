"""Ready-made back-office roles, in Italian and English, that HR starts from and edits.

Each template is written in both languages (a posting is in one language). Pay is a
typical gross annual range for Italy, offered as a starting point only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Currency, PayPeriod
from .requirements import EducationLevel as E
from .requirements import Substitution


@dataclass(frozen=True)
class Variant:
    title: str
    summary: str
    duties: list[tuple[str, int | None, bool]]  # description, share of time %, essential
    skills: list[tuple[str, str, int]]  # name, "required"/"preferred", weight 1-5
    field_of_study: str = ""


@dataclass(frozen=True)
class RoleTemplate:
    slug: str
    label: object  # lazy translated name for the picker
    function: str
    education_min: int
    education_preferred: int
    experience_min_years: int
    experience_preferred_years: int
    years_per_level: int | None
    substitution: str
    competencies: list[str]
    pay: tuple[int, int]
    variants: dict[str, Variant] = field(default_factory=dict)


TEMPLATES = [
    RoleTemplate(
        slug="accounts-payable-clerk",
        label=_("Accounts payable clerk"),
        function="accounting",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.BACHELOR,
        experience_min_years=2,
        experience_preferred_years=4,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
        competencies=["reliability", "communication", "teamwork", "professionalism"],
        pay=(24000, 30000),
        variants={
            "en": Variant(
                title="Accounts payable clerk",
                summary="You keep our supplier payments accurate and on time, working with purchasing, "
                "the treasury team and suppliers themselves.",
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
                field_of_study="accounting or economics",
            ),
            "it": Variant(
                title="Addetto/a contabilità fornitori",
                summary="Gestisci con precisione e puntualità i pagamenti ai fornitori, in collaborazione "
                "con ufficio acquisti, tesoreria e fornitori stessi.",
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
                field_of_study="ragioneria o economia",
            ),
        },
    ),
    RoleTemplate(
        slug="bookkeeper",
        label=_("Bookkeeper"),
        function="accounting",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.BACHELOR,
        experience_min_years=3,
        experience_preferred_years=5,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
        competencies=["reliability", "confidentiality", "organisation", "communication"],
        pay=(26000, 34000),
        variants={
            "en": Variant(
                title="Bookkeeper",
                summary="You keep the general ledger of several small companies up to date and ready "
                "for the accountant's review.",
                duties=[
                    ("Post day-to-day transactions to the general ledger", 40, True),
                    ("Reconcile bank accounts and petty cash every month", 20, True),
                    ("Prepare periodic VAT settlements and registers", 20, True),
                    ("Keep supporting documents filed and easy to retrieve", 10, True),
                    ("Help prepare year-end closing entries", 10, False),
                ],
                skills=[
                    ("General ledger", "required", 5),
                    ("VAT", "required", 4),
                    ("Bank reconciliation", "required", 4),
                    ("Microsoft Excel", "required", 3),
                    ("TeamSystem", "preferred", 2),
                ],
                field_of_study="accounting",
            ),
            "it": Variant(
                title="Contabile",
                summary="Tieni aggiornata la contabilità generale di alcune piccole aziende clienti, "
                "pronta per la revisione del commercialista.",
                duties=[
                    ("Registrare in contabilità generale le operazioni correnti", 40, True),
                    ("Riconciliare ogni mese conti bancari e cassa", 20, True),
                    ("Preparare liquidazioni e registri IVA periodici", 20, True),
                    ("Archiviare i documenti di supporto in modo ordinato e reperibile", 10, True),
                    ("Collaborare alle scritture di chiusura di fine anno", 10, False),
                ],
                skills=[
                    ("Contabilità generale", "required", 5),
                    ("IVA", "required", 4),
                    ("Riconciliazioni bancarie", "required", 4),
                    ("Microsoft Excel", "required", 3),
                    ("TeamSystem", "preferred", 2),
                ],
                field_of_study="ragioneria",
            ),
        },
    ),
    RoleTemplate(
        slug="payroll-assistant",
        label=_("Payroll assistant"),
        function="personnel",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.BACHELOR,
        experience_min_years=1,
        experience_preferred_years=3,
        years_per_level=2,
        substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
        competencies=["confidentiality", "reliability", "communication", "professionalism"],
        pay=(25000, 32000),
        variants={
            "en": Variant(
                title="Payroll assistant",
                summary="You help run monthly payroll for about 300 employees and answer their questions "
                "with care and discretion.",
                duties=[
                    ("Collect and check attendance, overtime and leave data", 30, True),
                    ("Prepare monthly payslips with the payroll software", 30, True),
                    ("Handle hires, leavers and contract changes in the payroll system", 15, True),
                    ("Answer employees' questions about their payslips", 15, True),
                    ("Prepare data for tax and social-security filings", 10, False),
                ],
                skills=[
                    ("Payroll processing", "required", 5),
                    ("Employment contracts (CCNL)", "required", 4),
                    ("Microsoft Excel", "required", 3),
                    ("Zucchetti", "preferred", 3),
                ],
                field_of_study="labour consulting or economics",
            ),
            "it": Variant(
                title="Assistente paghe",
                summary="Collabori all'elaborazione mensile delle paghe di circa 300 dipendenti e rispondi "
                "alle loro domande con attenzione e riservatezza.",
                duties=[
                    ("Raccogliere e verificare presenze, straordinari e assenze", 30, True),
                    ("Elaborare i cedolini mensili con il software paghe", 30, True),
                    ("Gestire assunzioni, cessazioni e variazioni contrattuali", 15, True),
                    ("Rispondere alle domande dei dipendenti sul cedolino", 15, True),
                    ("Preparare i dati per gli adempimenti fiscali e contributivi", 10, False),
                ],
                skills=[
                    ("Elaborazione paghe", "required", 5),
                    ("Contratti collettivi (CCNL)", "required", 4),
                    ("Microsoft Excel", "required", 3),
                    ("Zucchetti", "preferred", 3),
                ],
                field_of_study="consulenza del lavoro o economia",
            ),
        },
    ),
    RoleTemplate(
        slug="records-clerk",
        label=_("Records clerk"),
        function="records",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.UPPER_SECONDARY,
        experience_min_years=1,
        experience_preferred_years=2,
        years_per_level=3,
        substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
        competencies=["reliability", "confidentiality", "organisation", "teamwork"],
        pay=(22000, 27000),
        variants={
            "en": Variant(
                title="Records clerk",
                summary="You keep our paper and digital records complete, findable and compliant with "
                "retention rules.",
                duties=[
                    ("Register, classify and file incoming documents", 35, True),
                    ("Scan paper records and index them in the document management system", 30, True),
                    ("Retrieve records on request from colleagues", 15, True),
                    ("Apply retention schedules and prepare records for secure disposal", 10, True),
                    ("Keep the archive inventory up to date", 10, False),
                ],
                skills=[
                    ("Document management systems", "required", 4),
                    ("Records classification", "required", 4),
                    ("Scanning and indexing", "required", 3),
                    ("Microsoft Office", "preferred", 2),
                ],
            ),
            "it": Variant(
                title="Addetto/a archivio e protocollo",
                summary="Mantieni l'archivio cartaceo e digitale completo, ordinato e conforme alle "
                "regole di conservazione.",
                duties=[
                    ("Protocollare, classificare e archiviare i documenti in entrata", 35, True),
                    ("Digitalizzare i documenti cartacei e indicizzarli nel gestionale documentale", 30, True),
                    ("Reperire i documenti richiesti dai colleghi", 15, True),
                    ("Applicare il massimario di scarto e preparare lo smaltimento sicuro", 10, True),
                    ("Aggiornare l'inventario dell'archivio", 10, False),
                ],
                skills=[
                    ("Gestione documentale", "required", 4),
                    ("Protocollo informatico", "required", 4),
                    ("Scansione e indicizzazione", "required", 3),
                    ("Microsoft Office", "preferred", 2),
                ],
            ),
        },
    ),
    RoleTemplate(
        slug="hr-administrator",
        label=_("HR administrator"),
        function="personnel",
        education_min=E.BACHELOR,
        education_preferred=E.MASTER,
        experience_min_years=2,
        experience_preferred_years=4,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
        competencies=["confidentiality", "communication", "professionalism", "organisation"],
        pay=(28000, 36000),
        variants={
            "en": Variant(
                title="HR administrator",
                summary="You look after personnel administration from hiring to leaving, and you are the "
                "first person employees turn to with HR questions.",
                duties=[
                    ("Prepare employment contracts, letters and personnel files", 30, True),
                    ("Manage onboarding and offboarding paperwork", 20, True),
                    ("Keep the HR information system accurate", 20, True),
                    ("Answer employees' questions on leave, policies and benefits", 20, True),
                    ("Prepare HR reports for management", 10, False),
                ],
                skills=[
                    ("Personnel administration", "required", 5),
                    ("Employment law basics", "required", 4),
                    ("HR information systems", "required", 3),
                    ("Microsoft Excel", "preferred", 3),
                    ("English", "preferred", 2),
                ],
                field_of_study="law, economics or psychology",
            ),
            "it": Variant(
                title="Amministrativo/a del personale",
                summary="Segui l'amministrazione del personale dall'assunzione alla cessazione e sei il primo "
                "punto di riferimento dei dipendenti per le questioni HR.",
                duties=[
                    ("Predisporre contratti, lettere e fascicoli del personale", 30, True),
                    ("Gestire la documentazione di ingresso e uscita dei dipendenti", 20, True),
                    ("Mantenere aggiornato il sistema informativo HR", 20, True),
                    ("Rispondere ai dipendenti su ferie, regolamenti e benefit", 20, True),
                    ("Preparare report HR per la direzione", 10, False),
                ],
                skills=[
                    ("Amministrazione del personale", "required", 5),
                    ("Diritto del lavoro (base)", "required", 4),
                    ("Sistemi informativi HR", "required", 3),
                    ("Microsoft Excel", "preferred", 3),
                    ("Inglese", "preferred", 2),
                ],
                field_of_study="giurisprudenza, economia o psicologia",
            ),
        },
    ),
    RoleTemplate(
        slug="customer-support-specialist",
        label=_("Customer support specialist"),
        function="support",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.BACHELOR,
        experience_min_years=1,
        experience_preferred_years=3,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
        competencies=["customer-orientation", "communication", "professionalism", "problem-solving"],
        pay=(22000, 28000),
        variants={
            "en": Variant(
                title="Customer support specialist",
                summary="You help our clients by phone, e-mail and chat, solving their problems on first "
                "contact whenever you can.",
                duties=[
                    ("Answer client requests by phone, e-mail and chat", 50, True),
                    ("Log every contact and its outcome in the ticketing system", 20, True),
                    ("Escalate complex cases to the right team and follow them up", 15, True),
                    ("Suggest improvements to answers and help articles", 15, False),
                ],
                skills=[
                    ("Customer service", "required", 5),
                    ("Ticketing systems", "required", 3),
                    ("English", "required", 4),
                    ("Zendesk", "preferred", 2),
                ],
            ),
            "it": Variant(
                title="Specialista assistenza clienti",
                summary="Aiuti i nostri clienti al telefono, via e-mail e in chat, risolvendo i loro problemi "
                "al primo contatto ogni volta che è possibile.",
                duties=[
                    ("Rispondere alle richieste dei clienti al telefono, via e-mail e in chat", 50, True),
                    ("Registrare ogni contatto e il suo esito nel sistema di ticketing", 20, True),
                    ("Inoltrare i casi complessi al team giusto e seguirne l'esito", 15, True),
                    ("Proporre miglioramenti alle risposte e agli articoli di aiuto", 15, False),
                ],
                skills=[
                    ("Assistenza clienti", "required", 5),
                    ("Sistemi di ticketing", "required", 3),
                    ("Inglese", "required", 4),
                    ("Zendesk", "preferred", 2),
                ],
            ),
        },
    ),
    RoleTemplate(
        slug="office-administrator",
        label=_("Office administrator"),
        function="office",
        education_min=E.UPPER_SECONDARY,
        education_preferred=E.POST_SECONDARY,
        experience_min_years=2,
        experience_preferred_years=4,
        years_per_level=2,
        substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
        competencies=["organisation", "communication", "professionalism", "teamwork"],
        pay=(23000, 29000),
        variants={
            "en": Variant(
                title="Office administrator",
                summary="You keep the office running smoothly: visitors, post, supplies, diaries and the "
                "many small tasks that help colleagues do their work.",
                duties=[
                    ("Welcome visitors and handle the switchboard", 25, True),
                    ("Manage post, couriers and office supplies", 20, True),
                    ("Organise meetings, travel and managers' diaries", 25, True),
                    ("Keep office records and simple expense reports", 20, True),
                    ("Coordinate maintenance and cleaning suppliers", 10, False),
                ],
                skills=[
                    ("Microsoft Office", "required", 4),
                    ("Diary management", "required", 3),
                    ("Business correspondence", "required", 3),
                    ("English", "preferred", 2),
                ],
            ),
            "it": Variant(
                title="Impiegato/a amministrativo/a d'ufficio",
                summary="Fai funzionare l'ufficio senza intoppi: accoglienza, posta, forniture, agende e le "
                "tante piccole attività che aiutano i colleghi nel loro lavoro.",
                duties=[
                    ("Accogliere i visitatori e gestire il centralino", 25, True),
                    ("Gestire posta, corrieri e cancelleria", 20, True),
                    ("Organizzare riunioni, trasferte e agende dei responsabili", 25, True),
                    ("Tenere i registri d'ufficio e semplici note spese", 20, True),
                    ("Coordinare i fornitori di manutenzione e pulizie", 10, False),
                ],
                skills=[
                    ("Microsoft Office", "required", 4),
                    ("Gestione agende", "required", 3),
                    ("Corrispondenza commerciale", "required", 3),
                    ("Inglese", "preferred", 2),
                ],
            ),
        },
    ),
    RoleTemplate(
        slug="data-entry-clerk",
        label=_("Data entry clerk"),
        function="office",
        education_min=E.LOWER_SECONDARY,
        education_preferred=E.UPPER_SECONDARY,
        experience_min_years=0,
        experience_preferred_years=1,
        years_per_level=2,
        substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
        competencies=["reliability", "teamwork", "organisation"],
        pay=(20000, 25000),
        variants={
            "en": Variant(
                title="Data entry clerk",
                summary="You enter and check orders, invoices and customer data quickly and accurately.",
                duties=[
                    ("Enter orders, invoices and customer records into the ERP", 60, True),
                    ("Check entries against source documents and correct errors", 25, True),
                    ("Flag missing or inconsistent data to the team", 15, True),
                ],
                skills=[
                    ("Fast and accurate typing", "required", 5),
                    ("Microsoft Excel", "required", 3),
                    ("ERP systems", "preferred", 2),
                ],
            ),
            "it": Variant(
                title="Addetto/a inserimento dati",
                summary="Inserisci e controlli ordini, fatture e anagrafiche clienti con rapidità e precisione.",
                duties=[
                    ("Inserire ordini, fatture e anagrafiche clienti nel gestionale", 60, True),
                    ("Verificare i dati rispetto ai documenti originali e correggere gli errori", 25, True),
                    ("Segnalare al team dati mancanti o incoerenti", 15, True),
                ],
                skills=[
                    ("Digitazione veloce e accurata", "required", 5),
                    ("Microsoft Excel", "required", 3),
                    ("Gestionali ERP", "preferred", 2),
                ],
            ),
        },
    ),
]

BY_SLUG = {template.slug: template for template in TEMPLATES}


def get_template(slug: str) -> RoleTemplate | None:
    return BY_SLUG.get(slug)


@dataclass(frozen=True)
class PositionFields:
    """What a role template fills in on a position: the form's starting point and the demo's positions."""

    fields: dict[str, object]  # Position's own fields, by name
    competencies: list[str]  # competency slugs
    duties: list[tuple[str, int | None, bool]]  # description, share of time %, essential
    skills: list[tuple[str, str, int]]  # name, importance, weight


def position_fields(template: RoleTemplate, language: str) -> PositionFields:
    """The position `template` describes, written in `language` (in English when the template lacks it)."""
    language = language if language in template.variants else "en"
    variant = template.variants[language]
    return PositionFields(
        fields={
            "title": variant.title,
            "language": language,
            "function": template.function,
            "summary": variant.summary,
            "education_min": template.education_min,
            "education_preferred": template.education_preferred,
            "field_of_study": variant.field_of_study,
            "experience_min_years": template.experience_min_years,
            "experience_preferred_years": template.experience_preferred_years,
            "substitution": template.substitution,
            "years_per_level": template.years_per_level,
            "pay_min": template.pay[0],
            "pay_max": template.pay[1],
            "pay_currency": Currency.EUR,
            "pay_period": PayPeriod.YEAR,
        },
        competencies=list(template.competencies),
        duties=list(variant.duties),
        skills=list(variant.skills),
    )
