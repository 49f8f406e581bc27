import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsObject, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { OFFER_MODALITIES, OFFER_STATUSES, PRICING_KINDS, type OfferModality, type OfferStatus, type PricingKind } from '@passerelle/catalog';

const PROCEDURE_CODE = /^[a-z][a-z0-9-]{1,80}$/;

/** `{kind: "funded"}` or `{kind: "commercial", priceCents}` (integer cents, VAT included). */
export class PricingDto {
  @ApiProperty({ enum: PRICING_KINDS, description: 'funded: free to the person (paid by voucher programs); commercial: priced' })
  @IsIn(PRICING_KINDS)
  kind: PricingKind;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 3500,
    description: 'Price in euro cents, VAT included; required when commercial, absent when funded.',
  })
  @ValidateIf((pricing: PricingDto) => pricing.kind === 'commercial' || pricing.priceCents !== undefined)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  priceCents?: number;
}

export class CreateOfferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  placeId: string;

  @ApiProperty({ example: 'carte-grise-changement-titulaire' })
  @Matches(PROCEDURE_CODE, { message: 'procedureCode must be a procedure code' })
  procedureCode: string;

  @ApiProperty({ enum: OFFER_MODALITIES })
  @IsIn(OFFER_MODALITIES)
  modality: OfferModality;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 480, example: 45 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ type: PricingDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PricingDto)
  pricing: PricingDto;
}

const notUndefined = (_: object, value: unknown) => value !== undefined;

/** Any subset of the fields; `status` pauses or resumes (a suspended offer comes back with a price ≤ cap). */
export class UpdateOfferDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Another place of the same structure' })
  @ValidateIf(notUndefined)
  @IsUUID()
  placeId?: string;

  @ApiPropertyOptional({ example: 'carte-grise-changement-titulaire' })
  @ValidateIf(notUndefined)
  @Matches(PROCEDURE_CODE, { message: 'procedureCode must be a procedure code' })
  procedureCode?: string;

  @ApiPropertyOptional({ enum: OFFER_MODALITIES })
  @ValidateIf(notUndefined)
  @IsIn(OFFER_MODALITIES)
  modality?: OfferModality;

  @ApiPropertyOptional({ type: 'integer', minimum: 5, maximum: 480 })
  @ValidateIf(notUndefined)
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: PricingDto })
  @ValidateIf(notUndefined)
  @IsObject()
  @ValidateNested()
  @Type(() => PricingDto)
  pricing?: PricingDto;

  @ApiPropertyOptional({ enum: ['active', 'paused'] })
  @ValidateIf(notUndefined)
  @IsIn(['active', 'paused'])
  status?: 'active' | 'paused';
}

export class OfferPricingDto {
  @ApiProperty({ enum: PRICING_KINDS })
  kind: PricingKind;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Euro cents, VAT included; null when funded' })
  priceCents: number | null;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  structureId: string;

  @ApiProperty({ format: 'uuid' })
  placeId: string;

  @ApiProperty()
  procedureCode: string;

  @ApiProperty({ enum: OFFER_MODALITIES })
  modality: OfferModality;

  @ApiProperty({ type: 'integer' })
  durationMinutes: number;

  @ApiProperty({ type: OfferPricingDto })
  pricing: OfferPricingDto;

  @ApiProperty({ enum: OFFER_STATUSES })
  status: OfferStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

