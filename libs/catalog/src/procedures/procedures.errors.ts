import { DomainError } from '@passerelle/common';

export const procedureNotFound = (code: string) =>
  new DomainError('PROCEDURE_NOT_FOUND', 'not_found', 'Démarche introuvable.', { procedureCode: code });

export const procedureCategoryNotFound = (code: string) =>
  new DomainError('PROCEDURE_CATEGORY_NOT_FOUND', 'not_found', 'Catégorie de démarches introuvable.', {
    category: code,
  });
