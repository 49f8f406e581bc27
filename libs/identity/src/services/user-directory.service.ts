import { Injectable } from '@nestjs/common';
import { UserRepository } from '../repositories/user.repository';

export interface UserContact {
  userId: string;
  email: string;
  displayName: string;
}

/** What other contexts (notifications, booking…) may read about a user: how to reach them. */
@Injectable()
export class UserDirectory {
  constructor(private readonly users: UserRepository) {}

  async findContact(userId: string): Promise<UserContact | null> {
    const user = await this.users.findById(userId);
    if (!user || user.status !== 'active') return null;
    return { userId: user.id, email: user.email, displayName: user.displayName };
  }

  /** How to reach the active members of an organisation (a structure's mediators, a funder's staff). */
  async membersOf(organisationId: string): Promise<UserContact[]> {
    const users = await this.users.activeMembersOf(organisationId);
    return users.map((user) => ({ userId: user.id, email: user.email, displayName: user.displayName }));
  }
}
