import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

export class OpeningRuleDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '09:00', description: 'Europe/Paris wall-clock time' })
  @Matches(TIME, { message: 'startTime must be HH:MM' })
  startTime: string;

  @ApiProperty({ example: '12:00', description: 'Europe/Paris wall-clock time; slots of the offer duration fit before it' })
  @Matches(TIME, { message: 'endTime must be HH:MM' })
  endTime: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, description: '1 for individual help, more for a workshop' })
  @IsInt()
  @Min(1)
  @Max(100)
  capacity: number;

  @ApiPropertyOptional({ example: '2026-12-01', nullable: true, type: String })
  @IsOptional()
  @Matches(DATE, { message: 'validFrom must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'validFrom must be a real calendar day' })
  validFrom?: string | null;

  @ApiPropertyOptional({ example: '2027-06-30', nullable: true, type: String })
  @IsOptional()
  @Matches(DATE, { message: 'validUntil must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'validUntil must be a real calendar day' })
  validUntil?: string | null;
}

export class OpeningRulesDto {
  @ApiProperty({ type: [OpeningRuleDto], description: 'Replaces every rule of the offer; [] closes it' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OpeningRuleDto)
  rules: OpeningRuleDto[];
}

export class OpeningRulesResponseDto {
  @ApiProperty({ type: [OpeningRuleDto] })
  rules: OpeningRuleDto[];
}

export class CreateClosureDto {
  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  endsAt: string;

  @ApiProperty({ example: 'Congés', minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  reason: string;

  @ApiPropertyOptional({ description: 'Close the whole place (every offer there), not only this offer' })
  @IsOptional()
  @IsBoolean()
  wholePlace?: boolean;
}

export class ClosureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['offer', 'place'] }) scope: 'offer' | 'place';
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty() reason: string;
}

export class SlotsQuery {
  @ApiProperty({ example: '2026-12-01', description: 'First Paris day (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar day' })
  from: string;

  @ApiProperty({ example: '2026-12-07', description: 'Last Paris day, inclusive (at most 62 days after from)' })
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar day' })
  to: string;
}

export class SlotDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ type: 'integer' }) capacity: number;
  @ApiProperty({ type: 'integer', description: 'Places still free (> 0: full slots are left out)' }) remaining: number;
}
