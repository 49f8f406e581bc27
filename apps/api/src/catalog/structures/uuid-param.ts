import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@passerelle/common';

/** A path id that must be a UUID; anything else is a 400 INVALID_ID (never a database error). */
export const uuidParam = () =>
  new ParseUUIDPipe({
    exceptionFactory: () => new DomainError('INVALID_ID', 'invalid_input', 'Identifiant invalide (UUID attendu).'),
  });
