"""The managed interpersonal competencies, frozen as this migration first created them.

A copy on purpose, not an import of positions.competencies: a migration replayed on a fresh
database must write what it wrote then, whatever the live list says by that time. A later
change to the list on existing databases is a new data migration with its own copy.
Names and descriptions are stored in both languages, in their own fields.
"""

from django.db import migrations

# slug, name en/it, description en/it; the position in the list is the competency's order.
COMPETENCIES = [
    (
        "communication",
        "Communication",
        "Comunicazione",
        "Explains clearly, listens, and adapts to the person in front of them.",
        "Spiega con chiarezza, ascolta e si adatta all'interlocutore.",
    ),
    (
        "professionalism",
        "Professionalism & courtesy",
        "Professionalità e cortesia",
        "Friendly and courteous with colleagues and clients, also under pressure.",
        "Cordiale e cortese con colleghi e clienti, anche sotto pressione.",
    ),
    (
        "teamwork",
        "Teamwork",
        "Lavoro di squadra",
        "Shares information, helps colleagues and keeps commitments to the team.",
        "Condivide informazioni, aiuta i colleghi e rispetta gli impegni presi con il team.",
    ),
    (
        "customer-orientation",
        "Customer orientation",
        "Orientamento al cliente",
        "Understands what internal or external clients need and follows through.",
        "Comprende le esigenze dei clienti interni o esterni e le porta a soluzione.",
    ),
    (
        "reliability",
        "Reliability & attention to detail",
        "Affidabilità e precisione",
        "Accurate, consistent work that others can depend on.",
        "Lavoro accurato e costante su cui gli altri possono contare.",
    ),
    (
        "confidentiality",
        "Confidentiality & discretion",
        "Riservatezza e discrezione",
        "Handles personal and financial information with care.",
        "Tratta con cura le informazioni personali e finanziarie.",
    ),
    (
        "problem-solving",
        "Problem solving",
        "Capacità di risolvere problemi",
        "Finds the cause of a problem and a practical way to fix it.",
        "Individua la causa di un problema e un modo pratico per risolverlo.",
    ),
    (
        "organisation",
        "Organisation & time management",
        "Organizzazione e gestione del tempo",
        "Plans the work, sets priorities and meets deadlines.",
        "Pianifica il lavoro, stabilisce le priorità e rispetta le scadenze.",
    ),
]


def create_competencies(apps, schema_editor):
    """Create each competency that is missing; one that already exists is left as it is."""
    Competency = apps.get_model("positions", "Competency")
    for order, (slug, name_en, name_it, description_en, description_it) in enumerate(COMPETENCIES):
        Competency.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_it": name_it,
                "description_en": description_en,
                "description_it": description_it,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]

    operations = [migrations.RunPython(create_competencies, migrations.RunPython.noop)]
