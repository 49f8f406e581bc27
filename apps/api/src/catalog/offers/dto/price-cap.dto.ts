import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const DEPARTEMENT = /^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8])$/;
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SetPriceCapDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 4500, description: 'Euro cents, VAT included' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  maxPriceCents: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '29',
    pattern: DEPARTEMENT.source,
    description: 'Département code; absent or null sets the national cap',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(DEPARTEMENT, { message: 'departement must be a département code (01–95, 2A, 2B, 971–978)' })
  departement?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Arrêté du 12 mars : tarif de référence revu' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class PriceCapDto {
  @ApiProperty()
  procedureCode: string;

  @ApiProperty({ type: String, nullable: true, description: 'null for the national cap' })
  departement: string | null;

  @ApiProperty({ type: 'integer', description: 'Euro cents, VAT included' })
  maxPriceCents: number;

  @ApiProperty()
  reason: string;

  @ApiProperty({ format: 'date-time' })
  setAt: string;
}

export class PriceCapChangeDto {
  @ApiProperty({ type: PriceCapDto })
  cap: PriceCapDto;

  @ApiProperty({ type: 'integer', nullable: true })
  previousMaxPriceCents: number | null;

  @ApiProperty({ format: 'uuid' })
  historyId: string;

  @ApiProperty({ type: 'integer', description: 'Offers governed by this cap priced above it, now suspended_over_cap' })
  suspendedOffers: number;

  @ApiProperty({ enum: [false], description: 'Raising a cap never reactivates suspended offers: their mediators lower the price' })
  reactivatesSuspendedOffers: false;

  @ApiProperty()
  notice: string;
}

export class PriceCapHistoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  procedureCode: string;

  @ApiProperty({ type: String, nullable: true })
  departement: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  oldMaxPriceCents: number | null;

  @ApiProperty({ type: 'integer' })
  newMaxPriceCents: number;

  @ApiProperty()
  reason: string;

  @ApiProperty({ format: 'uuid', description: 'The admin who set it' })
  setBy: string;

  @ApiProperty({ format: 'date-time' })
  setAt: string;

  @ApiProperty({ type: 'integer' })
  suspendedOffers: number;
}

export class PriceCapsQueryDto {
  @ApiPropertyOptional({ example: 'carte-grise-changement-titulaire' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,80}$/, { message: 'procedure must be a procedure code' })
  procedure?: string;
}
