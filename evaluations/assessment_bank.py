"""The assessment bank shipped with the product: situational judgement items and practical exercises.

Frozen data: the data migration evaluations/0013 carries its own copy (migrations import no app code), and
``sync_bank`` here serves tests that empty the tables. HR edits the items in the browser afterwards; a change
to what ships is a new constant and a new data migration, never an edit here, so a fresh database gets what
existing ones got (a test pins this list to the migration's copy).

Situational judgement items: (code, competency slug, scenario en, scenario it, options) with the options as
(en, it) pairs from the best answer to the worst. Scored by rank: the best of n options earns n-1 points,
the next n-2, the worst 0 (evaluations.assessments.judgement_points).

Practical exercises: each a dict in the shape of its kind, with its key:
- data_entry: ``document`` (title and lines shown) and ``fields`` (label, kind text/amount/date, answer);
- matching: ``invoices`` and ``statement`` lines, ``pairs`` {invoice id: statement line id};
- payroll_errors: ``columns`` (the checkable ones flagged), ``rows`` of cells, ``errors`` ["row:column"].
"""

from __future__ import annotations

JUDGEMENT_ITEMS = [
    # --- communication ---------------------------------------------------------------------------------
    ("sj-communication-1", "communication",
     "A client e-mails to ask why their refund has not arrived. You see that it was approved last week but the "
     "treasury team has not paid it yet.",
     "Un cliente scrive via e-mail per chiedere come mai il rimborso non gli è ancora arrivato. Vedi che è stato "
     "approvato la settimana scorsa, ma la tesoreria non lo ha ancora pagato.",
     [("Reply the same day: say where the refund stands, when treasury expects to pay it, and that you will "
       "write again once it has gone out.",
       "Rispondi in giornata: spieghi a che punto è il rimborso, quando la tesoreria prevede di pagarlo e che "
       "riscriverai appena sarà partito."),
      ("Reply that the refund has been approved and should arrive soon.",
       "Rispondi che il rimborso è stato approvato e che arriverà a breve."),
      ("Forward the e-mail to treasury and let them answer the client.",
       "Inoltri l'e-mail alla tesoreria e lasci che risponda lei al cliente."),
      ("Wait to reply until the payment has gone out, so that you can give good news.",
       "Aspetti a rispondere finché il pagamento non è partito, così da dare una buona notizia.")]),
    ("sj-communication-2", "communication",
     "A new colleague keeps asking you the same questions about the filing procedure, interrupting your work "
     "several times a day.",
     "Un nuovo collega ti fa continuamente le stesse domande sulla procedura di archiviazione e ti interrompe "
     "più volte al giorno.",
     [("Agree on a short moment each day to go through their questions, show them the written procedure and "
       "offer to clarify the parts that confuse them.",
       "Concordi con lui un breve momento al giorno per le domande, gli mostri la procedura scritta e ti offri di "
       "chiarire i punti che lo confondono."),
      ("Answer every time, even if it slows down your own work.",
       "Rispondi ogni volta, anche se il tuo lavoro rallenta."),
      ("Tell them to ask the office manager from now on.",
       "Gli dici di rivolgersi d'ora in poi al responsabile dell'ufficio."),
      ("Answer briefly and with a sigh, so that they understand you are busy.",
       "Rispondi in fretta e sospirando, così capisce che sei occupato.")]),
    ("sj-communication-3", "communication",
     "At a team meeting your manager presents a new expense-claim process. You think it will lead to claims "
     "being entered twice.",
     "In una riunione il tuo responsabile presenta una nuova procedura per le note spese. Secondo te porterà a "
     "registrare due volte le stesse spese.",
     [("Explain your concern there and then with a concrete example, and suggest a check that would prevent "
       "double entries.",
       "Esponi subito il dubbio con un esempio concreto e proponi un controllo che eviti le doppie registrazioni."),
      ("Write to your manager after the meeting to explain your concern.",
       "Scrivi al responsabile dopo la riunione per spiegare il tuo dubbio."),
      ("Apply the new process and correct double entries whenever you find them.",
       "Applichi la nuova procedura e correggi le doppie registrazioni man mano che le trovi."),
      ("Tell your colleagues over lunch that the new process will never work.",
       "A pranzo dici ai colleghi che la nuova procedura non funzionerà mai.")]),
    # --- professionalism -------------------------------------------------------------------------------
    ("sj-professionalism-1", "professionalism",
     "A supplier phones about a late payment. They are angry and raise their voice.",
     "Un fornitore telefona per un pagamento in ritardo. È arrabbiato e alza la voce.",
     [("Stay calm, acknowledge the problem, check the payment while on the phone or promise a call back by a "
       "set time, and keep that promise.",
       "Mantieni la calma, riconosci il problema, verifichi il pagamento durante la telefonata o prometti di "
       "richiamare entro un orario preciso, e lo fai."),
      ("Ask them politely to call back when they are calmer.",
       "Gli chiedi con gentilezza di richiamare quando sarà più calmo."),
      ("Tell them payments are not your job and give them another number to call.",
       "Gli dici che i pagamenti non sono di tua competenza e gli dai un altro numero."),
      ("Put them on hold until they calm down.",
       "Lo metti in attesa finché non si calma.")]),
    ("sj-professionalism-2", "professionalism",
     "You notice that an invoice you sent to a client yesterday shows a wrong amount, because of a typing "
     "mistake of yours.",
     "Ti accorgi che una fattura inviata ieri a un cliente riporta un importo sbagliato, per un tuo errore di "
     "battitura.",
     [("Tell your manager, issue the credit note and the corrected invoice as the procedure says, and let the "
       "client know with an apology.",
       "Avvisi il responsabile, emetti nota di credito e fattura corretta come prevede la procedura e informi il "
       "cliente scusandoti."),
      ("Correct it in the system and send the client the new invoice without comment.",
       "La correggi nel gestionale e mandi al cliente la nuova fattura senza commenti."),
      ("Wait and see whether the client notices.",
       "Aspetti di vedere se il cliente se ne accorge."),
      ("Say the wrong figure came from the sales department.",
       "Dici che il dato sbagliato è arrivato dall'ufficio commerciale.")]),
    ("sj-professionalism-3", "professionalism",
     "Right after a phone call, a colleague makes fun of the client's accent, loud enough for others in the "
     "office to hear.",
     "Subito dopo una telefonata un collega prende in giro l'accento del cliente, a voce abbastanza alta da "
     "farsi sentire da tutto l'ufficio.",
     [("Tell the colleague privately that such comments are not acceptable, even when the client cannot hear.",
       "Dici al collega in privato che commenti del genere non vanno bene, anche se il cliente non sente."),
      ("Mention it to your manager.",
       "Lo fai presente al tuo responsabile."),
      ("Do not react and change the subject.",
       "Non reagisci e cambi argomento."),
      ("Laugh along so as not to spoil the mood.",
       "Ridi anche tu per non rovinare l'atmosfera.")]),
    # --- teamwork ----------------------------------------------------------------------------------------
    ("sj-teamwork-1", "teamwork",
     "It is the end of the month. A colleague in accounts payable is far behind, while you have finished your "
     "reconciliations.",
     "È fine mese. Un collega della contabilità fornitori è molto indietro, mentre tu hai finito le tue "
     "riconciliazioni.",
     [("Offer to take on part of their work, agreeing with them and your manager which part.",
       "Ti offri di prendere una parte del suo lavoro, concordando con lui e con il responsabile quale."),
      ("Let your manager know that the colleague is behind.",
       "Avvisi il responsabile che il collega è in ritardo."),
      ("Use the time to get ahead with next month's work.",
       "Usi il tempo per portarti avanti con il lavoro del mese prossimo."),
      ("Leave early, since your own work is done.",
       "Esci prima, visto che il tuo lavoro è finito.")]),
    ("sj-teamwork-2", "teamwork",
     "You and a colleague both keep the supplier register up to date, and you find that they name the "
     "suppliers following a different rule from yours.",
     "Tu e un collega aggiornate entrambi l'anagrafica fornitori e scopri che lui inserisce i nomi con una "
     "regola diversa dalla tua.",
     [("Talk to them, agree on one rule, write it down and fix the existing entries together.",
       "Ne parli con lui, concordate una regola unica, la mettete per iscritto e sistemate insieme le voci "
       "esistenti."),
      ("Ask your manager to decide which rule applies.",
       "Chiedi al responsabile di decidere quale regola vale."),
      ("Keep your own rule for the entries you make.",
       "Continui con la tua regola per le voci che inserisci tu."),
      ("Quietly rename their entries following your rule.",
       "Rinomini senza dire niente le sue voci secondo la tua regola.")]),
    ("sj-teamwork-3", "teamwork",
     "You promised a colleague the figures for their report by Thursday, but an urgent task means you will not "
     "make it.",
     "Hai promesso a un collega i dati per il suo report entro giovedì, ma per un lavoro urgente non ce la farai.",
     [("Tell them as soon as you know, and give a realistic new date or send what you already have.",
       "Glielo dici appena lo sai e gli dai una nuova data realistica, oppure gli mandi quello che hai già."),
      ("Send the figures on Friday with an apology.",
       "Gli mandi i dati venerdì scusandoti."),
      ("Send incomplete figures on Thursday without saying they are incomplete.",
       "Giovedì gli mandi dati incompleti senza dirgli che lo sono."),
      ("Wait for them to ask.",
       "Aspetti che sia lui a chiederteli.")]),
    # --- customer orientation --------------------------------------------------------------------------
    ("sj-customer-1", "customer-orientation",
     "A client asks for a copy of an invoice from three years ago, which is kept in the paper archive.",
     "Un cliente chiede la copia di una fattura di tre anni fa, conservata nell'archivio cartaceo.",
     [("Tell the client when they will have it, retrieve it, scan it and send it, and note where it is filed.",
       "Dici al cliente quando l'avrà, la recuperi, la scansioni e gliela invii, annotando dove è archiviata."),
      ("Tell them it may take a while, and send it when you have time.",
       "Gli dici che ci vorrà un po' e gliela mandi quando hai tempo."),
      ("Ask them to look in their own records first.",
       "Gli chiedi di cercarla prima nei suoi archivi."),
      ("Tell them that documents older than two years are not available.",
       "Gli dici che i documenti con più di due anni non sono disponibili.")]),
    ("sj-customer-2", "customer-orientation",
     "A colleague from sales asks you to register an order urgently, but the client's tax code is missing.",
     "Un collega commerciale ti chiede di registrare un ordine con urgenza, ma manca il codice fiscale del "
     "cliente.",
     [("Explain what is missing and why it is needed, ask for it, and prepare the rest so that the order goes in "
       "as soon as it arrives.",
       "Spieghi cosa manca e perché serve, lo chiedi e prepari tutto il resto, così l'ordine entra appena arriva."),
      ("Send the order back with a note saying that it is incomplete.",
       "Rimandi indietro l'ordine con una nota che dice che è incompleto."),
      ("Register it with a provisional code, to be corrected later.",
       "Lo registri con un codice provvisorio da correggere in seguito."),
      ("Put it aside until sales chase it.",
       "Lo metti da parte finché il commerciale non sollecita.")]),
    ("sj-customer-3", "customer-orientation",
     "A client calls with a billing question outside your area, and the colleague who handles it is away today.",
     "Un cliente chiama per una domanda sulla fatturazione che non è di tua competenza, e il collega che se ne "
     "occupa oggi è assente.",
     [("Take the details, tell the client who will answer and by when, leave the colleague a clear note and "
       "check later that it was handled.",
       "Prendi i dettagli, dici al cliente chi gli risponderà ed entro quando, lasci al collega una nota chiara e "
       "poi verifichi che sia stato fatto."),
      ("Give the client the colleague's direct e-mail address.",
       "Dai al cliente l'indirizzo e-mail diretto del collega."),
      ("Try to answer yourself, although you are not sure.",
       "Provi a rispondere tu, anche se non ne sei sicuro."),
      ("Ask the client to call back tomorrow.",
       "Chiedi al cliente di richiamare domani.")]),
    # --- reliability -----------------------------------------------------------------------------------
    ("sj-reliability-1", "reliability",
     "At five in the afternoon you are asked to enter forty expense claims by tomorrow morning. Normally you "
     "check each one against its receipts.",
     "Alle cinque del pomeriggio ti chiedono di registrare quaranta note spese entro domattina. Di solito le "
     "controlli una per una con i giustificativi.",
     [("Enter and check them all; if time runs short, say clearly which ones are still unchecked.",
       "Le registri e le controlli tutte; se il tempo non basta, dici chiaramente quali non sono ancora "
       "controllate."),
      ("Enter them all and check a sample.",
       "Le registri tutte e ne controlli un campione."),
      ("Enter them without checking, since it is urgent.",
       "Le registri senza controllarle, visto che è urgente."),
      ("Enter only those you can check and say nothing about the rest.",
       "Registri solo quelle che riesci a controllare e non dici niente delle altre.")]),
    ("sj-reliability-2", "reliability",
     "While reconciling a supplier account you find a difference of 12 euros that you cannot explain.",
     "Riconciliando il conto di un fornitore trovi una differenza di 12 euro che non riesci a spiegare.",
     [("Trace it entry by entry; if you still cannot find it, write down what you checked and tell your manager.",
       "La ricerchi movimento per movimento; se non la trovi, annoti cosa hai controllato e lo segnali al "
       "responsabile."),
      ("Ask a colleague to look at it with you.",
       "Chiedi a un collega di guardarla con te."),
      ("Post it to a sundry adjustments account so that the balance matches.",
       "La registri su un conto di rettifiche varie così il saldo torna."),
      ("Leave it, since the amount is small.",
       "La lasci stare, visto che l'importo è piccolo.")]),
    ("sj-reliability-3", "reliability",
     "You are asked to prepare a colleague's weekly report while they are on leave, and their instructions "
     "leave out some steps.",
     "Ti chiedono di preparare il report settimanale di un collega mentre è in ferie, e le sue istruzioni "
     "tralasciano alcuni passaggi.",
     [("Ask them about the missing steps before they leave, write them down, and compare your first report with "
       "last week's.",
       "Gli chiedi dei passaggi mancanti prima che parta, li metti per iscritto e confronti il tuo primo report "
       "con quello della settimana precedente."),
      ("Follow the instructions as they are and have your manager check the result.",
       "Segui le istruzioni così come sono e fai controllare il risultato al responsabile."),
      ("Fill the gaps as you think best.",
       "Completi i passaggi mancanti come ti sembra meglio."),
      ("Skip the report until they are back, since the instructions are incomplete.",
       "Salti il report finché non torna, visto che le istruzioni sono incomplete.")]),
    # --- confidentiality -------------------------------------------------------------------------------
    ("sj-confidentiality-1", "confidentiality",
     "A colleague from another department asks you how much someone in their team earns. You have access to "
     "the payroll.",
     "Un collega di un altro reparto ti chiede quanto guadagna una persona del suo gruppo. Tu hai accesso alle "
     "buste paga.",
     [("Say politely that you cannot share payroll data, and suggest they ask their manager or HR.",
       "Rispondi con garbo che non puoi dare dati delle buste paga e gli suggerisci di chiedere al suo "
       "responsabile o al personale."),
      ("Say that you do not remember.",
       "Dici che non te lo ricordi."),
      ("Give a rough range rather than the exact figure.",
       "Dai una cifra indicativa invece di quella esatta."),
      ("Tell them, since they work for the same company.",
       "Glielo dici, visto che lavora nella stessa azienda.")]),
    ("sj-confidentiality-2", "confidentiality",
     "You have printed a list of employees with their days of sick leave, and the printer is in the corridor.",
     "Hai stampato l'elenco dei dipendenti con i giorni di malattia, e la stampante è in corridoio.",
     [("Collect it at once, and from now on use secure printing or avoid printing such lists.",
       "Vai subito a ritirarlo e d'ora in poi usi la stampa protetta o eviti di stampare elenchi del genere."),
      ("Collect it the next time you pass by.",
       "Lo ritiri la prossima volta che passi di lì."),
      ("Ask a colleague who is walking past to bring it to you.",
       "Chiedi a un collega che passa di portartelo."),
      ("Leave it there: nobody reads other people's printouts.",
       "Lo lasci lì: nessuno legge le stampe degli altri.")]),
    ("sj-confidentiality-3", "confidentiality",
     "A caller says they are a client's accountant and asks for the client's balance and bank details.",
     "Al telefono una persona dice di essere il commercialista di un cliente e chiede il saldo e le coordinate "
     "bancarie del cliente.",
     [("Give no information until you have confirmed who they are with the client, through the contact on "
       "record, as the procedure says.",
       "Non dai alcuna informazione finché non hai verificato chi è con il cliente, tramite il contatto in "
       "anagrafica, come prevede la procedura."),
      ("Ask them to send the request by e-mail, then check with the client.",
       "Gli chiedi di mandare la richiesta via e-mail e poi verifichi con il cliente."),
      ("Give the balance but not the bank details.",
       "Dai il saldo ma non le coordinate bancarie."),
      ("Give the information, since the caller knows the client's details.",
       "Dai le informazioni, visto che la persona conosce i dati del cliente.")]),
    # --- problem solving -------------------------------------------------------------------------------
    ("sj-problem-solving-1", "problem-solving",
     "The scanner that files documents into the digital archive keeps giving files the wrong date.",
     "Lo scanner che archivia i documenti in digitale continua ad assegnare ai file una data sbagliata.",
     [("Look at a few files to find the pattern, fix the setting or report it to IT with examples, and correct "
       "the files already affected.",
       "Esamini alcuni file per capire lo schema, correggi l'impostazione o la segnali all'IT con degli esempi, "
       "e sistemi i file già coinvolti."),
      ("Report the fault to IT and wait for them.",
       "Segnali il guasto all'IT e aspetti."),
      ("Correct each file's date by hand whenever you notice it.",
       "Correggi a mano la data di ogni file quando te ne accorgi."),
      ("Carry on scanning: the dates can be fixed later.",
       "Continui a scansionare: le date si sistemeranno più avanti.")]),
    ("sj-problem-solving-2", "problem-solving",
     "Every month the invoices of the same three suppliers arrive without the purchase-order number, which "
     "delays their payment.",
     "Ogni mese le fatture degli stessi tre fornitori arrivano senza numero d'ordine, e il loro pagamento "
     "slitta.",
     [("Contact the suppliers to explain what is needed and, with purchasing, make sure the order number is on "
       "the order confirmations they receive.",
       "Contatti i fornitori per spiegare cosa serve e, con l'ufficio acquisti, fai in modo che il numero "
       "d'ordine compaia sulle conferme che ricevono."),
      ("Look up the order numbers yourself every month.",
       "Cerchi tu i numeri d'ordine ogni mese."),
      ("Send the invoices back every time.",
       "Respingi le fatture ogni volta."),
      ("Pay them without the order number to avoid delays.",
       "Le paghi senza numero d'ordine per evitare ritardi.")]),
    ("sj-problem-solving-3", "problem-solving",
     "Two colleagues give you different instructions on how to file contracts.",
     "Due colleghi ti danno indicazioni diverse su come archiviare i contratti.",
     [("Ask them to agree on one way with you, or ask whoever owns the procedure, and confirm it in writing.",
       "Chiedi loro di concordare con te un unico modo, o chiedi a chi è responsabile della procedura, e lo "
       "confermi per iscritto."),
      ("Follow the way of the more senior colleague.",
       "Segui il metodo del collega più anziano."),
      ("File each colleague's contracts their own way.",
       "Archivi i contratti di ciascun collega con il suo metodo."),
      ("File them the way you prefer.",
       "Li archivi come preferisci tu.")]),
]

EXERCISES = [
    {
        "code": "data-entry-invoice",
        "kind": "data_entry",
        "name_en": "Data entry from an invoice",
        "name_it": "Inserimento dati da una fattura",
        "instructions_en": "Copy the fields below from the supplier invoice, exactly as they appear on it. "
                           "Amounts may be typed with or without the thousands separator.",
        "instructions_it": "Riporta i campi qui sotto dalla fattura del fornitore, esattamente come compaiono. "
                           "Gli importi si possono scrivere con o senza il separatore delle migliaia.",
        "content": {
            "document": {
                "title_en": "Supplier invoice", "title_it": "Fattura del fornitore",
                "lines": [
                    {"en": "Supplier", "it": "Fornitore", "value": "Cartoleria Lombarda S.r.l."},
                    {"en": "VAT number", "it": "Partita IVA", "value": "04817250961"},
                    {"en": "Invoice number", "it": "Numero fattura", "value": "FT-2026/0418"},
                    {"en": "Invoice date", "it": "Data fattura", "value": "14/10/2026"},
                    {"en": "Description", "it": "Descrizione", "value": "Carta A4, toner, raccoglitori"},
                    {"en": "Taxable amount (€)", "it": "Imponibile (€)", "value": "1.240,00"},
                    {"en": "VAT 22% (€)", "it": "IVA 22% (€)", "value": "272,80"},
                    {"en": "Total (€)", "it": "Totale (€)", "value": "1.512,80"},
                ],
            },
            "fields": [
                {"key": "vat_number", "en": "Supplier's VAT number", "it": "Partita IVA del fornitore",
                 "kind": "text", "answer": "04817250961"},
                {"key": "number", "en": "Invoice number", "it": "Numero fattura", "kind": "text",
                 "answer": "FT-2026/0418"},
                {"key": "date", "en": "Invoice date (dd/mm/yyyy)", "it": "Data fattura (gg/mm/aaaa)",
                 "kind": "date", "answer": "2026-10-14"},
                {"key": "taxable", "en": "Taxable amount (€)", "it": "Imponibile (€)", "kind": "amount",
                 "answer": "1240.00"},
                {"key": "vat", "en": "VAT (€)", "it": "IVA (€)", "kind": "amount", "answer": "272.80"},
                {"key": "total", "en": "Total (€)", "it": "Totale (€)", "kind": "amount", "answer": "1512.80"},
            ],
        },
    },
    {
        "code": "bank-matching",
        "kind": "matching",
        "name_en": "Matching invoices to the bank statement",
        "name_it": "Abbinamento fatture ed estratto conto",
        "instructions_en": "For each of our invoices, choose the bank statement line that pays it, or \"Not paid\" "
                           "if none does. A wrong match costs as much as a right one earns.",
        "instructions_it": "Per ciascuna delle nostre fatture scegli la riga dell'estratto conto che la paga, "
                           "oppure «Non pagata» se nessuna la paga. Un abbinamento sbagliato toglie quanto ne "
                           "dà uno giusto.",
        "content": {
            "invoices": [
                {"id": "F1", "number": "FT-2026/311", "client": "Rossi Impianti S.r.l.", "amount": "850,00"},
                {"id": "F2", "number": "FT-2026/312", "client": "Studio Verdi", "amount": "1.220,00"},
                {"id": "F3", "number": "FT-2026/313", "client": "Bianchi & Figli S.n.c.", "amount": "1.220,00"},
                {"id": "F4", "number": "FT-2026/314", "client": "Ottica Moretti", "amount": "396,50"},
                {"id": "F5", "number": "FT-2026/315", "client": "Hotel Lago Blu S.r.l.", "amount": "2.045,00"},
                {"id": "F6", "number": "FT-2026/316", "client": "Panificio Russo", "amount": "158,60"},
            ],
            "statement": [
                {"id": "M1", "date": "03/11/2026", "text": "SEPA CT BIANCHI E FIGLI SNC SALDO FT 313", "amount": "1.220,00"},
                {"id": "M2", "date": "03/11/2026", "text": "COMMISSIONI BONIFICO", "amount": "-1,50"},
                {"id": "M3", "date": "04/11/2026", "text": "SEPA CT STUDIO VERDI RIF FATT 312", "amount": "1.220,00"},
                {"id": "M4", "date": "05/11/2026", "text": "SEPA CT HOTEL LAGO BLU SRL FT2026-315", "amount": "2.045,00"},
                {"id": "M5", "date": "06/11/2026", "text": "SEPA CT ROSSI IMPIANTI SRL FATTURA 311", "amount": "850,00"},
                {"id": "M6", "date": "06/11/2026", "text": "SEPA CT MORETTI OTTICA FT 314", "amount": "396,50"},
                {"id": "M7", "date": "07/11/2026", "text": "SEPA CT PANIFICIO RUSSO ACCONTO ORDINE 12/2026",
                 "amount": "150,00"},
            ],
            "pairs": {"F1": "M5", "F2": "M3", "F3": "M1", "F4": "M6", "F5": "M4"},
        },
    },
    {
        "code": "payroll-errors",
        "kind": "payroll_errors",
        "name_en": "Errors in a payroll sheet",
        "name_it": "Errori in un prospetto paghe",
        "instructions_en": "In this sheet gross pay should be hours × hourly rate, and net pay gross pay minus "
                           "deductions. Tick every gross or net figure that is wrong, judged against the other "
                           "figures of its row as shown. A wrong tick costs as much as a right one earns.",
        "instructions_it": "In questo prospetto il lordo deve essere ore × paga oraria, e il netto il lordo meno "
                           "le trattenute. Spunta ogni lordo o netto sbagliato, rispetto agli altri valori della "
                           "sua riga così come sono. Una spunta sbagliata toglie quanto ne dà una giusta.",
        "content": {
            "columns": [
                {"key": "hours", "en": "Hours", "it": "Ore", "check": False},
                {"key": "rate", "en": "Hourly rate (€)", "it": "Paga oraria (€)", "check": False},
                {"key": "gross", "en": "Gross pay (€)", "it": "Lordo (€)", "check": True},
                {"key": "deductions", "en": "Deductions (€)", "it": "Trattenute (€)", "check": False},
                {"key": "net", "en": "Net pay (€)", "it": "Netto (€)", "check": True},
            ],
            "rows": [
                {"id": "r1", "employee": "A. Bassi",
                 "cells": {"hours": "160", "rate": "12,50", "gross": "2.000,00", "deductions": "420,00", "net": "1.580,00"}},
                {"id": "r2", "employee": "L. Colombo",
                 "cells": {"hours": "152", "rate": "13,00", "gross": "1.967,00", "deductions": "410,00", "net": "1.557,00"}},
                {"id": "r3", "employee": "M. De Luca",
                 "cells": {"hours": "168", "rate": "11,80", "gross": "1.982,40", "deductions": "398,00", "net": "1.584,40"}},
                {"id": "r4", "employee": "S. Esposito",
                 "cells": {"hours": "120", "rate": "14,00", "gross": "1.680,00", "deductions": "350,00", "net": "1.380,00"}},
                {"id": "r5", "employee": "P. Ferrari",
                 "cells": {"hours": "160", "rate": "12,00", "gross": "1.920,00", "deductions": "402,00", "net": "1.518,00"}},
                {"id": "r6", "employee": "C. Galli",
                 "cells": {"hours": "144", "rate": "15,50", "gross": "2.322,00", "deductions": "470,00", "net": "1.852,00"}},
            ],
            "errors": ["r2:gross", "r4:net", "r6:gross"],
        },
    },
]


def sync_bank(apps, schema_editor=None) -> None:
    """Create the shipped items and exercises that are missing (by code); never overwrite HR's edits."""
    Competency = apps.get_model("positions", "Competency")
    Item = apps.get_model("evaluations", "AssessmentItem")
    Exercise = apps.get_model("evaluations", "AssessmentExercise")
    competencies = {c.slug: c for c in Competency.objects.all()}
    for code, slug, scenario_en, scenario_it, options in JUDGEMENT_ITEMS:
        if slug in competencies and not Item.objects.filter(code=code).exists():
            Item.objects.create(
                code=code, competency=competencies[slug], scenario_en=scenario_en, scenario_it=scenario_it,
                options=[{"en": en, "it": it} for en, it in options],
            )
    for exercise in EXERCISES:
        if not Exercise.objects.filter(code=exercise["code"]).exists():
            Exercise.objects.create(**exercise)
