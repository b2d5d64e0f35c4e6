"""The managed list of interpersonal competencies (the data migrations carry their own frozen copy)."""

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


def sync_competencies(apps, schema_editor=None):
    """Create or update the list; safe to run again."""
    Competency = apps.get_model("positions", "Competency")
    for order, (slug, name_en, name_it, description_en, description_it) in enumerate(COMPETENCIES):
        low_en, low_it, high_en, high_it, questions_en, questions_it = ANCHORS[slug]
        competency, created = Competency.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_it": name_it,
                "description_en": description_en,
                "description_it": description_it,
                "order": order,
            },
        )
        # Fill in anchors and questions where HR has not written their own.
        for field, value in [
            ("anchor_low_en", low_en), ("anchor_low_it", low_it), ("anchor_high_en", high_en),
            ("anchor_high_it", high_it), ("questions_en", questions_en), ("questions_it", questions_it),
        ]:
            if not getattr(competency, field, ""):
                setattr(competency, field, value)
        competency.save()
