export { hasRole, isMemberOf, type Actor, type ActorMembership } from './actor';
export { IdentityModule } from './identity.module';
export { ORGANISATION_KINDS, ROLES, ROLE_ORGANISATION_KIND, type OrganisationKind, type Role } from './roles';
export { AccountService, type AccountView, type NewAccount } from './services/account.service';
export { AuthenticationService, type AuthenticatedUser, type Registration } from './services/authentication.service';
export { SessionService, type RequestOrigin, type TokenPair } from './services/session.service';
export { OrganisationDirectory } from './services/organisation-directory.service';
export { UserDirectory, type UserContact } from './services/user-directory.service';
export type { AccessTokenClaims } from './services/token.service';
