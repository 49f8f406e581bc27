import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '@passerelle/identity';

export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind: OrganisationKind;

  @ApiProperty()
  name: string;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ type: [MembershipDto] })
  memberships: MembershipDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
