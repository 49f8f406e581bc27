import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationRepository } from '../repositories/organisation.repository';
import { UserRepository } from '../repositories/user.repository';
import type { OrganisationKind } from '../roles';

/**
 * What other contexts may do with organisations: create one with its first member, or rename it,
 * inside the caller's transaction (e.g. the catalog creating or renaming a structure). Access checks
 * stay with the caller.
 */
@Injectable()
export class OrganisationDirectory {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly users: UserRepository,
  ) {}

  async createWithMember(
    kind: OrganisationKind,
    name: string,
    memberUserId: string,
    manager: EntityManager,
  ): Promise<{ organisationId: string }> {
    const organisation = await this.organisations.create(kind, name, manager);
    await this.users.addMembership(memberUserId, organisation.id, manager);
    return { organisationId: organisation.id };
  }

  /** An organisation without members yet (e.g. a funder an admin registers before its staff). */
  async create(kind: OrganisationKind, name: string, manager: EntityManager): Promise<{ organisationId: string }> {
    const organisation = await this.organisations.create(kind, name, manager);
    return { organisationId: organisation.id };
  }

  /** Keeps the organisation's name (what /me shows its members) the same as the structure's or funder's. */
  async rename(organisationId: string, name: string, manager: EntityManager): Promise<void> {
    if (!(await this.organisations.rename(organisationId, name, manager))) {
      throw new Error(`organisation ${organisationId} does not exist`);
    }
  }
}
