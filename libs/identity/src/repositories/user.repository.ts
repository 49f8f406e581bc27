import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { MembershipEntity } from '../entities/membership.entity';
import { UserEntity } from '../entities/user.entity';
import type { Role } from '../roles';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  roles: Role[];
}

@Injectable()
export class UserRepository extends BaseRepository<UserEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, UserEntity);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo().findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** find() rather than findOne(): a LIMIT over joined rows makes TypeORM run a second, DISTINCT query. */
  async findWithMemberships(id: string): Promise<UserEntity | null> {
    const [user] = await this.repo().find({ where: { id }, relations: { memberships: { organisation: true } } });
    return user ?? null;
  }

  /** Inserts the user, or returns null when the email is taken (unique constraint, race-safe). */
  async insertIfEmailFree(user: NewUser, manager: EntityManager): Promise<UserEntity | null> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...user, email: user.email.trim().toLowerCase(), status: 'active' })
      .orIgnore()
      .returning('*')
      .execute();
    if (result.raw.length === 0) return null;
    return this.repo(manager).findOneByOrFail({ id: result.identifiers[0]?.id ?? result.raw[0].id });
  }

  /** Active members of an organisation, oldest membership first. */
  activeMembersOf(organisationId: string): Promise<UserEntity[]> {
    return this.repo()
      .createQueryBuilder('user')
      .innerJoin(MembershipEntity, 'membership', 'membership.user_id = user.id')
      .where('membership.organisation_id = :organisationId', { organisationId })
      .andWhere("user.status = 'active'")
      .orderBy('membership.created_at', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .getMany();
  }

  async addMembership(userId: string, organisationId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(MembershipEntity).insert({ userId, organisationId });
  }
}
