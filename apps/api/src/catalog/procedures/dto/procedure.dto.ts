import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class ProcedureDocumentDto {
  @ApiProperty({ example: 'Certificat de cession (cerfa 15776) signé par le vendeur et par vous' })
  label: string;

  @ApiProperty({ enum: ['person', 'seller', 'buyer', 'seller_and_buyer'], description: 'Who brings it.' })
  providedBy: string;

  @ApiProperty({ type: Number, nullable: true, description: 'How recent it must be, in days; null when any valid one will do.' })
  maxAgeDays: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'When it is needed only in some cases.' })
  condition: string | null;
}

export class ProcedureDto {
  @ApiProperty({ example: 'carte-grise-changement-titulaire' })
  code: string;

  @ApiProperty({ example: 'transports' })
  categoryCode: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  summary: string;

  @ApiProperty({ format: 'uri' })
  officialUrl: string;

  @ApiProperty({ description: 'Typical duration with every document at hand, in minutes.' })
  typicalDurationMinutes: number;

  @ApiProperty({ type: [ProcedureDocumentDto] })
  documents: ProcedureDocumentDto[];
}

export class ProcedureCategoryDto {
  @ApiProperty({ example: 'transports' })
  code: string;

  @ApiProperty({ example: 'Transports - Mobilité' })
  label: string;

  @ApiProperty({ type: [ProcedureDto] })
  procedures: ProcedureDto[];
}

export class ProcedureCategoryRefDto {
  @ApiProperty()
  code: string;

  @ApiProperty()
  label: string;
}

export class ProcedureDetailDto extends ProcedureDto {
  @ApiProperty({ type: ProcedureCategoryRefDto })
  category: ProcedureCategoryRefDto;
}

export class ListProceduresQuery {
  @ApiPropertyOptional({ description: 'Only this category (its code).', example: 'transports' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'category must be a category code' })
  category?: string;
}
