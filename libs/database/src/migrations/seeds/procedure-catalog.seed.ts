/**
 * Seed data for the procedure catalogue (data only; applied by the ProcedureCatalog migration).
 * Categories are the Aidants Connect / Coop de la médiation numérique démarche categories.
 * Durations are typical durations with every document at hand.
 */

export interface SeedDocument {
  label: string;
  /** Who brings it: the person helped, or one side of a sale. */
  providedBy: 'person' | 'seller' | 'buyer' | 'seller_and_buyer';
  /** How recent it must be, in days; null when any valid one will do. */
  maxAgeDays: number | null;
  /** When it is needed only in some cases. */
  condition: string | null;
}

export interface SeedProcedure {
  code: string;
  category: string;
  title: string;
  summary: string;
  officialUrl: string;
  typicalDurationMinutes: number;
  documents: SeedDocument[];
}

export const PROCEDURE_CATEGORIES: { code: string; label: string }[] = [
  { code: 'papiers', label: 'Papiers - Citoyenneté - Élections' },
  { code: 'famille', label: 'Famille - Scolarité' },
  { code: 'social', label: 'Social - Santé' },
  { code: 'travail', label: 'Travail - Formation' },
  { code: 'logement', label: 'Logement' },
  { code: 'transports', label: 'Transports - Mobilité' },
  { code: 'argent', label: 'Argent - Impôts - Consommation' },
  { code: 'justice', label: 'Justice' },
  { code: 'etranger', label: 'Étranger - Europe' },
  { code: 'loisirs', label: 'Loisirs - Sport - Culture' },
];

const ID: SeedDocument = { label: "Pièce d'identité en cours de validité", providedBy: 'person', maxAgeDays: null, condition: null };
const ADDRESS_PROOF: SeedDocument = { label: 'Justificatif de domicile', providedBy: 'person', maxAgeDays: 183, condition: null };
const EMAIL_PHONE: SeedDocument = {
  label: 'Adresse e-mail et téléphone portable (pour recevoir les codes)',
  providedBy: 'person',
  maxAgeDays: null,
  condition: null,
};
const FRANCECONNECT: SeedDocument = {
  label: 'Identifiants impots.gouv.fr, ameli.fr ou La Poste (pour FranceConnect)',
  providedBy: 'person',
  maxAgeDays: null,
  condition: 'si vous en avez déjà',
};

export const PROCEDURES: SeedProcedure[] = [
  {
    code: 'carte-grise-changement-titulaire',
    category: 'transports',
    title: "Carte grise : changement de titulaire (véhicule d'occasion)",
    summary: "Mettre la carte grise à votre nom après l'achat d'un véhicule d'occasion, dans le mois qui suit l'achat.",
    officialUrl: 'https://immatriculation.ants.gouv.fr/',
    typicalDurationMinutes: 45,
    documents: [
      { label: 'Ancienne carte grise barrée, datée et signée « vendu le » (ou coupon détachable)', providedBy: 'seller', maxAgeDays: null, condition: null },
      { label: 'Certificat de cession (cerfa 15776) signé par le vendeur et par vous', providedBy: 'seller_and_buyer', maxAgeDays: null, condition: null },
      { label: 'Code de cession donné par le vendeur', providedBy: 'seller', maxAgeDays: 15, condition: null },
      { label: 'Certificat de situation administrative (non-gage)', providedBy: 'seller', maxAgeDays: 31, condition: null },
      { label: 'Procès-verbal de contrôle technique', providedBy: 'seller', maxAgeDays: 183, condition: 'si le véhicule a plus de 4 ans (moins de 2 mois en cas de contre-visite)' },
      { label: "Demande de certificat d'immatriculation (cerfa 13750) signée", providedBy: 'buyer', maxAgeDays: null, condition: null },
      { ...ID, providedBy: 'buyer' },
      { ...ADDRESS_PROOF, providedBy: 'buyer' },
      { label: 'Permis de conduire correspondant à la catégorie du véhicule', providedBy: 'buyer', maxAgeDays: null, condition: null },
      { label: "Attestation d'assurance du véhicule à votre nom", providedBy: 'buyer', maxAgeDays: null, condition: null },
      { label: "Mandat d'immatriculation (cerfa 13757)", providedBy: 'buyer', maxAgeDays: null, condition: 'si un professionnel ou un médiateur fait la démarche pour vous' },
    ],
  },
  {
    code: 'carte-grise-changement-adresse',
    category: 'transports',
    title: 'Carte grise : changement d’adresse',
    summary: 'Déclarer votre nouvelle adresse dans le mois qui suit le déménagement (gratuit les 3 premières fois).',
    officialUrl: 'https://immatriculation.ants.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [
      { label: 'Carte grise du véhicule', providedBy: 'person', maxAgeDays: null, condition: null },
      ADDRESS_PROOF,
      ID,
    ],
  },
  {
    code: 'carte-grise-declaration-cession',
    category: 'transports',
    title: 'Carte grise : déclarer la vente de votre véhicule',
    summary: "Déclarer la cession dans les 15 jours et obtenir le code de cession à donner à l'acheteur.",
    officialUrl: 'https://immatriculation.ants.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [
      { label: 'Carte grise du véhicule', providedBy: 'person', maxAgeDays: null, condition: null },
      { label: "Nom, prénom et adresse de l'acheteur", providedBy: 'person', maxAgeDays: null, condition: null },
      { label: 'Date et heure de la vente, kilométrage', providedBy: 'person', maxAgeDays: null, condition: null },
    ],
  },
  {
    code: 'carte-grise-duplicata',
    category: 'transports',
    title: 'Carte grise : duplicata (perte, vol, détérioration)',
    summary: 'Demander une nouvelle carte grise quand elle est perdue, volée ou abîmée.',
    officialUrl: 'https://immatriculation.ants.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [
      ID,
      { label: 'Déclaration de vol faite à la police ou la gendarmerie', providedBy: 'person', maxAgeDays: null, condition: 'en cas de vol' },
      { label: 'Procès-verbal de contrôle technique', providedBy: 'person', maxAgeDays: 183, condition: 'si le véhicule a plus de 4 ans' },
    ],
  },
  {
    code: 'permis-conduire-renouvellement',
    category: 'transports',
    title: 'Permis de conduire : renouvellement ou perte',
    summary: 'Demander un nouveau permis de conduire (perte, vol, détérioration, fin de validité).',
    officialUrl: 'https://permisdeconduire.ants.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [
      ID,
      ADDRESS_PROOF,
      { label: 'Photo d’identité numérique (code e-photo)', providedBy: 'person', maxAgeDays: 183, condition: null },
      { label: 'Déclaration de vol', providedBy: 'person', maxAgeDays: null, condition: 'en cas de vol' },
    ],
  },
  {
    code: 'carte-identite-pre-demande',
    category: 'papiers',
    title: "Carte d'identité ou passeport : pré-demande en ligne",
    summary: 'Remplir la pré-demande en ligne puis prendre rendez-vous en mairie.',
    officialUrl: 'https://ants.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [
      { label: "Ancienne carte d'identité ou ancien passeport", providedBy: 'person', maxAgeDays: null, condition: 'pour un renouvellement' },
      ADDRESS_PROOF,
      { label: 'Photo d’identité conforme', providedBy: 'person', maxAgeDays: 183, condition: null },
      { label: 'Timbre fiscal (en ligne)', providedBy: 'person', maxAgeDays: null, condition: 'pour un passeport ou une carte perdue' },
    ],
  },
  {
    code: 'inscription-listes-electorales',
    category: 'papiers',
    title: 'Inscription sur les listes électorales',
    summary: 'Vous inscrire pour voter dans votre commune.',
    officialUrl: 'https://www.service-public.fr/particuliers/vosdroits/R16396',
    typicalDurationMinutes: 15,
    documents: [ID, { ...ADDRESS_PROOF, maxAgeDays: 92 }],
  },
  {
    code: 'caf-prime-activite',
    category: 'social',
    title: "CAF : demande de prime d'activité",
    summary: "Faire la demande de prime d'activité et la déclaration trimestrielle de ressources.",
    officialUrl: 'https://www.caf.fr/',
    typicalDurationMinutes: 45,
    documents: [
      { label: 'Numéro allocataire et mot de passe CAF', providedBy: 'person', maxAgeDays: null, condition: 'si vous êtes déjà allocataire' },
      { label: 'Bulletins de salaire des 3 derniers mois', providedBy: 'person', maxAgeDays: 92, condition: null },
      { label: 'RIB', providedBy: 'person', maxAgeDays: null, condition: null },
      ID,
    ],
  },
  {
    code: 'caf-aide-logement',
    category: 'logement',
    title: 'CAF : aide au logement (APL, ALS, ALF)',
    summary: "Demander une aide pour payer votre loyer.",
    officialUrl: 'https://www.caf.fr/',
    typicalDurationMinutes: 45,
    documents: [
      { label: 'Bail ou contrat de location', providedBy: 'person', maxAgeDays: null, condition: null },
      { label: 'Montant du loyer et coordonnées du bailleur', providedBy: 'person', maxAgeDays: null, condition: null },
      { label: 'Ressources des 12 derniers mois', providedBy: 'person', maxAgeDays: null, condition: null },
      { label: 'RIB', providedBy: 'person', maxAgeDays: null, condition: null },
    ],
  },
  {
    code: 'rsa-demande',
    category: 'social',
    title: 'Demande de RSA',
    summary: 'Demander le revenu de solidarité active.',
    officialUrl: 'https://www.caf.fr/',
    typicalDurationMinutes: 60,
    documents: [ID, ADDRESS_PROOF, { label: 'Justificatifs de ressources des 3 derniers mois', providedBy: 'person', maxAgeDays: 92, condition: null }, { label: 'RIB', providedBy: 'person', maxAgeDays: null, condition: null }],
  },
  {
    code: 'ameli-carte-vitale',
    category: 'social',
    title: 'Assurance maladie : compte ameli et carte Vitale',
    summary: 'Créer votre compte ameli, commander ou remplacer votre carte Vitale.',
    officialUrl: 'https://www.ameli.fr/',
    typicalDurationMinutes: 30,
    documents: [ID, { label: 'Numéro de sécurité sociale', providedBy: 'person', maxAgeDays: null, condition: null }, { label: 'Photo d’identité', providedBy: 'person', maxAgeDays: 183, condition: 'pour une carte Vitale' }, EMAIL_PHONE],
  },
  {
    code: 'complementaire-sante-solidaire',
    category: 'social',
    title: 'Complémentaire santé solidaire',
    summary: 'Demander la Complémentaire santé solidaire (C2S).',
    officialUrl: 'https://www.complementaire-sante-solidaire.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [ID, { label: 'Ressources des 12 derniers mois', providedBy: 'person', maxAgeDays: null, condition: null }],
  },
  {
    code: 'france-travail-inscription',
    category: 'travail',
    title: 'France Travail : inscription comme demandeur d’emploi',
    summary: "Vous inscrire à France Travail et actualiser votre situation chaque mois.",
    officialUrl: 'https://www.francetravail.fr/',
    typicalDurationMinutes: 45,
    documents: [ID, { label: 'Numéro de sécurité sociale', providedBy: 'person', maxAgeDays: null, condition: null }, { label: 'CV', providedBy: 'person', maxAgeDays: null, condition: 'si vous en avez un' }, { label: 'RIB', providedBy: 'person', maxAgeDays: null, condition: null }, EMAIL_PHONE],
  },
  {
    code: 'retraite-demande-en-ligne',
    category: 'travail',
    title: 'Demande de retraite en ligne',
    summary: 'Faire votre demande unique de retraite (tous régimes).',
    officialUrl: 'https://www.info-retraite.fr/',
    typicalDurationMinutes: 60,
    documents: [FRANCECONNECT, { label: 'Relevé de carrière', providedBy: 'person', maxAgeDays: null, condition: null }, { label: 'RIB', providedBy: 'person', maxAgeDays: null, condition: null }],
  },
  {
    code: 'declaration-revenus',
    category: 'argent',
    title: 'Déclaration de revenus en ligne',
    summary: 'Déclarer vos revenus sur impots.gouv.fr et vérifier votre avis.',
    officialUrl: 'https://www.impots.gouv.fr/',
    typicalDurationMinutes: 45,
    documents: [
      { label: 'Numéro fiscal et mot de passe impots.gouv.fr', providedBy: 'person', maxAgeDays: null, condition: 'ou le dernier avis d’impôt' },
      { label: 'Montants des salaires, pensions et allocations de l’année', providedBy: 'person', maxAgeDays: null, condition: null },
    ],
  },
  {
    code: 'cheque-energie',
    category: 'argent',
    title: 'Chèque énergie : utilisation et réclamation',
    summary: 'Utiliser votre chèque énergie en ligne ou faire une réclamation.',
    officialUrl: 'https://chequeenergie.gouv.fr/',
    typicalDurationMinutes: 20,
    documents: [{ label: 'Chèque énergie ou son numéro', providedBy: 'person', maxAgeDays: null, condition: null }, { label: "Facture d'énergie", providedBy: 'person', maxAgeDays: 183, condition: null }],
  },
  {
    code: 'logement-social-demande',
    category: 'logement',
    title: 'Demande de logement social',
    summary: 'Déposer ou renouveler une demande de logement social.',
    officialUrl: 'https://www.demande-logement-social.gouv.fr/',
    typicalDurationMinutes: 45,
    documents: [ID, { label: 'Avis d’imposition des deux dernières années', providedBy: 'person', maxAgeDays: null, condition: null }],
  },
  {
    code: 'inscription-scolaire-bourse',
    category: 'famille',
    title: 'Bourse de collège ou de lycée',
    summary: 'Demander une bourse scolaire sur EduConnect.',
    officialUrl: 'https://educonnect.education.gouv.fr/',
    typicalDurationMinutes: 30,
    documents: [{ label: 'Identifiants EduConnect', providedBy: 'person', maxAgeDays: null, condition: null }, { label: 'Avis d’impôt de l’année précédente', providedBy: 'person', maxAgeDays: null, condition: null }],
  },
  {
    code: 'extrait-casier-judiciaire',
    category: 'justice',
    title: 'Extrait de casier judiciaire (bulletin n° 3)',
    summary: 'Demander un extrait de casier judiciaire en ligne.',
    officialUrl: 'https://casier-judiciaire.justice.gouv.fr/',
    typicalDurationMinutes: 15,
    documents: [ID, EMAIL_PHONE],
  },
  {
    code: 'titre-sejour-renouvellement',
    category: 'etranger',
    title: 'Titre de séjour : demande ou renouvellement en ligne',
    summary: "Déposer votre demande de titre de séjour sur le site de l'ANEF.",
    officialUrl: 'https://administration-etrangers-en-france.interieur.gouv.fr/',
    typicalDurationMinutes: 60,
    documents: [
      { label: 'Passeport', providedBy: 'person', maxAgeDays: null, condition: null },
      { label: 'Titre de séjour actuel', providedBy: 'person', maxAgeDays: null, condition: 'pour un renouvellement' },
      ADDRESS_PROOF,
      { label: 'Photo d’identité numérique (code e-photo)', providedBy: 'person', maxAgeDays: 183, condition: null },
    ],
  },
  {
    code: 'pass-sport-culture',
    category: 'loisirs',
    title: 'Pass Sport et pass Culture : activation',
    summary: 'Activer le Pass Sport ou le pass Culture pour un jeune.',
    officialUrl: 'https://www.pass.sports.gouv.fr/',
    typicalDurationMinutes: 20,
    documents: [ID, EMAIL_PHONE],
  },
];
