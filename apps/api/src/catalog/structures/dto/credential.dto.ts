import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CREDENTIAL_KINDS, CREDENTIAL_STATUSES, type CredentialKind, type CredentialStatus } from '@passerelle/catalog';
import { trimmed } from './validation';

export class DeclareCredentialDto {
  @ApiProperty({ enum: CREDENTIAL_KINDS, example: 'aptic' })
  @IsIn(CREDENTIAL_KINDS)
  kind: CredentialKind;

  @ApiProperty({
    example: 'https://example.org/attestation-aptic.pdf',
    description: 'A URL or a reference (e.g. an habilitation number) the admin can check.',
    maxLength: 500,
  })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  evidence: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', example: '2027-06-30', description: 'Last day of validity.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  expiresOn?: string | null;
}

export class VerifyCredentialDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Optional note recorded with the decision.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class CredentialDecisionReasonDto {
  @ApiProperty({ maxLength: 500, example: 'Attestation illisible' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class CredentialDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ enum: CREDENTIAL_KINDS }) kind: CredentialKind;
  @ApiProperty() evidence: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) expiresOn: string | null;
  @ApiProperty({ enum: CREDENTIAL_STATUSES }) status: CredentialStatus;
  @ApiProperty({ description: 'Verified and not expired today: what makes offers visible.' }) active: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
