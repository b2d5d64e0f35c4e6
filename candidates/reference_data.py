"""Rejection reasons and e-mail templates, editable in the admin (the data migration carries its own frozen copy)."""

REJECTION_REASONS = [
    # kind, English, Italian
    ("we_rejected", "Does not meet the education or experience requirement", "Non soddisfa il requisito di istruzione o esperienza"),
    ("we_rejected", "Missing a required skill", "Manca una competenza richiesta"),
    ("we_rejected", "Interpersonal skills not a fit for the role", "Competenze relazionali non adatte al ruolo"),
    ("we_rejected", "Another candidate was a better match", "Un altro candidato era più adatto"),
    ("we_rejected", "Pay expectations too far from the range", "Aspettative economiche lontane dalla fascia"),
    ("we_rejected", "Position closed or cancelled", "Posizione chiusa o annullata"),
    ("they_withdrew", "Accepted another offer", "Ha accettato un'altra offerta"),
    ("they_withdrew", "No longer interested", "Non è più interessato/a"),
    ("they_withdrew", "Pay or conditions not acceptable", "Retribuzione o condizioni non accettabili"),
    ("they_withdrew", "Did not reply", "Non ha risposto"),
]

EMAIL_TEMPLATES = [
    (
        "confirmation",
        "en",
        "We have received your application for {position_title}",
        "Dear {candidate_name},\n\n"
        "thank you for applying for the position of {position_title}. We have received your application "
        "and will read it carefully. We will let you know how it goes, whatever the outcome.\n\n"
        "Kind regards,\nThe recruiting team at {organization}",
    ),
    (
        "confirmation",
        "it",
        "Abbiamo ricevuto la tua candidatura per {position_title}",
        "Gentile {candidate_name},\n\n"
        "grazie per esserti candidato/a per la posizione di {position_title}. Abbiamo ricevuto la tua "
        "candidatura e la leggeremo con attenzione. Ti faremo sapere come procede, qualunque sia l'esito.\n\n"
        "Cordiali saluti,\nIl team selezione di {organization}",
    ),
    (
        "rejection",
        "en",
        "Your application for {position_title}",
        "Dear {candidate_name},\n\n"
        "thank you for your interest in the position of {position_title} and for the time you gave us. "
        "After careful consideration we have decided not to continue with your application.\n\n"
        "We wish you every success in your search.\n\n"
        "Kind regards,\nThe recruiting team at {organization}",
    ),
    (
        "rejection",
        "it",
        "La tua candidatura per {position_title}",
        "Gentile {candidate_name},\n\n"
        "grazie per l'interesse per la posizione di {position_title} e per il tempo che ci hai dedicato. "
        "Dopo un'attenta valutazione abbiamo deciso di non proseguire con la tua candidatura.\n\n"
        "Ti auguriamo ogni successo nella tua ricerca.\n\n"
        "Cordiali saluti,\nIl team selezione di {organization}",
    ),
    (
        "offer",
        "en",
        "Our offer for the position of {position_title}",
        "Dear {candidate_name},\n\n"
        "we are pleased to offer you the position of {position_title} at {organization}.\n\n"
        "Contract: {contract_type}\nStart date: {start_date}\nWeekly hours: {weekly_hours}\nGross annual pay: {pay}\n\n"
        "The offer letter is attached. You can read the offer and accept or decline it here:\n{offer_link}\n\n"
        "The link is valid until {respond_by}. If you have any questions, just reply to this e-mail.\n\n"
        "Kind regards,\nThe recruiting team at {organization}",
    ),
    (
        "offer",
        "it",
        "La nostra offerta per la posizione di {position_title}",
        "Gentile {candidate_name},\n\n"
        "siamo lieti di offrirti la posizione di {position_title} presso {organization}.\n\n"
        "Contratto: {contract_type}\nData di inizio: {start_date}\nOrario settimanale: {weekly_hours}\nRetribuzione annua lorda: {pay}\n\n"
        "In allegato trovi la lettera di offerta. Qui puoi leggere l'offerta e accettarla o rifiutarla:\n{offer_link}\n\n"
        "Il link scade il giorno {respond_by}. Per qualsiasi domanda, rispondi pure a questa e-mail.\n\n"
        "Cordiali saluti,\nIl team selezione di {organization}",
    ),
]


def sync_reference_data(apps, schema_editor=None):
    """Create what is missing; never overwrite what HR has edited."""
    RejectionReason = apps.get_model("candidates", "RejectionReason")
    EmailTemplate = apps.get_model("candidates", "EmailTemplate")
    for order, (kind, name_en, name_it) in enumerate(REJECTION_REASONS):
        RejectionReason.objects.get_or_create(kind=kind, name_en=name_en, defaults={"name_it": name_it, "order": order})
    for kind, language, subject, body in EMAIL_TEMPLATES:
        EmailTemplate.objects.get_or_create(kind=kind, language=language, defaults={"subject": subject, "body": body})
