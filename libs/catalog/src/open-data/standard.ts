/**
 * The national "lieux de médiation numérique" CSV standard v1.0.2 (LaMednum/standard-mediation-num):
 * its 32 columns in schema order, its enumerations (exact strings) and the legacy values we map.
 */
export const STANDARD_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type StandardColumn = (typeof STANDARD_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly StandardColumn[] = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];

/** Multi-valued columns (`|` separated). */
export const LIST_COLUMNS = [
  'typologie',
  'courriels',
  'site_web',
  'itinerance',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
] as const satisfies readonly StandardColumn[];

export type ListColumn = (typeof LIST_COLUMNS)[number];

export const LIST_SEPARATOR = '|';

/** The documented value; the schema's regex wants it without the space (bug in v1.0.2). */
export const ETAPES_NUMERIQUES = 'Étapes numériques (La Poste)';
export const ETAPES_NUMERIQUES_SCHEMA_SPELLING = 'Étapes numériques(La Poste)';

export const ENUMS = {
  itinerance: ['Itinérant', 'Fixe'],
  services: [
    'Aide aux démarches administratives',
    'Maîtrise des outils numériques du quotidien',
    'Insertion professionnelle via le numérique',
    'Utilisation sécurisée du numérique',
    'Parentalité et éducation avec le numérique',
    'Loisirs et créations numériques',
    'Compréhension du monde numérique',
    'Accès internet et matériel informatique',
    'Acquisition de matériel informatique à prix solidaire',
  ],
  publics_specifiquement_adresses: ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'],
  prise_en_charge_specifique: [
    'Surdité',
    'Handicaps moteurs',
    'Handicaps mentaux',
    'Illettrisme',
    'Langues étrangères (anglais)',
    'Langues étrangères (autres)',
    'Déficience visuelle',
  ],
  frais_a_charge: ['Gratuit', 'Gratuit sous condition', 'Payant'],
  dispositif_programmes_nationaux: [
    'Aidants Connect',
    'Bibliothèques numérique de référence',
    'Certification PIX',
    'Conseillers numériques',
    'Emmaüs Connect',
    'France Services',
    'Grande école du numérique',
    'La Croix Rouge',
    "Point d'accès numérique CAF",
    'Promeneurs du net',
    'Relais numérique (Emmaüs Connect)',
  ],
  formations_labels: [
    'Formé à « Mon Espace Santé »',
    'Formé à « DUPLEX » (illettrisme)',
    'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
    'Collectif ressources et acteurs réemploi (Normandie)',
    ETAPES_NUMERIQUES,
    'Fabriques de Territoire',
    'Les Éclaireurs du numérique (Drôme)',
    'Mes Papiers (Métropole de Lyon)',
    'ORDI 3.0',
    'SUD LABS (PACA)',
  ],
  modalites_acces: [
    'Se présenter',
    'Téléphoner',
    'Contacter par mail',
    'Prendre un RDV en ligne',
    "Ce lieu n'accueille pas de public",
    'Envoyer un mail avec une fiche de prescription',
  ],
  modalites_accompagnement: ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif', 'À distance'],
} as const satisfies Partial<Record<ListColumn, readonly string[]>>;

export type EnumColumn = keyof typeof ENUMS;

/**
 * Values met in legacy (v0.1.x) files, mapped onto v1 the way the ANCT import configs do
 * (`@gouvfr-anct/mednum`). Keys are compared after apostrophe normalisation.
 */
export const LEGACY_VALUES: Partial<Record<EnumColumn, Record<string, string>>> = {
  services: {
    'Devenir autonome dans les démarches administratives': 'Aide aux démarches administratives',
    'Réaliser des démarches administratives avec un accompagnement': 'Aide aux démarches administratives',
    'Accompagner les démarches de santé': 'Aide aux démarches administratives',
    'Prendre en main un smartphone ou une tablette': 'Maîtrise des outils numériques du quotidien',
    'Prendre en main un ordinateur': 'Maîtrise des outils numériques du quotidien',
    'Utiliser le numérique au quotidien': 'Maîtrise des outils numériques du quotidien',
    'Approfondir ma culture numérique': 'Compréhension du monde numérique',
    'Promouvoir la citoyenneté numérique': 'Compréhension du monde numérique',
    'Favoriser mon insertion professionnelle': 'Insertion professionnelle via le numérique',
    'Créer et développer mon entreprise': 'Insertion professionnelle via le numérique',
    'Accéder à une connexion internet': 'Accès internet et matériel informatique',
    'Accéder à du matériel': 'Accès internet et matériel informatique',
    'Équiper en matériel informatique': 'Acquisition de matériel informatique à prix solidaire',
    "Soutenir la parentalité et l'éducation avec le numérique": 'Parentalité et éducation avec le numérique',
    'Créer avec le numérique': 'Loisirs et créations numériques',
    // The description's spelling, without the accent the regex requires.
    'Comprehension du monde numérique': 'Compréhension du monde numérique',
  },
  modalites_accompagnement: {
    Seul: 'En autonomie',
    "Avec de l'aide": 'Accompagnement individuel',
    'Dans un atelier': 'Dans un atelier collectif',
    'A ma place': 'Accompagnement individuel',
    'A ma place : une personne habilitée fait les démarches à ma place': 'Accompagnement individuel',
    'À ma place : une personne habilitée fait les démarches à ma place': 'Accompagnement individuel',
  },
  formations_labels: {
    [ETAPES_NUMERIQUES_SCHEMA_SPELLING]: ETAPES_NUMERIQUES,
  },
  frais_a_charge: {
    'Gratuit sous conditions': 'Gratuit sous condition',
  },
};

/** Typographic apostrophes and quotes met in real files (the Coop writes `n’accueille`). */
const CURLY_APOSTROPHES = /[\u2018\u2019\u02BC\u2032\u00B4`]/g;

export function normaliseApostrophes(value: string): string {
  return value.replace(CURLY_APOSTROPHES, "'");
}

/** A standard row: one string per column ('' when empty), as read from or written to a file. */
export type StandardRow = Record<StandardColumn, string>;
