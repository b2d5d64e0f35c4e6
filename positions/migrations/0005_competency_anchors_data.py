"""Rating anchors and behavioural questions for the managed competencies, frozen as this migration wrote them.

A copy on purpose, not an import of positions.competencies (see 0002_competencies). Only blank
fields are filled: what HR has already written stays. Both languages are stored, in their own fields.
"""

from django.db import migrations

FIELDS = ("anchor_low_en", "anchor_low_it", "anchor_high_en", "anchor_high_it", "questions_en", "questions_it")

# slug: (what a 1 looks like en/it, what a 4 looks like en/it, behavioural questions en/it)
ANCHORS = {
    "communication": (
        "Answers are vague or hard to follow; does not check they were understood.",
        "Risposte vaghe o difficili da seguire; non verifica di essere stato capito.",
        "Explains clearly and briefly, adapts to the listener and checks understanding.",
        "Spiega in modo chiaro e sintetico, si adatta all'interlocutore e verifica di essere capito.",
        "Tell me about a time you had to explain a complicated procedure to someone new.\n"
        "Describe a misunderstanding at work and how you cleared it up.",
        "Raccontami di una volta in cui hai dovuto spiegare una procedura complessa a una persona nuova.\n"
        "Descrivi un malinteso sul lavoro e come lo hai chiarito.",
    ),
    "professionalism": (
        "Curt or dismissive; loses composure when challenged.",
        "Brusco o sbrigativo; perde la calma se messo alla prova.",
        "Friendly and courteous throughout, stays calm and respectful under pressure.",
        "Cordiale e cortese in ogni momento, resta calmo e rispettoso sotto pressione.",
        "Tell me about a time a client or colleague was rude to you. What did you do?\n"
        "Describe a day when everything was urgent. How did you treat the people around you?",
        "Raccontami di una volta in cui un cliente o un collega è stato scortese con te. Cosa hai fatto?\n"
        "Descrivi una giornata in cui tutto era urgente. Come ti sei comportato con le persone intorno a te?",
    ),
    "teamwork": (
        "Talks only about own tasks; blames others when things go wrong.",
        "Parla solo dei propri compiti; dà la colpa agli altri quando qualcosa va storto.",
        "Shares information unasked, helps colleagues and owns the team's results.",
        "Condivide le informazioni senza che gli venga chiesto, aiuta i colleghi e si sente responsabile dei risultati del team.",
        "Tell me about a time you helped a colleague meet a deadline.\n"
        "Describe a disagreement in your team and your part in resolving it.",
        "Raccontami di una volta in cui hai aiutato un collega a rispettare una scadenza.\n"
        "Descrivi un disaccordo nel tuo team e il tuo ruolo nel risolverlo.",
    ),
    "customer-orientation": (
        "Sees requests as interruptions; follows the procedure even when it fails the client.",
        "Vive le richieste come interruzioni; segue la procedura anche quando non risolve il problema del cliente.",
        "Finds out what the client really needs and follows up until it is solved.",
        "Capisce di cosa ha davvero bisogno il cliente e segue il caso fino alla soluzione.",
        "Tell me about a client problem you solved that was not strictly your job.\n"
        "Describe a time you had to say no to a client. How did you do it?",
        "Raccontami di un problema di un cliente che hai risolto anche se non era strettamente compito tuo.\n"
        "Descrivi una volta in cui hai dovuto dire di no a un cliente. Come lo hai fatto?",
    ),
    "reliability": (
        "Errors in the exercise go unnoticed; no routine for checking work.",
        "Gli errori nell'esercizio passano inosservati; nessuna abitudine a controllare il lavoro.",
        "Accurate work with a clear checking routine; spots and fixes discrepancies.",
        "Lavoro accurato con un metodo di controllo chiaro; individua e corregge le discrepanze.",
        "Tell me about a mistake you caught before it caused a problem.\n"
        "How do you check your own work at the end of the day?",
        "Raccontami di un errore che hai individuato prima che causasse un problema.\n"
        "Come controlli il tuo lavoro alla fine della giornata?",
    ),
    "confidentiality": (
        "Shares examples with names or details that should have stayed private.",
        "Porta esempi con nomi o dettagli che avrebbero dovuto restare riservati.",
        "Knows what is confidential and protects it without being asked.",
        "Sa cosa è riservato e lo protegge senza che gli venga chiesto.",
        "Tell me about a time someone asked you for information you should not share.\n"
        "How do you handle personal data on paper and on screen?",
        "Raccontami di una volta in cui qualcuno ti ha chiesto informazioni che non potevi condividere.\n"
        "Come gestisci i dati personali su carta e a video?",
    ),
    "problem-solving": (
        "Escalates at once or guesses; cannot say why the problem happened.",
        "Passa subito il problema ad altri o tira a indovinare; non sa dire perché è successo.",
        "Finds the cause step by step and proposes a practical, lasting fix.",
        "Trova la causa passo dopo passo e propone una soluzione pratica e duratura.",
        "Tell me about a recurring problem you fixed for good.\n"
        "Describe a reconciliation or record that did not add up. What did you do?",
        "Raccontami di un problema ricorrente che hai risolto definitivamente.\n"
        "Descrivi una riconciliazione o un registro che non tornava. Cosa hai fatto?",
    ),
    "organisation": (
        "No clear way of planning; deadlines are met by rushing.",
        "Nessun modo chiaro di pianificare; le scadenze si rispettano di corsa.",
        "Plans the week, sets priorities openly and warns early when a deadline is at risk.",
        "Pianifica la settimana, stabilisce le priorità in modo trasparente e avvisa per tempo se una scadenza è a rischio.",
        "Walk me through how you plan a busy month-end.\n"
        "Tell me about a time two urgent tasks collided. What did you do first, and why?",
        "Spiegami come pianifichi una chiusura di fine mese impegnativa.\n"
        "Raccontami di una volta in cui due attività urgenti si sono sovrapposte. Cosa hai fatto prima, e perché?",
    ),
}


def fill_anchors(apps, schema_editor):
    """Fill the blank anchors and questions of each managed competency that exists."""
    Competency = apps.get_model("positions", "Competency")
    for competency in Competency.objects.filter(slug__in=ANCHORS):
        values = zip(FIELDS, ANCHORS[competency.slug], strict=True)
        blank = {field: value for field, value in values if not getattr(competency, field)}
        if blank:
            Competency.objects.filter(pk=competency.pk).update(**blank)


class Migration(migrations.Migration):
    dependencies = [("positions", "0004_competency_anchors")]

    operations = [migrations.RunPython(fill_anchors, migrations.RunPython.noop)]
