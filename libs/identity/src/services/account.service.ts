import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '../actor';
import {
  emailAlreadyRegistered,
  forbidden,
  organisationKindMismatch,
  organisationNotFound,
  organisationRequired,
} from '../identity.errors';
import { OrganisationRepository } from '../repositories/organisation.repository';
import { UserRepository } from '../repositories/user.repository';
import { ROLE_ORGANISATION_KIND, type OrganisationKind, type Role } from '../roles';
import { PasswordHasher } from './password-hasher.service';

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
  role: Role;
  organisationId?: string;
}

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  memberships: { organisationId: string; kind: OrganisationKind; name: string }[];
  createdAt: string;
}

/** Accounts created by an admin (any role) and the caller's own profile. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly hasher: PasswordHasher,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async createAccount(actor: Actor, input: NewAccount): Promise<AccountView> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    return this.create(input, actor);
  }

  /** The first admin, from the command line (no caller yet). */
  createFirstAdmin(input: Omit<NewAccount, 'role' | 'organisationId'>): Promise<AccountView> {
    return this.create({ ...input, role: 'admin' }, SYSTEM_ACTOR);
  }

  async me(actor: Actor): Promise<AccountView> {
    const user = await this.users.findWithMemberships(actor.userId);
    if (!user) throw forbidden();
    return toView(user);
  }

  private async create(input: NewAccount, actor: Actor | typeof SYSTEM_ACTOR): Promise<AccountView> {
    const expectedKind = ROLE_ORGANISATION_KIND[input.role];
    if (input.organisationId && !expectedKind) throw organisationKindMismatch(input.role, 'no organisation');
    if (expectedKind && !input.organisationId && input.role !== 'mediator') {
      throw organisationRequired(input.role, expectedKind);
    }
    const passwordHash = await this.hasher.hash(input.password);
    const userId = await this.transactions.run(async (tx) => {
      if (input.organisationId) {
        const organisation = await this.organisations.findById(input.organisationId, tx);
        if (!organisation) throw organisationNotFound();
        if (organisation.kind !== expectedKind) throw organisationKindMismatch(input.role, expectedKind!);
      }
      const user = await this.users.insertIfEmailFree(
        { email: input.email, passwordHash, displayName: input.displayName, roles: [input.role] },
        tx,
      );
      if (!user) throw emailAlreadyRegistered();
      if (input.organisationId) await this.users.addMembership(user.id, input.organisationId, tx);
      await this.audit.record(
        actor,
        {
          action: 'user.created',
          objectType: 'user',
          objectId: user.id,
          details: { role: input.role, organisationId: input.organisationId ?? null },
        },
        tx,
      );
      return user.id;
    });
    const created = await this.users.findWithMemberships(userId);
    return toView(created!);
  }
}

function toView(user: NonNullable<Awaited<ReturnType<UserRepository['findWithMemberships']>>>): AccountView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    memberships: (user.memberships ?? []).map((membership) => ({
      organisationId: membership.organisationId,
      kind: membership.organisation!.kind,
      name: membership.organisation!.name,
    })),
    createdAt: user.createdAt.toISOString(),
  };
}
