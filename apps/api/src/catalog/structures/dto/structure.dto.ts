import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, MaxLength } from 'class-validator';
import { IsOptionalNotNull, trimmed } from './validation';

export class CreateStructureDto {
  @ApiProperty({ example: 'Association Clic & Lien', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    example: '73282932000074',
    description: '14 digits with a valid Luhn key (La Poste: digit sum multiple of 5); spaces are ignored. SIRET or RNA is required.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(30)
  siret?: string;

  @ApiPropertyOptional({ example: 'W751234567', description: 'RNA number: W + 9 characters.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(20)
  rna?: string;
}

export class UpdateStructureDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'New SIRET (validated like on creation).' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(30)
  siret?: string;

  @ApiPropertyOptional({ description: 'New RNA number.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(20)
  rna?: string;
}

export class StructureDto {
  @ApiProperty({ format: 'uuid', description: 'Also the id of the organisation its mediators are members of.' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  siret: string | null;

  @ApiProperty({ type: String, nullable: true })
  rna: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
