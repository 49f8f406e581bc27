import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export class BeneficiaryDto {
  @ApiProperty({ example: 'Mme Martin', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ example: '06 12 34 56 78', description: 'French national or international (E.164) number' })
  @IsString()
  @Length(6, 30)
  phone: string;
}

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  offerId: string;

  @ApiProperty({ format: 'date-time', description: 'Start of a slot, as GET /offers/{id}/slots gives it' })
  @IsDateString({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({
    type: BeneficiaryDto,
    description: 'Required for prescribers and mediators (a person without an account); ignored for beneficiaries',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  beneficiary?: BeneficiaryDto;
}

export class CancelBookingDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Required when a mediator cancels' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  reason?: string;
}

export class BookingListQuery {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'Mediators: the Paris day of the agenda (today by default)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'day must be a real calendar day' })
  day?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Mediators of several structures: which one' })
  @IsOptional()
  @IsUUID()
  structureId?: string;
}

class BookingPriceDto {
  @ApiProperty({ enum: ['funded', 'commercial'] }) kind: 'funded' | 'commercial';
  @ApiProperty({ type: 'integer', description: 'Frozen at booking time; 0 for funded offers' }) priceCents: number;
}

class BookingBeneficiaryDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'E.164' }) phone: string | null;
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7PM-3QXA', description: 'Short reference without 0/O/1/I/L, to say on the phone' }) reference: string;
  @ApiProperty({ example: 'PASSERELLE:BOOKING:K7PM-3QXA', description: 'What the QR code encodes' }) qrPayload: string;
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ format: 'uuid' }) placeId: string;
  @ApiProperty() procedureCode: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ enum: ['confirmed', 'cancelled', 'completed', 'no_show'] }) status: string;
  @ApiProperty({ type: BookingPriceDto }) price: BookingPriceDto;
  @ApiProperty({ type: BookingBeneficiaryDto }) beneficiary: BookingBeneficiaryDto;
  @ApiProperty({ enum: ['beneficiary', 'prescriber', 'mediator'] }) bookedAs: string;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: "The procedure's documents checklist when booked" })
  checklist: unknown[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
