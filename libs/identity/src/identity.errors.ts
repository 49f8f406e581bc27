import { DomainError } from '@passerelle/common';

/** One message for every login failure, so the answer never tells whether an email exists. */
export const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'unauthenticated', 'Adresse e-mail ou mot de passe incorrect.');

export const loginRateLimited = (retryAfterSeconds: number) =>
  new DomainError(
    'LOGIN_RATE_LIMITED',
    'rate_limited',
    'Trop de tentatives de connexion. Réessayez plus tard.',
    { retryAfterSeconds },
  );

export const invalidRefreshToken = () =>
  new DomainError('INVALID_REFRESH_TOKEN', 'unauthenticated', 'Session expirée ou invalide. Reconnectez-vous.');

export const refreshTokenReused = () =>
  new DomainError(
    'REFRESH_TOKEN_REUSED',
    'unauthenticated',
    'Ce jeton a déjà été utilisé : par sécurité, la session a été fermée. Reconnectez-vous.',
  );

export const sessionRevoked = () =>
  new DomainError('SESSION_REVOKED', 'unauthenticated', 'Session fermée. Reconnectez-vous.');

export const emailAlreadyRegistered = () =>
  new DomainError('EMAIL_ALREADY_REGISTERED', 'conflict', 'Un compte existe déjà avec cette adresse e-mail.');

export const organisationNotFound = () =>
  new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'Organisation introuvable.');

export const organisationKindMismatch = (role: string, expected: string) =>
  new DomainError(
    'ORGANISATION_KIND_MISMATCH',
    'business_rule',
    `A ${role} account must belong to a ${expected}.`,
    { role, expectedKind: expected },
  );

export const organisationRequired = (role: string, expected: string) =>
  new DomainError('ORGANISATION_REQUIRED', 'business_rule', `A ${role} account must belong to a ${expected}.`, {
    role,
    expectedKind: expected,
  });

export const forbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');
