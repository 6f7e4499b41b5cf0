"""French-law letters (seed content for make_templates.py). Jinja tags are docxtpl's."""

PREFECTURE = "Madame la Préfète, Monsieur le Préfet,"
POLITE_PREFET = ("Je vous prie d'agréer, Madame la Préfète, Monsieur le Préfet, l'expression de ma considération "
                 "distinguée.")
POLITE = "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma considération distinguée."
DECISION_FIELDS = [
    {"id": "decision_number", "type": "text", "label": {"fr": "Numéro de la décision", "en": "Decision number"}},
    {"id": "decision_date", "type": "date", "required": True,
     "label": {"fr": "Date de la décision", "en": "Date of the decision"}},
    {"id": "notification_date", "type": "date",
     "label": {"fr": "Date de notification (remise ou réception du courrier)", "en": "Date of notification"}},
]
COURT_FIELDS = [
    {"id": "recipient_address", "type": "area", "required": True,
     "label": {"fr": "Tribunal administratif (nom et adresse du greffe)", "en": "Administrative court (name and registry address)"}},
    {"id": "prefecture", "type": "text", "required": True,
     "label": {"fr": "Préfecture qui a pris la décision (ex. « du Nord »)", "en": "Prefecture that took the decision (e.g. 'du Nord')"}},
    {"id": "interpreter_language", "type": "text", "required": True,
     "label": {"fr": "Langue de l'interprète demandé", "en": "Language of the interpreter requested"}},
    {"id": "grounds", "type": "area",
     "label": {"fr": "Moyens (arguments) déjà connus — peuvent être complétés à l'audience", "en": "Grounds already known (can be completed at the hearing)"}},
]
PROOF_LRAR = {"fr": "Gardez la preuve de dépôt et l'accusé de réception de la lettre recommandée, avec une copie "
                    "complète de la lettre et de chaque pièce.",
              "en": "Keep the postal receipt and the signed acknowledgement of receipt, with a full copy of the "
                    "letter and of every enclosure."}
PROOF_COURT = {"fr": "Gardez l'accusé d'enregistrement du greffe (ou le reçu du fax / de Télérecours) et une copie "
                     "complète de la requête et des pièces.",
               "en": "Keep the court registry's acknowledgement (or the fax / Télérecours receipt) and a full copy "
                     "of the application and exhibits."}

LETTERS = {
    "fr_appointment_request": {
        "title": {"fr": "Demande de rendez-vous en préfecture (aucun créneau disponible)",
                  "en": "Request for a prefecture appointment (no slot available)"},
        "recipient": {"kind": "prefecture"},
        "dispatch": "lrar", "deadlines": [],
        "procedures": ["fr.titre_renewal", "fr.admission_exceptionnelle", "fr.vpf_conjoint_de_francais"],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Préfecture (service et adresse exacte)", "en": "Prefecture (department and exact address)"}},
            {"id": "procedure_sought", "type": "text", "required": True,
             "label": {"fr": "Démarche demandée (ex. renouvellement de la carte de séjour « vie privée et familiale »)",
                       "en": "Procedure sought (e.g. renewal of the 'private and family life' residence card)"}},
            {"id": "legal_basis", "type": "text",
             "label": {"fr": "Fondement légal (ex. article L.423-23 du CESEDA)", "en": "Legal basis (e.g. CESEDA art. L.423-23)"}},
            {"id": "attempts_since", "type": "date", "required": True,
             "label": {"fr": "Date de la première tentative de rendez-vous", "en": "Date of the first booking attempt"}},
            {"id": "attempts_description", "type": "area",
             "label": {"fr": "Chronologie des tentatives (dates, heures, courriels envoyés)", "en": "Chronology of the attempts (dates, times, e-mails sent)"}},
            {"id": "urgency", "type": "area",
             "label": {"fr": "Urgence (fin de droits, emploi menacé...)", "en": "Urgency (rights ending, job at risk...)"}},
            {"id": "response_delay_days", "type": "integer", "default": 15,
             "label": {"fr": "Délai de réponse demandé (jours)", "en": "Response time requested (days)"}},
        ],
        "annexes": [{"fr": "Copie de ma pièce d'identité ou de mon titre de séjour"},
                    {"fr": "Captures d'écran du site de rendez-vous (date, heure et adresse de la page visibles)"},
                    {"fr": "Copies des courriels envoyés à la préfecture"}],
        "proof": {"fr": PROOF_LRAR["fr"] + " Continuez à faire des captures d'écran datées : elles serviront au référé.",
                  "en": PROOF_LRAR["en"] + " Keep taking dated screenshots: they will be needed for the référé."},
        "subject": "Demande de rendez-vous pour le dépôt d'une demande de {{ f.procedure_sought }}",
        "body": [
            PREFECTURE,
            "Je souhaite déposer une demande de {{ f.procedure_sought }}{% if f.legal_basis %}, sur le fondement de "
            "{{ f.legal_basis }}{% endif %}. Cette démarche exige un rendez-vous en préfecture.",
            "Depuis le {{ f.attempts_since }}, j'essaie sans succès d'obtenir un rendez-vous par le service de prise de "
            "rendez-vous en ligne de la préfecture : aucun créneau n'est jamais proposé. Les captures d'écran jointes, "
            "qui montrent la date, l'heure et l'adresse de la page, en attestent.",
            "{%p if f.attempts_description %}",
            "Chronologie de mes démarches : {{ f.attempts_description }}",
            "{%p endif %}",
            "Lorsque le dépôt d'une demande passe obligatoirement par un rendez-vous, l'administration doit permettre "
            "à l'usager de l'obtenir ou lui offrir une autre voie de dépôt (Conseil d'État, 3 juin 2022).",
            "{%p if f.urgency %}",
            "Ma situation est urgente : {{ f.urgency }}",
            "{%p endif %}",
            "Je vous demande donc de me fixer un rendez-vous, ou de m'indiquer une autre modalité de dépôt de ma "
            "demande, dans un délai de {{ f.response_delay_days }} jours. À défaut, je me réserve la possibilité de "
            "saisir le juge des référés du tribunal administratif (article L.521-3 du code de justice administrative).",
            POLITE_PREFET,
        ],
    },
    "fr_refere_mesures_utiles": {
        "title": {"fr": "Requête en référé « mesures utiles » (rendez-vous en préfecture)",
                  "en": "Urgent application to the administrative court ('référé mesures utiles') for an appointment"},
        "recipient": {"kind": "court"},
        "dispatch": "court", "deadlines": [],
        "procedures": ["fr.titre_renewal", "fr.admission_exceptionnelle"],
        "fields": COURT_FIELDS[:2] + [
            {"id": "procedure_sought", "type": "text", "required": True,
             "label": {"fr": "Démarche demandée à la préfecture", "en": "Procedure sought at the prefecture"}},
            {"id": "attempts_since", "type": "date", "required": True,
             "label": {"fr": "Date de la première tentative de rendez-vous", "en": "Date of the first booking attempt"}},
            {"id": "appointment_request_date", "type": "date",
             "label": {"fr": "Date de la lettre de demande de rendez-vous envoyée au préfet", "en": "Date of the appointment request letter sent to the prefect"}},
            {"id": "urgency", "type": "area", "required": True,
             "label": {"fr": "Urgence (fin de droits, emploi, allocations...)", "en": "Urgency (rights ending, job, benefits...)"}},
            {"id": "injunction_delay_days", "type": "integer", "default": 15,
             "label": {"fr": "Délai demandé pour le rendez-vous (jours)", "en": "Time limit requested for the appointment (days)"}},
        ],
        "annexes": [{"fr": "Captures d'écran datées des tentatives de rendez-vous"},
                    {"fr": "Lettre de demande de rendez-vous au préfet et preuve de son envoi"},
                    {"fr": "Copie de la pièce d'identité ou du titre de séjour"},
                    {"fr": "Pièces justifiant l'urgence"}],
        "proof": PROOF_COURT,
        "heading": "REQUÊTE EN RÉFÉRÉ « MESURES UTILES »\n(article L.521-3 du code de justice administrative)\n"
                   "À produire en deux exemplaires",
        "subject": "Référé mesures utiles — injonction de fixer un rendez-vous",
        "body": [
            "POUR : {{ sender.name }}, demeurant {{ f.sender_address }}",
            "CONTRE : le préfet {{ f.prefecture }}",
            "I. Faits et procédure",
            "Je souhaite déposer une demande de {{ f.procedure_sought }}, ce qui exige un rendez-vous en préfecture. "
            "Depuis le {{ f.attempts_since }}, aucun créneau n'est proposé sur le site de prise de rendez-vous"
            "{% if f.appointment_request_date %}, et ma demande écrite du {{ f.appointment_request_date }} est restée "
            "sans réponse{% endif %}.",
            "II. Urgence",
            "{{ f.urgency }}",
            "III. Utilité de la mesure",
            "Sans rendez-vous, je ne peux pas déposer ma demande. L'injonction demandée est le seul moyen de me "
            "permettre d'accéder à la procédure.",
            "IV. Absence d'obstacle à l'exécution d'une décision administrative",
            "La mesure demandée ne fait obstacle à l'exécution d'aucune décision administrative : aucune décision n'a "
            "été prise sur ma situation.",
            "PAR CES MOTIFS, je demande au juge des référés d'enjoindre au préfet {{ f.prefecture }} de me fixer un "
            "rendez-vous pour le dépôt de ma demande dans un délai de {{ f.injunction_delay_days }} jours à compter de "
            "la notification de l'ordonnance.",
        ],
        "closing": "",
    },
    "fr_recepisse_request": {
        "title": {"fr": "Demande de récépissé ou d'attestation de prolongation d'instruction",
                  "en": "Request for a receipt or an extension certificate (récépissé / API)"},
        "recipient": {"kind": "prefecture"},
        "dispatch": "lrar", "deadlines": [],
        "procedures": ["fr.titre_renewal", "fr.protection_residence_card"],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Préfecture (service et adresse exacte)", "en": "Prefecture (department and exact address)"}},
            {"id": "anef_number", "type": "text", "required": True,
             "label": {"fr": "Numéro de dossier ANEF", "en": "ANEF file number"}},
            {"id": "application_date", "type": "date", "required": True,
             "label": {"fr": "Date du dépôt de la demande", "en": "Date the application was filed"}},
            {"id": "permit_expiry_date", "type": "date",
             "label": {"fr": "Date d'expiration du titre actuel", "en": "Expiry date of the current permit"}},
            {"id": "consequences", "type": "area",
             "label": {"fr": "Conséquences concrètes (travail, CAF, voyage...)", "en": "Concrete consequences (work, benefits, travel...)"}},
            {"id": "response_delay_days", "type": "integer", "default": 8,
             "label": {"fr": "Délai de réponse demandé (jours)", "en": "Response time requested (days)"}},
        ],
        "annexes": [{"fr": "Attestation de dépôt de la demande sur l'ANEF"},
                    {"fr": "Copie du titre de séjour actuel"}],
        "proof": PROOF_LRAR,
        "subject": "Demande de délivrance d'une attestation de prolongation d'instruction — dossier ANEF n° {{ f.anef_number }}",
        "body": [
            PREFECTURE,
            "J'ai déposé le {{ f.application_date }}, sur le site de l'ANEF (dossier n° {{ f.anef_number }}), une "
            "demande de titre de séjour{% if f.permit_expiry_date %}, alors que mon titre actuel expire le "
            "{{ f.permit_expiry_date }}{% endif %}. Ma demande a été déposée dans le délai prévu et elle est complète.",
            "L'article R.431-15-1 du CESEDA prévoit qu'une attestation de prolongation d'instruction est délivrée au "
            "demandeur dont le dossier est complet ; elle lui permet de justifier de la régularité de son séjour "
            "pendant l'instruction. À ce jour, je n'ai reçu aucun document.",
            "{%p if f.consequences %}",
            "Cette situation a des conséquences concrètes : {{ f.consequences }}",
            "{%p endif %}",
            "Je vous demande de me délivrer cette attestation (ou un récépissé) dans un délai de "
            "{{ f.response_delay_days }} jours. À défaut, je me réserve la possibilité de saisir le juge des référés "
            "du tribunal administratif.",
            POLITE_PREFET,
        ],
    },
    "fr_dublin_france_responsible": {
        "title": {"fr": "Demande d'enregistrement de la demande d'asile en France (délai de transfert Dublin expiré)",
                  "en": "Request to register the asylum claim in France (Dublin transfer period expired)"},
        "recipient": {"kind": "prefecture"},
        "dispatch": "lrar", "deadlines": [],
        "procedures": ["fr.dublin_procedure"],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Préfecture — guichet unique pour demandeurs d'asile (GUDA), adresse exacte",
                       "en": "Prefecture — one-stop desk for asylum seekers (GUDA), exact address"}},
            {"id": "transfer_state", "type": "text", "required": True,
             "label": {"fr": "État désigné comme responsable (ex. Italie)", "en": "State designated as responsible (e.g. Italy)"}},
            {"id": "response_delay_days", "type": "integer", "default": 15,
             "label": {"fr": "Délai de réponse demandé (jours)", "en": "Response time requested (days)"}},
        ],
        "annexes": [{"fr": "Copie de l'attestation de demande d'asile « procédure Dublin »"}],
        "proof": PROOF_LRAR,
        "subject": "Demande d'enregistrement de ma demande d'asile en procédure normale ou accélérée — délai de "
                   "transfert expiré",
        "body": [
            PREFECTURE,
            "J'ai demandé l'asile en France et ma demande a été placée en procédure Dublin (État désigné comme "
            "responsable de son examen : {{ f.transfer_state }})"
            "{% if facts.dublin_acceptance_date %} ; cet État a accepté la requête des autorités françaises le "
            "{{ facts.dublin_acceptance_date }}{% endif %}.",
            "Le délai dans lequel mon transfert devait être exécuté a expiré sans que ce transfert ait eu lieu. "
            "En application de l'article 29, paragraphe 2, du règlement (UE) n° 604/2013 (demande enregistrée avant "
            "le 1er juillet 2026) ou de l'article 46 du règlement (UE) 2024/1351 (demande enregistrée depuis cette "
            "date), l'État désigné est libéré de son obligation et la France est désormais responsable de l'examen "
            "de ma demande d'asile.",
            "Je vous demande donc d'enregistrer ma demande d'asile en procédure normale (ou accélérée), de me "
            "remettre une attestation de demande d'asile correspondante et le formulaire de demande d'asile à "
            "adresser à l'OFPRA, dans un délai de {{ f.response_delay_days }} jours. Je reste à votre "
            "disposition pour toute convocation.",
            "À défaut de réponse, je me réserve la possibilité de saisir le juge des référés du tribunal "
            "administratif.",
            POLITE_PREFET,
        ],
    },
    "fr_recours_gracieux": {
        "title": {"fr": "Recours gracieux au préfet", "en": "Request to the prefect to withdraw a decision (recours gracieux)"},
        "recipient": {"kind": "prefecture"},
        "dispatch": "lrar", "deadlines": ["recours_gracieux"],
        "procedures": ["fr.refusal_litigation"],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Préfecture (adresse exacte)", "en": "Prefecture (exact address)"}},
            {"id": "decision_kind", "type": "text", "required": True, "default": "refus de titre de séjour",
             "label": {"fr": "Nature de la décision (ex. refus de titre de séjour)", "en": "What the decision is (e.g. refusal of a residence permit)"}},
        ] + DECISION_FIELDS + [
            {"id": "grounds", "type": "area", "required": True,
             "label": {"fr": "Erreurs de fait et de droit de la décision", "en": "Errors of fact and law in the decision"}},
            {"id": "humanitarian", "type": "area",
             "label": {"fr": "Éléments humanitaires (famille, santé, intégration)", "en": "Humanitarian arguments (family, health, integration)"}},
        ],
        "annexes": [{"fr": "Copie de la décision contestée"}, {"fr": "Copie de la pièce d'identité"}],
        "proof": PROOF_LRAR,
        "warning": {"fr": "Ce recours ne prolonge PAS le délai pour contester une obligation de quitter le territoire "
                          "(1 mois, 15 jours, 7 jours ou 48 heures) : saisissez aussi le tribunal administratif à temps.",
                    "en": "This request does NOT extend the time limit to challenge an order to leave France (1 month, "
                          "15 days, 7 days or 48 hours): also go to the administrative court in time."},
        "subject": "Recours gracieux contre la décision {% if f.decision_number %}n° {{ f.decision_number }} {% endif %}du {{ f.decision_date }}",
        "body": [
            PREFECTURE,
            "J'ai l'honneur de former un recours gracieux contre votre décision {% if f.decision_number %}"
            "n° {{ f.decision_number }} {% endif %}du {{ f.decision_date }}{% if f.notification_date %}, qui m'a été "
            "notifiée le {{ f.notification_date }}{% endif %}, portant {{ f.decision_kind }} (copie jointe).",
            "Cette décision est entachée d'erreurs : {{ f.grounds }}",
            "{%p if f.humanitarian %}",
            "Ma situation personnelle justifie en outre un réexamen : {{ f.humanitarian }}",
            "{%p endif %}",
            "Je vous demande en conséquence de retirer cette décision et de me délivrer le titre de séjour sollicité.",
            POLITE_PREFET,
        ],
    },
    "fr_recours_hierarchique": {
        "title": {"fr": "Recours hiérarchique au ministre de l'Intérieur",
                  "en": "Appeal to the Minister of the Interior (recours hiérarchique)"},
        "recipient": {"kind": "ministry",
                      "default": {"fr": "Monsieur le Ministre de l'Intérieur\nPlace Beauvau\n75800 Paris Cedex 08"}},
        "dispatch": "lrar", "deadlines": ["recours_gracieux"],
        "procedures": ["fr.refusal_litigation"],
        "fields": [
            {"id": "prefecture", "type": "text", "required": True,
             "label": {"fr": "Préfecture qui a pris la décision (ex. « du Nord »)", "en": "Prefecture that took the decision"}},
            {"id": "decision_kind", "type": "text", "required": True, "default": "refus de titre de séjour",
             "label": {"fr": "Nature de la décision", "en": "What the decision is"}},
        ] + DECISION_FIELDS + [
            {"id": "grounds", "type": "area", "required": True,
             "label": {"fr": "Erreurs de fait et de droit de la décision", "en": "Errors of fact and law in the decision"}},
            {"id": "humanitarian", "type": "area",
             "label": {"fr": "Éléments humanitaires (famille, santé, intégration)", "en": "Humanitarian arguments"}},
        ],
        "annexes": [{"fr": "Copie de la décision contestée"}, {"fr": "Copie de la pièce d'identité"}],
        "proof": PROOF_LRAR,
        "warning": {"fr": "Ce recours ne prolonge PAS le délai pour contester une obligation de quitter le territoire : "
                          "saisissez aussi le tribunal administratif à temps.",
                    "en": "This appeal does NOT extend the time limit to challenge an order to leave France: also go "
                          "to the administrative court in time."},
        "subject": "Recours hiérarchique contre la décision du préfet {{ f.prefecture }} du {{ f.decision_date }}",
        "body": [
            "Monsieur le Ministre,",
            "J'ai l'honneur de former un recours hiérarchique contre la décision du préfet {{ f.prefecture }} "
            "{% if f.decision_number %}n° {{ f.decision_number }} {% endif %}du {{ f.decision_date }}"
            "{% if f.notification_date %}, qui m'a été notifiée le {{ f.notification_date }}{% endif %}, portant "
            "{{ f.decision_kind }} (copie jointe).",
            "Cette décision est entachée d'erreurs : {{ f.grounds }}",
            "{%p if f.humanitarian %}",
            "Ma situation personnelle justifie en outre un réexamen : {{ f.humanitarian }}",
            "{%p endif %}",
            "Je vous demande en conséquence d'annuler cette décision et d'inviter le préfet à me délivrer le titre de "
            "séjour sollicité.",
            "Je vous prie d'agréer, Monsieur le Ministre, l'expression de ma haute considération.",
        ],
    },
    "fr_cnda_legal_aid_request": {
        "title": {"fr": "Demande d'aide juridictionnelle à la CNDA", "en": "Legal aid request to the CNDA"},
        "recipient": {"kind": "court", "default": {"fr": "Cour nationale du droit d'asile\nBureau d'aide juridictionnelle\n"
                                                         "35 rue Cuvier\n93558 Montreuil-sous-Bois cedex"}},
        "dispatch": "fax_post_deposit", "deadlines": ["legal_aid_request", "cnda_legal_aid_request"],
        "procedures": ["fr.cnda_legal_aid", "fr.cnda_appeal"],
        "fields": [
            {"id": "ofpra_number", "type": "text", "required": True,
             "label": {"fr": "Numéro OFPRA", "en": "OFPRA number"}},
            {"id": "decision_date", "type": "date", "required": True,
             "label": {"fr": "Date de la décision de l'OFPRA", "en": "Date of the OFPRA decision"}},
            {"id": "notification_date", "type": "date", "required": True,
             "label": {"fr": "Date de notification de la décision", "en": "Date the decision was notified"}},
            {"id": "preferred_lawyer", "type": "text",
             "label": {"fr": "Avocat choisi (nom et adresse), s'il y en a un", "en": "Chosen lawyer (name and address), if any"}},
        ],
        "annexes": [{"fr": "Copie de la décision de l'OFPRA"},
                    {"fr": "Copie de l'enveloppe ou de l'avis de réception montrant la date de notification"}],
        "proof": {"fr": "Gardez le rapport de télécopie, la preuve de dépôt ou l'accusé de réception, et une copie de la "
                        "lettre. N'envoyez pas cette demande par courriel.",
                  "en": "Keep the fax report, the deposit receipt or the acknowledgement of receipt, and a copy of the "
                        "letter. Do not send this request by e-mail."},
        "subject": "Demande d'aide juridictionnelle — recours contre la décision de l'OFPRA du {{ f.decision_date }}",
        "body": [
            "Madame, Monsieur,",
            "Je demande l'aide juridictionnelle pour former un recours devant la Cour nationale du droit d'asile contre "
            "la décision du directeur général de l'OFPRA du {{ f.decision_date }}, qui m'a été notifiée le "
            "{{ f.notification_date }} (n° OFPRA {{ f.ofpra_number }}).",
            "{%p if f.preferred_lawyer %}",
            "Je souhaite être assisté(e) par {{ f.preferred_lawyer }}, qui a accepté de me défendre.",
            "{%p else %}",
            "Je demande la désignation d'un avocat au titre de l'aide juridictionnelle.",
            "{%p endif %}",
            "{%p if deadline %}",
            "Cette demande est présentée dans le délai de quinze jours à compter de la notification (dernier jour : "
            "{{ deadline.due }}).",
            "{%p endif %}",
            POLITE,
        ],
    },
    "fr_cnda_appeal": {
        "title": {"fr": "Recours devant la CNDA (trame)", "en": "Appeal to the CNDA (skeleton)"},
        "recipient": {"kind": "court", "default": {"fr": "Madame la Présidente de la Cour nationale du droit d'asile\n"
                                                         "35 rue Cuvier\n93558 Montreuil-sous-Bois cedex"}},
        "dispatch": "lrar", "deadlines": ["cnda_appeal"],
        "procedures": ["fr.cnda_appeal"],
        "fields": [
            {"id": "sender_birth_place", "type": "text", "required": True,
             "label": {"fr": "Lieu de naissance", "en": "Place of birth"}},
            {"id": "ofpra_number", "type": "text", "required": True, "label": {"fr": "Numéro OFPRA", "en": "OFPRA number"}},
            {"id": "decision_date", "type": "date", "required": True,
             "label": {"fr": "Date de la décision de l'OFPRA", "en": "Date of the OFPRA decision"}},
            {"id": "notification_date", "type": "date", "required": True,
             "label": {"fr": "Date de notification de la décision", "en": "Date the decision was notified"}},
            {"id": "decision_outcome", "type": "enum", "values": ["rejection", "subsidiary_protection_only"],
             "default": "rejection",
             "label": {"fr": "Ce que dit la décision", "en": "What the decision says"}},
            {"id": "facts_account", "type": "area", "required": True,
             "label": {"fr": "Récit des faits (craintes de persécution), cohérent avec le dossier OFPRA",
                       "en": "Account of the facts (fear of persecution), consistent with the OFPRA file"}},
            {"id": "grounds", "type": "area",
             "label": {"fr": "Erreurs de l'OFPRA dans l'appréciation du récit", "en": "Errors in OFPRA's assessment"}},
            {"id": "hearing_language", "type": "text", "required": True,
             "label": {"fr": "Langue souhaitée pour l'audience", "en": "Language wanted for the hearing"}},
            {"id": "legal_aid", "type": "enum", "values": ["request_now", "already_requested", "no"],
             "default": "request_now",
             "label": {"fr": "Aide juridictionnelle", "en": "Legal aid"}},
        ],
        "annexes": [{"fr": "Copie de la décision de l'OFPRA"},
                    {"fr": "Copie de l'enveloppe ou de l'avis de réception montrant la date de notification"},
                    {"fr": "Preuves et documents, avec leur traduction en français"}],
        "proof": PROOF_LRAR,
        "heading": "RECOURS DEVANT LA COUR NATIONALE DU DROIT D'ASILE",
        "subject": "Recours contre la décision de l'OFPRA du {{ f.decision_date }} (n° OFPRA {{ f.ofpra_number }})",
        "body": [
            "Madame la Présidente,",
            "Décision attaquée : décision du directeur général de l'OFPRA du {{ f.decision_date }}, notifiée le "
            "{{ f.notification_date }}, {% if f.decision_outcome == 'subsidiary_protection_only' %}m'accordant seulement "
            "le bénéfice de la protection subsidiaire{% else %}rejetant ma demande d'asile{% endif %}.",
            "Objet du recours : je demande à la Cour d'annuler cette décision et de me reconnaître la qualité de "
            "réfugié ou, à titre subsidiaire, de m'accorder le bénéfice de la protection subsidiaire.",
            "I. Les faits",
            "{{ f.facts_account }}",
            "II. Les motifs",
            "Je crains avec raison d'être persécuté(e) en cas de retour dans mon pays, au sens de l'article 1er, A, 2 "
            "de la convention de Genève du 28 juillet 1951. À titre subsidiaire, je suis exposé(e) à l'une des "
            "atteintes graves prévues par l'article L.512-1 du CESEDA.",
            "{%p if f.grounds %}",
            "L'OFPRA a commis des erreurs dans l'appréciation de ma demande : {{ f.grounds }}",
            "{%p endif %}",
            "III. Audience et aide juridictionnelle",
            "Je souhaite être entendu(e) en {{ f.hearing_language }}.",
            "{%p if f.legal_aid == 'request_now' %}",
            "Je demande l'aide juridictionnelle.",
            "{%p elif f.legal_aid == 'already_requested' %}",
            "J'ai déjà demandé l'aide juridictionnelle.",
            "{%p endif %}",
            "Je vous prie d'agréer, Madame la Présidente, l'expression de ma haute considération.",
        ],
    },
    "fr_ta_dublin_transfer": {
        "title": {"fr": "Requête sommaire au tribunal administratif contre un transfert Dublin",
                  "en": "Short application to the administrative court against a Dublin transfer"},
        "recipient": {"kind": "court"},
        "dispatch": "court", "deadlines": ["transfer_appeal_detention", "transfer_appeal"],
        "procedures": ["fr.dublin_transfer_appeal", "fr.dublin_procedure"],
        "fields": COURT_FIELDS + DECISION_FIELDS[1:] + [
            {"id": "transfer_state", "type": "text", "required": True,
             "label": {"fr": "État membre vers lequel le transfert est décidé", "en": "Member State of the transfer"}},
        ],
        "annexes": [{"fr": "Copie de l'arrêté de transfert et de sa notification"},
                    {"fr": "Copie de l'attestation de demande d'asile"}],
        "proof": PROOF_COURT,
        "heading": "REQUÊTE SOMMAIRE EN ANNULATION\n(article L.572-4 du CESEDA)",
        "subject": "Annulation de l'arrêté de transfert du {{ f.decision_date }}",
        "body": [
            "POUR : {{ sender.name }}, demeurant {{ f.sender_address }}",
            "CONTRE : le préfet {{ f.prefecture }}",
            "Je demande l'annulation de l'arrêté du {{ f.decision_date }}{% if f.notification_date %}, qui m'a été "
            "notifié le {{ f.notification_date }}{% endif %}, par lequel le préfet {{ f.prefecture }} a décidé mon "
            "transfert vers {{ f.transfer_state }}, désigné comme responsable de l'examen de ma demande d'asile "
            "(règlement (UE) n° 604/2013).",
            "Je demande l'aide juridictionnelle à titre provisoire, la désignation d'un avocat d'office et l'assistance "
            "d'un interprète en {{ f.interpreter_language }}.",
            "Moyens (sommaires, ils seront développés à l'audience) :",
            "{%p if f.grounds %}",
            "{{ f.grounds }}",
            "{%p else %}",
            "— méconnaissance du droit à l'information (article 4 du règlement n° 604/2013) ; — erreur manifeste "
            "d'appréciation dans l'application de l'article 17 du même règlement.",
            "{%p endif %}",
            "{%p if deadline %}",
            "La requête est présentée dans le délai de recours (dernier jour : {{ deadline.due }}).",
            "{%p endif %}",
        ],
        "closing": "",
    },
    "fr_ta_oqtf": {
        "title": {"fr": "Requête sommaire au tribunal administratif contre une OQTF",
                  "en": "Short application to the administrative court against an order to leave France (OQTF)"},
        "recipient": {"kind": "court"},
        "dispatch": "court",
        "deadlines": ["ta_retention_48h", "ta_oqtf_without_departure_period", "ta_oqtf_7_days_custody",
                      "ta_7_days_after_custody_change", "ta_oqtf_after_asylum_rejection",
                      "ta_oqtf_with_departure_period", "ta_oqtf_1_month", "ta_refusal_without_oqtf",
                      "ta_after_recours_gracieux"],
        "procedures": ["fr.refusal_litigation"],
        "fields": COURT_FIELDS + DECISION_FIELDS[1:] + [
            {"id": "decision_content", "type": "text", "required": True,
             "default": "refus de titre de séjour et obligation de quitter le territoire français",
             "label": {"fr": "Contenu de l'arrêté (refus de titre, OQTF, interdiction de retour...)",
                       "en": "What the order contains (refusal, OQTF, re-entry ban...)"}},
        ],
        "annexes": [{"fr": "Copie de l'arrêté contesté et de sa notification"}, {"fr": "Copie de la pièce d'identité"}],
        "proof": PROOF_COURT,
        "heading": "REQUÊTE SOMMAIRE EN ANNULATION",
        "subject": "Annulation de l'arrêté du préfet {{ f.prefecture }} du {{ f.decision_date }}",
        "body": [
            "POUR : {{ sender.name }}, demeurant {{ f.sender_address }}",
            "CONTRE : le préfet {{ f.prefecture }}",
            "Je demande l'annulation de l'arrêté du {{ f.decision_date }}{% if f.notification_date %}, qui m'a été "
            "notifié le {{ f.notification_date }}{% endif %}, portant {{ f.decision_content }}.",
            "Je demande l'aide juridictionnelle à titre provisoire, la désignation d'un avocat d'office et l'assistance "
            "d'un interprète en {{ f.interpreter_language }}.",
            "Moyens (sommaires, ils seront développés à l'audience ou par un mémoire complémentaire) :",
            "{%p if f.grounds %}",
            "{{ f.grounds }}",
            "{%p else %}",
            "— insuffisance de motivation et défaut d'examen de ma situation ; — atteinte disproportionnée à mon droit "
            "au respect de ma vie privée et familiale (article 8 de la Convention européenne des droits de l'homme).",
            "{%p endif %}",
            "{%p if deadline %}",
            "La requête est présentée dans le délai de recours (dernier jour : {{ deadline.due }}).",
            "{%p endif %}",
        ],
        "closing": "",
    },
    "fr_rf_cover_letter_ofii": {
        "title": {"fr": "Lettre d'accompagnement du dossier de regroupement familial (OFII)",
                  "en": "Cover letter for the family reunification file (OFII)"},
        "recipient": {"kind": "ofii"},
        "dispatch": "lrar", "deadlines": [],
        "procedures": ["fr.regroupement_familial"],
        "annex_documents": True,
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "OFII — direction territoriale (adresse exacte)", "en": "OFII regional office (exact address)"}},
            {"id": "housing_explanation", "type": "area",
             "label": {"fr": "Logement (actuel ou promesse de logement, surface)", "en": "Housing (current, or promise of housing, surface)"}},
        ],
        "annexes": [{"fr": "Formulaire CERFA n° 11436*05 complété et signé"},
                    {"fr": "Adresse de la famille écrite dans l'alphabet du pays (feuille séparée)"}],
        "proof": PROOF_LRAR,
        "subject": "Demande de regroupement familial — envoi du dossier",
        "body": [
            "Madame, Monsieur,",
            "Je vous adresse ma demande de regroupement familial (formulaire CERFA n° 11436*05) au bénéfice des "
            "membres de ma famille suivants :",
            "{%p for p in family %}",
            "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, né(e) le {{ p.birth_date }}{% endif %}",
            "{%p endfor %}",
            "Les pièces sont classées dans l'ordre de l'annexe 1 de la notice et numérotées au bordereau ci-dessous.",
            "{%p if f.housing_explanation %}",
            "Logement : {{ f.housing_explanation }}",
            "{%p endif %}",
            "L'adresse de ma famille, écrite dans l'alphabet du pays, figure sur une feuille séparée jointe au dossier.",
            POLITE,
        ],
    },
    "fr_change_of_address": {
        "title": {"fr": "Déclaration de changement d'adresse", "en": "Notice of change of address"},
        "recipient": {"kind": "prefecture_ofpra_ofii"},
        "dispatch": "lrar", "deadlines": [],
        "procedures": ["fr.asylum_registration", "fr.ofpra_filing", "fr.dublin_procedure"],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Destinataire (préfecture, OFPRA, OFII ou CNDA) et adresse", "en": "Recipient (prefecture, OFPRA, OFII or CNDA) and address"}},
            {"id": "old_address", "type": "area", "required": True,
             "label": {"fr": "Ancienne adresse", "en": "Previous address"}},
            {"id": "move_date", "type": "date", "required": True,
             "label": {"fr": "Date du changement d'adresse", "en": "Date of the move"}},
            {"id": "file_reference", "type": "text",
             "label": {"fr": "Référence du dossier chez ce destinataire", "en": "File reference with this recipient"}},
        ],
        "annexes": [{"fr": "Justificatif de la nouvelle adresse (attestation d'hébergement ou de domiciliation)"},
                    {"fr": "Copie de l'attestation de demande d'asile ou du titre de séjour"}],
        "proof": {"fr": PROOF_LRAR["fr"] + " Envoyez une lettre à chaque organisme : préfecture, OFPRA, OFII (et CNDA si "
                                           "un recours est en cours).",
                  "en": PROOF_LRAR["en"] + " Send one letter to each body: prefecture, OFPRA, OFII (and the CNDA if an "
                                           "appeal is pending)."},
        "subject": "Changement d'adresse{% if f.file_reference %} — dossier {{ f.file_reference }}{% endif %}",
        "body": [
            "Madame, Monsieur,",
            "Je vous informe que, depuis le {{ f.move_date }}, ma nouvelle adresse est : {{ f.sender_address }}",
            "Mon ancienne adresse était : {{ f.old_address }}",
            "Je vous remercie d'adresser désormais toute correspondance me concernant à ma nouvelle adresse.",
            POLITE,
        ],
    },
    "fr_sworn_statement": {
        "title": {"fr": "Attestation sur l'honneur", "en": "Sworn statement (attestation sur l'honneur)"},
        "recipient": {"kind": "none", "default": {"fr": ""}},
        "dispatch": "none", "deadlines": [],
        "procedures": [],
        "fields": [
            {"id": "recipient_address", "type": "area", "required": False,
             "label": {"fr": "Destinataire (facultatif)", "en": "Recipient (optional)"}},
            {"id": "statement", "type": "area", "required": True,
             "label": {"fr": "Ce que la personne atteste", "en": "What the person states"}},
            {"id": "purpose", "type": "text",
             "label": {"fr": "À quoi sert l'attestation", "en": "What the statement is for"}},
        ],
        "annexes": [{"fr": "Copie d'une pièce d'identité du signataire"}],
        "proof": {"fr": "Gardez une copie signée de l'attestation.", "en": "Keep a signed copy of the statement."},
        "heading": "ATTESTATION SUR L'HONNEUR",
        "subject": "",
        "no_header": True,
        "body": [
            "Je soussigné(e) {{ sender.name }}{% if f.sender_birth_date %}, né(e) le {{ f.sender_birth_date }}"
            "{% if f.sender_birth_place %} à {{ f.sender_birth_place }}{% endif %}{% endif %}"
            "{% if f.sender_nationality %}, de nationalité {{ f.sender_nationality }}{% endif %}, demeurant "
            "{{ f.sender_address }},",
            "atteste sur l'honneur que : {{ f.statement }}",
            "Cette attestation est établie pour servir et valoir ce que de droit{% if f.purpose %}, en vue de : "
            "{{ f.purpose }}{% endif %}.",
            "Je suis informé(e) qu'une fausse attestation expose son auteur aux sanctions prévues par l'article 441-7 "
            "du code pénal.",
            "Fait à {{ place }}, le {{ date }}.",
        ],
        "closing": "",
    },
}
