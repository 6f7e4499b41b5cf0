"""Belgian letters, French and Dutch (seed content for make_templates.py)."""

OE = {"fr": "Office des étrangers\nBoulevard Pachéco 44\n1000 Bruxelles",
      "nl": "Dienst Vreemdelingenzaken\nPachecolaan 44\n1000 Brussel"}
CGRA = {"fr": "Commissariat général aux réfugiés et aux apatrides (CGRA)\nRue Ernest Blerot 39\n1070 Bruxelles",
        "nl": "Commissariaat-generaal voor de Vluchtelingen en de Staatlozen (CGVS)\nErnest Blerotstraat 39\n1070 Brussel"}
POLITE = {"fr": "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma considération distinguée.",
          "nl": "Met de meeste hoogachting,"}
PROOF_RECO = {"fr": "Gardez la preuve du dépôt de l'envoi recommandé et une copie complète de la lettre et des pièces.",
              "en": "Keep the registered-mail receipt and a full copy of the letter and enclosures."}
IDENTITY_FIELDS = [
    {"id": "identity_document", "type": "text",
     "label": {"fr": "Document d'identité joint (ex. passeport n° ...)", "en": "Identity document enclosed (e.g. passport no. ...)"}},
    {"id": "identity_exemption", "type": "area",
     "label": {"fr": "Sinon : motif de dispense (procédure d'asile en cours, impossibilité démontrée)",
               "en": "Otherwise: ground for exemption (asylum procedure pending, shown impossibility)"}},
    {"id": "elected_domicile", "type": "area",
     "label": {"fr": "Domicile élu (si différent de la résidence)", "en": "Elected domicile (if different from the residence)"}},
]

LETTERS = {
    "be_9bis_request": {
        "title": {"fr": "Demande d'autorisation de séjour (article 9bis)", "en": "Application for leave to remain (art. 9bis)"},
        "recipient": {"kind": "commune"},
        "dispatch": "deposit", "deadlines": [], "procedures": ["be.regularisation_9bis"],
        "annex_documents": True,
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Bourgmestre et adresse de l'administration communale", "en": "Bourgmestre and address of the commune"}},
        ] + IDENTITY_FIELDS + [
            {"id": "redevance_reference", "type": "text",
             "label": {"fr": "Référence du paiement de la redevance", "en": "Reference of the fee payment"}},
            {"id": "exceptional_circumstances", "type": "area", "required": True,
             "label": {"fr": "Circonstances exceptionnelles (pourquoi la demande ne peut pas être faite depuis le pays)",
                       "en": "Exceptional circumstances (why the application cannot be made from abroad)"}},
            {"id": "substantive_grounds", "type": "area", "required": True,
             "label": {"fr": "Motifs de fond (durée du séjour, intégration, travail, famille, scolarité)",
                       "en": "Substantive grounds (length of stay, integration, work, family, schooling)"}},
        ],
        "annexes": [{"fr": "Copie du document d'identité ou preuve de la dispense", "nl": "Kopie van het identiteitsdocument of bewijs van de vrijstelling"},
                    {"fr": "Preuve du paiement de la redevance", "nl": "Bewijs van betaling van de retributie"}],
        "proof": {"fr": "Gardez l'accusé de réception remis par la commune et une copie complète du dossier déposé.",
                  "en": "Keep the receipt the commune gives you and a full copy of the file you filed."},
        "subject": {"fr": "Demande d'autorisation de séjour sur la base de l'article 9bis de la loi du 15 décembre 1980",
                    "nl": "Aanvraag tot machtiging tot verblijf op grond van artikel 9bis van de wet van 15 december 1980"},
        "body": {
            "fr": [
                "Madame la Bourgmestre, Monsieur le Bourgmestre,",
                "Je sollicite une autorisation de séjour de plus de trois mois sur la base de l'article 9bis de la loi "
                "du 15 décembre 1980 sur l'accès au territoire, le séjour, l'établissement et l'éloignement des "
                "étrangers, et vous prie de transmettre la présente demande à l'Office des étrangers.",
                "Identité : {% if f.identity_document %}je joins une copie de mon document d'identité "
                "({{ f.identity_document }}).{% else %}{{ f.identity_exemption }}{% endif %}",
                "Résidence : je réside effectivement à l'adresse indiquée ci-dessus{% if f.elected_domicile %} ; je fais "
                "élection de domicile à l'adresse suivante : {{ f.elected_domicile }}{% endif %}.",
                "Redevance : la redevance administrative a été payée{% if f.redevance_reference %} (référence "
                "{{ f.redevance_reference }}){% endif %} ; la preuve du paiement est jointe.",
                "1. Circonstances exceptionnelles (recevabilité)",
                "Il m'est particulièrement difficile de retourner dans mon pays pour y introduire cette demande auprès "
                "du poste diplomatique belge, pour les raisons suivantes : {{ f.exceptional_circumstances }}",
                "2. Motifs de fond",
                "{{ f.substantive_grounds }}",
                "{%p if family %}",
                "La demande concerne également les membres de ma famille suivants :",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, né(e) le {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                POLITE["fr"],
            ],
            "nl": [
                "Geachte burgemeester,",
                "Ik vraag een machtiging tot verblijf van meer dan drie maanden aan op grond van artikel 9bis van de wet "
                "van 15 december 1980 betreffende de toegang tot het grondgebied, het verblijf, de vestiging en de "
                "verwijdering van vreemdelingen, en verzoek u deze aanvraag over te maken aan de Dienst "
                "Vreemdelingenzaken.",
                "Identiteit: {% if f.identity_document %}ik voeg een kopie van mijn identiteitsdocument bij "
                "({{ f.identity_document }}).{% else %}{{ f.identity_exemption }}{% endif %}",
                "Verblijfplaats: ik verblijf effectief op het hierboven vermelde adres{% if f.elected_domicile %}; ik kies "
                "woonplaats op het volgende adres: {{ f.elected_domicile }}{% endif %}.",
                "Retributie: de administratieve retributie werd betaald{% if f.redevance_reference %} (referentie "
                "{{ f.redevance_reference }}){% endif %}; het betalingsbewijs is bijgevoegd.",
                "1. Buitengewone omstandigheden (ontvankelijkheid)",
                "Het is voor mij bijzonder moeilijk om naar mijn land terug te keren om deze aanvraag bij de Belgische "
                "diplomatieke post in te dienen, om de volgende redenen: {{ f.exceptional_circumstances }}",
                "2. Gronden ten gronde",
                "{{ f.substantive_grounds }}",
                "{%p if family %}",
                "De aanvraag betreft ook de volgende gezinsleden:",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, geboren op {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                POLITE["nl"],
            ],
        },
    },
    "be_9ter_request": {
        "title": {"fr": "Demande d'autorisation de séjour pour raisons médicales (article 9ter)",
                  "en": "Application for leave to remain on medical grounds (art. 9ter)"},
        "recipient": {"kind": "office_etrangers",
                      "default": {"fr": "Office des étrangers\nService Régularisations humanitaires — 9ter\n"
                                        "Boulevard Pachéco 44\n1000 Bruxelles",
                                  "nl": "Dienst Vreemdelingenzaken\nDienst Humanitaire Regularisaties — 9ter\n"
                                        "Pachecolaan 44\n1000 Brussel"}},
        "dispatch": "recommande", "deadlines": [], "computed_deadline": "medical_certificate_last_filing_day",
        "procedures": ["be.regularisation_9ter"],
        "fields": IDENTITY_FIELDS + [
            {"id": "lawyer_or_service", "type": "text",
             "label": {"fr": "Avocat ou service social qui assiste (nom, adresse)", "en": "Lawyer or social service assisting (name, address)"}},
            {"id": "medical_certificate_date", "type": "date", "required": True,
             "label": {"fr": "Date du certificat médical type", "en": "Date of the standard medical certificate"}},
            {"id": "care_unavailability", "type": "area", "required": True,
             "label": {"fr": "Pourquoi les soins ne sont pas disponibles ou accessibles dans le pays d'origine",
                       "en": "Why the care is unavailable or inaccessible in the country of origin"}},
        ],
        "annexes": [{"fr": "Certificat médical type (daté de moins de trois mois)", "nl": "Standaard medisch getuigschrift (minder dan drie maanden oud)"},
                    {"fr": "Copie du document d'identité ou preuve de la dispense", "nl": "Kopie van het identiteitsdocument of bewijs van de vrijstelling"},
                    {"fr": "Preuves de l'indisponibilité ou de l'inaccessibilité des soins dans le pays d'origine",
                     "nl": "Bewijzen dat de zorg in het land van herkomst niet beschikbaar of niet toegankelijk is"}],
        "proof": PROOF_RECO,
        "subject": {"fr": "Demande d'autorisation de séjour sur la base de l'article 9ter de la loi du 15 décembre 1980",
                    "nl": "Aanvraag tot machtiging tot verblijf op grond van artikel 9ter van de wet van 15 december 1980"},
        "body": {
            "fr": [
                "Madame, Monsieur,",
                "Je sollicite une autorisation de séjour de plus de trois mois pour raisons médicales, sur la base de "
                "l'article 9ter de la loi du 15 décembre 1980.",
                "Identité : {% if f.identity_document %}je joins une copie de mon document d'identité "
                "({{ f.identity_document }}).{% else %}{{ f.identity_exemption }}{% endif %}",
                "Résidence effective : l'adresse indiquée ci-dessus{% if f.elected_domicile %} ; domicile élu : "
                "{{ f.elected_domicile }}{% endif %}.{% if f.lawyer_or_service %} Je suis assisté(e) par "
                "{{ f.lawyer_or_service }}.{% endif %}",
                "{%p if family %}",
                "Membres de mon ménage :",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, né(e) le {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                "1. Recevabilité",
                "Je joins le certificat médical type daté du {{ f.medical_certificate_date }}, qui mentionne la maladie, "
                "son degré de gravité et le traitement estimé nécessaire.",
                "2. Fond",
                "Le traitement adéquat n'est pas disponible ou pas accessible dans mon pays d'origine : "
                "{{ f.care_unavailability }}",
                POLITE["fr"],
            ],
            "nl": [
                "Geachte mevrouw, geachte heer,",
                "Ik vraag een machtiging tot verblijf van meer dan drie maanden om medische redenen aan, op grond van "
                "artikel 9ter van de wet van 15 december 1980.",
                "Identiteit: {% if f.identity_document %}ik voeg een kopie van mijn identiteitsdocument bij "
                "({{ f.identity_document }}).{% else %}{{ f.identity_exemption }}{% endif %}",
                "Werkelijke verblijfplaats: het hierboven vermelde adres{% if f.elected_domicile %}; gekozen woonplaats: "
                "{{ f.elected_domicile }}{% endif %}.{% if f.lawyer_or_service %} Ik word bijgestaan door "
                "{{ f.lawyer_or_service }}.{% endif %}",
                "{%p if family %}",
                "Leden van mijn gezin:",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, geboren op {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                "1. Ontvankelijkheid",
                "Ik voeg het standaard medisch getuigschrift van {{ f.medical_certificate_date }} bij, dat de ziekte, "
                "de ernst ervan en de noodzakelijk geachte behandeling vermeldt.",
                "2. Gegrondheid",
                "De gepaste behandeling is in mijn land van herkomst niet beschikbaar of niet toegankelijk: "
                "{{ f.care_unavailability }}",
                POLITE["nl"],
            ],
        },
    },
    "be_family_reunification_cover_letter": {
        "title": {"fr": "Lettre d'accompagnement — regroupement familial", "en": "Cover letter — family reunification"},
        "recipient": {"kind": "embassy_or_commune"},
        "dispatch": "deposit", "deadlines": [], "computed_deadline": "exemption_window_end",
        "procedures": ["be.family_reunification_art10", "be.family_reunification_in_belgium",
                       "be.family_reunification_parents_of_unaccompanied_minor", "be.family_reunification_eu_belgian"],
        "annex_documents": True,
        "fields": [
            {"id": "recipient_address", "type": "area", "required": True,
             "label": {"fr": "Ambassade, consulat ou commune (adresse exacte)", "en": "Embassy, consulate or commune (exact address)"}},
            {"id": "sponsor_name", "type": "text", "required": True,
             "label": {"fr": "Nom de la personne rejointe en Belgique", "en": "Name of the family member in Belgium"}},
            {"id": "sponsor_status", "type": "text", "required": True,
             "label": {"fr": "Statut de cette personne (réfugié reconnu, protection subsidiaire, séjour illimité...)",
                       "en": "Their status (recognised refugee, subsidiary protection, unlimited stay...)"}},
            {"id": "cgra_decision_date", "type": "date",
             "label": {"fr": "Date de la décision du CGRA", "en": "Date of the CGRA decision"}},
            {"id": "family_link", "type": "area", "required": True,
             "label": {"fr": "Lien familial (et s'il existait avant l'arrivée en Belgique)", "en": "Family link (and whether it existed before arrival in Belgium)"}},
        ],
        "annexes": [{"fr": "Copie du passeport", "nl": "Kopie van het paspoort"}],
        "proof": {"fr": "Gardez l'accusé de réception (annexe remise par la commune, ou reçu de l'ambassade) et une copie "
                        "complète du dossier.",
                  "en": "Keep the receipt (the annex the commune gives you, or the embassy's receipt) and a full copy "
                        "of the file."},
        "subject": {"fr": "Demande de regroupement familial (article 10 de la loi du 15 décembre 1980)",
                    "nl": "Aanvraag gezinshereniging (artikel 10 van de wet van 15 december 1980)"},
        "body": {
            "fr": [
                "Madame, Monsieur,",
                "Je vous adresse ma demande de regroupement familial avec {{ f.sponsor_name }}, {{ f.sponsor_status }}"
                "{% if f.cgra_decision_date %} (décision du CGRA du {{ f.cgra_decision_date }}){% endif %}.",
                "{%p if deadline and date_iso <= deadline.due_iso %}",
                "La demande est introduite avant le {{ deadline.due }}, dans le délai qui dispense des conditions de "
                "revenus, de logement et d'assurance maladie.",
                "{%p endif %}",
                "Lien familial : {{ f.family_link }}",
                "{%p if family %}",
                "Personnes concernées :",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, né(e) le {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                "Les pièces jointes (actes légalisés ou apostillés, avec leur traduction jurée) sont numérotées au "
                "bordereau ci-dessous.",
                POLITE["fr"],
            ],
            "nl": [
                "Geachte mevrouw, geachte heer,",
                "Hierbij bezorg ik u mijn aanvraag tot gezinshereniging met {{ f.sponsor_name }}, {{ f.sponsor_status }}"
                "{% if f.cgra_decision_date %} (beslissing van het CGVS van {{ f.cgra_decision_date }}){% endif %}.",
                "{%p if deadline and date_iso <= deadline.due_iso %}",
                "De aanvraag wordt ingediend vóór {{ deadline.due }}, binnen de termijn die vrijstelt van de voorwaarden "
                "inzake inkomen, huisvesting en ziektekostenverzekering.",
                "{%p endif %}",
                "Familieband: {{ f.family_link }}",
                "{%p if family %}",
                "Betrokken personen:",
                "{%p for p in family %}",
                "— {{ p.name }}, {{ p.role }}{% if p.birth_date %}, geboren op {{ p.birth_date }}{% endif %}",
                "{%p endfor %}",
                "{%p endif %}",
                "De bijlagen (gelegaliseerde of geapostilleerde akten, met beëdigde vertaling) zijn genummerd in de "
                "inventaris hieronder.",
                POLITE["nl"],
            ],
        },
    },
    "be_domicile_election": {
        "title": {"fr": "Élection de domicile (Office des étrangers et CGRA)", "en": "Choice of address for service (OE and CGRA)"},
        "recipient": {"kind": "office_etrangers_and_cgra",
                      "default": {"fr": OE["fr"] + "\n\n" + CGRA["fr"], "nl": OE["nl"] + "\n\n" + CGRA["nl"]}},
        "dispatch": "recommande", "deadlines": [], "procedures": ["be.ip_registration"],
        "fields": [
            {"id": "oe_number", "type": "text", "label": {"fr": "Numéro SP (Office des étrangers)", "en": "OE 'SP' number"}},
            {"id": "cgra_number", "type": "text", "label": {"fr": "Numéro de dossier CGRA", "en": "CGRA file number"}},
            {"id": "elected_domicile", "type": "area", "required": True,
             "label": {"fr": "Adresse choisie pour recevoir les courriers", "en": "Address chosen to receive letters"}},
            {"id": "effective_from", "type": "date",
             "label": {"fr": "À partir du", "en": "From"}},
        ],
        "annexes": [{"fr": "Formulaire d'élection de domicile complété", "nl": "Ingevuld formulier keuze van woonplaats"},
                    {"fr": "Copie de l'annexe 26", "nl": "Kopie van de bijlage 26"}],
        "proof": {"fr": PROOF_RECO["fr"] + " Envoyez le courrier à l'Office des étrangers ET au CGRA.",
                  "en": PROOF_RECO["en"] + " Send it to the Office des étrangers AND to the CGRA."},
        "subject": {"fr": "Élection de domicile — demande de protection internationale",
                    "nl": "Keuze van woonplaats — verzoek om internationale bescherming"},
        "body": {
            "fr": [
                "Madame, Monsieur,",
                "Dans le cadre de ma demande de protection internationale{% if f.oe_number %} (n° SP {{ f.oe_number }}"
                "{% endif %}{% if f.cgra_number %}{% if f.oe_number %}, {% else %} ({% endif %}n° CGRA "
                "{{ f.cgra_number }}{% endif %}{% if f.oe_number or f.cgra_number %}){% endif %}, je fais élection de "
                "domicile{% if f.effective_from %} à partir du {{ f.effective_from }}{% endif %} à l'adresse suivante : "
                "{{ f.elected_domicile }}",
                "Toute convocation, demande de renseignements et décision doit m'être envoyée à cette adresse. Le "
                "formulaire d'élection de domicile complété est joint.",
                POLITE["fr"],
            ],
            "nl": [
                "Geachte mevrouw, geachte heer,",
                "In het kader van mijn verzoek om internationale bescherming{% if f.oe_number %} (SP-nummer "
                "{{ f.oe_number }}{% endif %}{% if f.cgra_number %}{% if f.oe_number %}, {% else %} ({% endif %}"
                "CGVS-nummer {{ f.cgra_number }}{% endif %}{% if f.oe_number or f.cgra_number %}){% endif %} kies ik "
                "woonplaats{% if f.effective_from %} vanaf {{ f.effective_from }}{% endif %} op het volgende adres: "
                "{{ f.elected_domicile }}",
                "Elke oproeping, vraag om inlichtingen en beslissing moet mij op dit adres worden toegestuurd. Het "
                "ingevulde formulier keuze van woonplaats is bijgevoegd.",
                POLITE["nl"],
            ],
        },
    },
    "be_address_change_oe_cgra": {
        "title": {"fr": "Changement d'adresse (Office des étrangers et CGRA)", "en": "Change of address (OE and CGRA)"},
        "recipient": {"kind": "office_etrangers_and_cgra",
                      "default": {"fr": OE["fr"] + "\n\n" + CGRA["fr"], "nl": OE["nl"] + "\n\n" + CGRA["nl"]}},
        "dispatch": "recommande", "deadlines": [], "procedures": ["be.ip_registration"],
        "fields": [
            {"id": "oe_number", "type": "text", "label": {"fr": "Numéro SP (Office des étrangers)", "en": "OE 'SP' number"}},
            {"id": "cgra_number", "type": "text", "label": {"fr": "Numéro de dossier CGRA", "en": "CGRA file number"}},
            {"id": "old_address", "type": "area", "required": True, "label": {"fr": "Ancienne adresse", "en": "Previous address"}},
            {"id": "move_date", "type": "date", "required": True, "label": {"fr": "Date du déménagement", "en": "Date of the move"}},
        ],
        "annexes": [{"fr": "Formulaire de changement d'adresse complété", "nl": "Ingevuld formulier adreswijziging"}],
        "proof": {"fr": PROOF_RECO["fr"] + " Envoyez le courrier à l'Office des étrangers ET au CGRA.",
                  "en": PROOF_RECO["en"] + " Send it to the Office des étrangers AND to the CGRA."},
        "subject": {"fr": "Changement d'adresse — demande de protection internationale",
                    "nl": "Adreswijziging — verzoek om internationale bescherming"},
        "body": {
            "fr": [
                "Madame, Monsieur,",
                "Je vous informe que, depuis le {{ f.move_date }}, ma nouvelle adresse est : {{ f.sender_address }}",
                "Mon ancienne adresse était : {{ f.old_address }}",
                "{%p if f.oe_number or f.cgra_number %}",
                "Références : {% if f.oe_number %}n° SP {{ f.oe_number }}{% endif %}{% if f.oe_number and f.cgra_number %}"
                " — {% endif %}{% if f.cgra_number %}n° CGRA {{ f.cgra_number }}{% endif %}",
                "{%p endif %}",
                "Je vous remercie de m'adresser désormais toute convocation et toute décision à cette nouvelle adresse.",
                POLITE["fr"],
            ],
            "nl": [
                "Geachte mevrouw, geachte heer,",
                "Ik deel u mee dat mijn nieuwe adres sinds {{ f.move_date }} het volgende is: {{ f.sender_address }}",
                "Mijn vorige adres was: {{ f.old_address }}",
                "{%p if f.oe_number or f.cgra_number %}",
                "Referenties: {% if f.oe_number %}SP-nummer {{ f.oe_number }}{% endif %}{% if f.oe_number and f.cgra_number %}"
                " — {% endif %}{% if f.cgra_number %}CGVS-nummer {{ f.cgra_number }}{% endif %}",
                "{%p endif %}",
                "Gelieve mij voortaan elke oproeping en elke beslissing op dit nieuwe adres toe te sturen.",
                POLITE["nl"],
            ],
        },
    },
}
