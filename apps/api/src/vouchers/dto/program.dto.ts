import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CREDENTIAL_KINDS } from '@passerelle/catalog';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEPARTEMENT = /^([0-9]{2}|2[AB]|97[1-8])$/;

export class CreateProgramDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Your funder; needed only if you belong to several.' })
  @IsOptional()
  @IsUUID()
  funderId?: string;

  @ApiProperty({ example: 'Pass numérique Gironde 2027', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1000, description: 'Face value of one voucher, in cents.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  faceValueCents: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000_000_000, example: 5_000_000, description: 'Total budget, in cents.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  budgetCents: number;

  @ApiProperty({ example: '2027-01-01', description: 'First day of validity (Europe/Paris).' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiProperty({ example: '2027-12-31', description: 'Last day of validity (Europe/Paris).' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  validUntil: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 366, example: 31, description: 'Days after validUntil still accepted.' })
  @IsInt()
  @Min(0)
  @Max(366)
  graceDays: number;

  @ApiProperty({ type: [String], example: ['carte-grise-changement-titulaire'], description: 'Empty with no categories: every procedure.' })
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^[a-z][a-z0-9-]{1,80}$/, { each: true })
  eligibleProcedureCodes: string[];

  @ApiProperty({ type: [String], example: [], description: 'Whole categories of procedures.' })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { each: true })
  eligibleCategoryCodes: string[];

  @ApiProperty({ type: [String], example: ['33'], description: 'Départements of the place; empty: anywhere.' })
  @IsArray()
  @ArrayMaxSize(110)
  @Matches(DEPARTEMENT, { each: true })
  eligibleDepartements: string[];

  @ApiProperty({ type: [String], enum: CREDENTIAL_KINDS, example: ['aptic'], description: 'Verified labels the redeeming structure must hold.' })
  @IsArray()
  @IsIn(CREDENTIAL_KINDS, { each: true })
  requiredCredentials: string[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10000, example: 400, description: 'Operator fee in basis points (400 = 4 %).' })
  @IsInt()
  @Min(0)
  @Max(10000)
  operatorFeeBp: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, description: 'Vouchers one person may use in this program.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perBeneficiaryLimit?: number | null;
}

export class ProgramDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) funderId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) faceValueCents: number;
  @ApiProperty({ type: 'integer' }) budgetCents: number;
  @ApiProperty({ type: 'integer' }) issuedCents: number;
  @ApiProperty({ type: 'integer' }) budgetLeftCents: number;
  @ApiProperty() validFrom: string;
  @ApiProperty() validUntil: string;
  @ApiProperty({ type: 'integer' }) graceDays: number;
  @ApiProperty({ format: 'date-time' }) redeemableFrom: string;
  @ApiProperty({ format: 'date-time', description: 'End of the grace period (exclusive).' }) redeemableUntil: string;
  @ApiProperty({ type: [String] }) eligibleProcedureCodes: string[];
  @ApiProperty({ type: [String] }) eligibleCategoryCodes: string[];
  @ApiProperty({ type: [String] }) eligibleDepartements: string[];
  @ApiProperty({ type: [String] }) requiredCredentials: string[];
  @ApiProperty({ type: 'integer' }) operatorFeeBp: number;
  @ApiProperty({ type: 'integer', nullable: true }) perBeneficiaryLimit: number | null;
  @ApiProperty({ enum: ['active', 'paused'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreateBatchDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5000, example: 100, description: 'How many vouchers.' })
  @IsInt()
  @Min(1)
  @Max(5000)
  count: number;
}

export class BatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty({ type: 'integer' }) faceValueCents: number;
  @ApiProperty({ type: 'integer' }) totalCents: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

class AmountDto {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: 'integer' }) cents: number;
}

class TotalsDto {
  @ApiProperty({ type: AmountDto }) issued: AmountDto;
  @ApiProperty({ type: AmountDto }) assigned: AmountDto;
  @ApiProperty({ type: AmountDto, description: 'Used, whether invoiced or paid since' }) redeemed: AmountDto;
  @ApiProperty({ type: AmountDto }) expired: AmountDto;
  @ApiProperty({ type: AmountDto }) cancelled: AmountDto;
}

class ProcedureAmountDto extends AmountDto {
  @ApiProperty() procedureCode: string;
}
class DepartementAmountDto extends AmountDto {
  @ApiProperty() departement: string;
}
class MonthAmountDto extends AmountDto {
  @ApiProperty({ example: '2027-03' }) month: string;
}

export class ProgramStatsDto {
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ type: 'integer' }) budgetCents: number;
  @ApiProperty({ type: 'integer' }) issuedCents: number;
  @ApiProperty({ type: 'integer' }) budgetLeftCents: number;
  @ApiProperty({ type: TotalsDto }) totals: TotalsDto;
  @ApiProperty({ type: [ProcedureAmountDto] }) byProcedure: ProcedureAmountDto[];
  @ApiProperty({ type: [DepartementAmountDto] }) byDepartement: DepartementAmountDto[];
  @ApiProperty({ type: [MonthAmountDto], description: 'Month of redemption, Europe/Paris' }) byMonth: MonthAmountDto[];
}
