export const ROLES = ['beneficiary', 'prescriber', 'mediator', 'funder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['structure', 'funder'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which kind of organisation a role's members belong to; roles absent here have none. */
export const ROLE_ORGANISATION_KIND: Partial<Record<Role, OrganisationKind>> = {
  mediator: 'structure',
  prescriber: 'funder',
  funder: 'funder',
};
