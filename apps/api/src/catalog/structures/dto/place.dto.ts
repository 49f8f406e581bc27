import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MODALITIES, type Modality } from '@passerelle/catalog';
import { IsOptionalNotNull, trimmed } from './validation';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/**
 * A place. Required fields may be left out of a PATCH but not set to null; optional ones are
 * cleared with null. The département is derived from the INSEE code, else the postcode.
 */
export class CreatePlaceDto {
  @ApiProperty({ example: 'Espace public numérique de la Roquette', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '12 rue de la Roquette', maxLength: 300 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 300)
  address: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300, example: 'Bâtiment B, 2e étage' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  addressComplement?: string | null;

  @ApiProperty({ example: '75011', pattern: '^[0-9]{5}$' })
  @Transform(trimmed)
  @Matches(/^[0-9]{5}$/, { message: 'postcode must be 5 digits' })
  postcode: string;

  @ApiProperty({ example: 'Paris', maxLength: 120 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 120)
  commune: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '75111',
    description: 'INSEE commune code: 5 characters, 2A/2B for Corsica.',
    pattern: '^([0-9]{5}|2[AB][0-9]{3})$',
  })
  @IsOptional()
  @Transform(upper)
  @Matches(/^([0-9]{5}|2[AB][0-9]{3})$/, { message: 'inseeCode must be 5 digits, or 2A/2B followed by 3 digits' })
  inseeCode?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, description: 'WGS84; with longitude, or neither.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, description: 'WGS84; with latitude, or neither.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
    description: 'OpenStreetMap opening_hours syntax, checked by the reference parser (INVALID_OPENING_HOURS).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  openingHours?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string | null;

  @ApiProperty({ enum: MODALITIES, isArray: true, example: ['on_site', 'phone'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MODALITIES.length)
  @IsIn(MODALITIES, { each: true })
  modalities: Modality[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '+33142000000' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 .()-]{5,29}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['contact@example.org'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], example: ['https://example.org'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl(URL_OPTIONS, { each: true })
  websites?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 280 })
  @IsOptional()
  @IsString()
  @MaxLength(280)
  summary?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  accessibilityUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  bookingUrl?: string | null;
}

/** Every field optional; null clears the optional ones and is refused for the required ones. */
export class UpdatePlaceDto extends PartialType(CreatePlaceDto, { skipNullProperties: false }) {}

export class PlaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty({ type: String, nullable: true }) addressComplement: string | null;
  @ApiProperty() postcode: string;
  @ApiProperty() commune: string;
  @ApiProperty({ type: String, nullable: true }) inseeCode: string | null;
  @ApiProperty({ example: '75', description: '2 characters, 2A/2B for Corsica, 971-978 overseas.' }) departement: string;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
  @ApiProperty({ type: String, nullable: true }) openingHours: string | null;
  @ApiProperty({ type: String, nullable: true }) accessibilityNotes: string | null;
  @ApiProperty({ enum: MODALITIES, isArray: true }) modalities: Modality[];
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: [String] }) emails: string[];
  @ApiProperty({ type: [String] }) websites: string[];
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) accessibilityUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) bookingUrl: string | null;
  @ApiProperty({ format: 'date', description: 'Last update day (the standard’s date_maj).' }) updatedOn: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
