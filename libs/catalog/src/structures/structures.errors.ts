import { DomainError } from '@passerelle/common';

export const invalidSiret = () =>
  new DomainError('INVALID_SIRET', 'invalid_input', 'Numéro SIRET invalide : 14 chiffres avec une clé de contrôle correcte.');

export const invalidRna = () =>
  new DomainError('INVALID_RNA', 'invalid_input', 'Numéro RNA invalide : W suivi de 9 caractères (ex. W751234567).');

export const identifierRequired = () =>
  new DomainError('STRUCTURE_IDENTIFIER_REQUIRED', 'invalid_input', 'Indiquez un numéro SIRET ou un numéro RNA.');

export const structureAlreadyRegistered = (identifier: 'siret' | 'rna') =>
  new DomainError('STRUCTURE_ALREADY_REGISTERED', 'conflict', 'Une structure est déjà enregistrée avec ce numéro.', {
    identifier,
  });

/** Also the answer to non-members: whether the structure exists is not theirs to know. */
export const structureNotFound = () => new DomainError('STRUCTURE_NOT_FOUND', 'not_found', 'Structure introuvable.');

export const placeNotFound = () => new DomainError('PLACE_NOT_FOUND', 'not_found', 'Lieu introuvable.');

export const invalidOpeningHours = (parserMessage: string) =>
  new DomainError('INVALID_OPENING_HOURS', 'invalid_input', `Horaires d'ouverture invalides : ${parserMessage}`, {
    parserMessage,
  });

export const invalidCoordinates = () =>
  new DomainError('INVALID_COORDINATES', 'invalid_input', 'Indiquez la latitude et la longitude ensemble, ou aucune des deux.');

export const unknownDepartement = (postcode: string, inseeCode: string | null) =>
  new DomainError('INVALID_POSTCODE', 'invalid_input', 'Ce code postal ou code INSEE ne correspond à aucun département desservi.', {
    postcode,
    inseeCode,
  });

export const postcodeInseeMismatch = (byPostcode: string, byInsee: string) =>
  new DomainError(
    'POSTCODE_INSEE_MISMATCH',
    'business_rule',
    `Le code postal est dans le département ${byPostcode} mais le code INSEE de la commune dans le ${byInsee} : ` +
      'pour changer le lieu de commune, indiquez le code postal et le code INSEE ensemble.',
    { postcodeDepartement: byPostcode, inseeDepartement: byInsee },
  );

export const credentialNotFound = () => new DomainError('CREDENTIAL_NOT_FOUND', 'not_found', 'Label ou habilitation introuvable.');

const DECISION_VERBS: Record<string, string> = { verify: 'vérifier', reject: 'refuser', revoke: 'révoquer' };

export const credentialStateConflict = (status: string, action: string) =>
  new DomainError('CREDENTIAL_STATE_CONFLICT', 'conflict', `Impossible de ${DECISION_VERBS[action] ?? action} un label au statut « ${status} ».`, {
    // Not `status`: problem+json reserves it for the HTTP status.
    credentialStatus: status,
    action,
  });

export const credentialExpired = (expiresOn: string) =>
  new DomainError('CREDENTIAL_EXPIRED', 'business_rule', `Ce label a expiré le ${expiresOn}.`, { expiresOn });

export const forbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');
