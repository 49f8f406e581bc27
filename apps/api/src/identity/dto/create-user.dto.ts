import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ROLES, type Role } from '@passerelle/identity';
import { RegisterDto } from './register.dto';

export class CreateUserDto extends RegisterDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Structure (mediator) or funder organisation (prescriber, funder) the account belongs to.',
  })
  @IsOptional()
  @IsUUID('4')
  organisationId?: string;
}
