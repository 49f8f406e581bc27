import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import {
  SEARCH_CREDENTIAL_KINDS,
  SEARCH_DEFAULT_PAGE_SIZE,
  SEARCH_DEFAULT_RADIUS_KM,
  SEARCH_MAX_PAGE,
  SEARCH_MAX_PAGE_SIZE,
  SEARCH_MAX_RADIUS_KM,
  SEARCH_MODALITIES,
} from '@passerelle/catalog';

/** Refuses the property when any of `others` is given too (mutually exclusive parameters). */
function ExclusiveWith(others: string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'exclusiveWith',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          others.every((other) => (args.object as Record<string, unknown>)[other] === undefined),
        defaultMessage: () => `${propertyName} cannot be combined with ${others.join(' or ')}`,
      },
    });
}

/** Refuses the property unless `other` is given too. */
function Needs(other: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'needs',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => (args.object as Record<string, unknown>)[other] !== undefined,
        defaultMessage: () => `${propertyName} requires ${other}`,
      },
    });
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SearchOffersQuery {
  @ApiPropertyOptional({ description: 'Procedure code, e.g. carte-grise-changement-titulaire. Not with category.' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,80}$/)
  @ExclusiveWith(['category'])
  procedure?: string;

  @ApiPropertyOptional({ description: 'Procedure category code, e.g. transports. Not with procedure.' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  category?: string;

  @ApiPropertyOptional({ description: 'Latitude (WGS84) of the point to search around; requires lon.', minimum: -90, maximum: 90 })
  @IsOptional()
  @Needs('lon')
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  @ExclusiveWith(['postcode', 'insee'])
  lat?: number;

  @ApiPropertyOptional({ description: 'Longitude (WGS84); requires lat.', minimum: -180, maximum: 180 })
  @IsOptional()
  @Needs('lat')
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon?: number;

  @ApiPropertyOptional({
    description: `Radius around lat/lon in kilometres (default ${SEARCH_DEFAULT_RADIUS_KM}).`,
    minimum: 0.1,
    maximum: SEARCH_MAX_RADIUS_KM,
  })
  @IsOptional()
  @Needs('lat')
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(SEARCH_MAX_RADIUS_KM)
  radiusKm?: number;

  @ApiPropertyOptional({ description: 'Postcode (5 digits). Not with lat/lon or insee.', example: '75011' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/)
  @ExclusiveWith(['insee'])
  postcode?: string;

  @ApiPropertyOptional({ description: 'Commune INSEE code. Not with lat/lon or postcode.', example: '75111' })
  @IsOptional()
  @Matches(/^([0-9]{5}|2[AB][0-9]{3})$/)
  insee?: string;

  @ApiPropertyOptional({ enum: SEARCH_MODALITIES })
  @IsOptional()
  @IsIn(SEARCH_MODALITIES)
  modality?: string;

  @ApiPropertyOptional({ enum: SEARCH_CREDENTIAL_KINDS, description: 'Only structures holding this credential, active.' })
  @IsOptional()
  @IsIn(SEARCH_CREDENTIAL_KINDS)
  credential?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only funded offers (free for the person).' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  free?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Highest price in cents VAT included; funded offers always match.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  maxPriceCents?: number;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-23',
    description:
      'Only places open that day according to their OSM opening_hours (public holidays of France included). ' +
      'Places whose hours are unknown are kept (their openingHours is null).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'openOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'openOn must be a valid calendar date' })
  openOn?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: SEARCH_MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: SEARCH_MAX_PAGE_SIZE, default: SEARCH_DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_MAX_PAGE_SIZE)
  pageSize?: number;
}
