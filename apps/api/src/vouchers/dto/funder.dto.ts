import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RegisterDto } from '../../identity/dto/register.dto';

const SECTORS = ['public', 'private'] as const;
const withoutSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s/g, '') : value);

export class CreateFunderDto {
  @ApiProperty({ example: 'Département de la Gironde', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  legalName: string;

  @ApiProperty({ example: '22330001300016', description: '14 digits; spaces are ignored.' })
  @Transform(withoutSpaces)
  @Matches(/^[0-9]{14}$/, { message: 'siret must be 14 digits' })
  siret: string;

  @ApiProperty({ enum: SECTORS, description: 'public bodies are invoiced through Chorus Pro' })
  @IsIn(SECTORS)
  sector: 'public' | 'private';

  @ApiProperty({ example: '1 esplanade Charles de Gaulle, 33074 Bordeaux Cedex', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  billingAddress: string;

  @ApiPropertyOptional({ description: 'Chorus Pro service code (public bodies only; ignored otherwise)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  chorusServiceCode?: string;

  @ApiPropertyOptional({ description: 'Commitment (engagement) number to quote on invoices (public bodies only)', maxLength: 50 })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  chorusCommitmentNumber?: string;
}

export class FunderDto {
  @ApiProperty({ format: 'uuid', description: 'Also the id of the organisation its staff are members of.' })
  id: string;
  @ApiProperty()
  legalName: string;
  @ApiProperty()
  siret: string;
  @ApiProperty({ enum: SECTORS })
  sector: string;
  @ApiProperty()
  billingAddress: string;
  @ApiProperty({ type: String, nullable: true })
  chorusServiceCode: string | null;
  @ApiProperty({ type: String, nullable: true })
  chorusCommitmentNumber: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

const MEMBER_ROLES = ['funder', 'prescriber'] as const;

export class CreateFunderMemberDto extends RegisterDto {
  @ApiProperty({ enum: MEMBER_ROLES, description: 'funder: finance staff; prescriber: hands vouchers to people' })
  @IsIn(MEMBER_ROLES)
  role: 'funder' | 'prescriber';
}
