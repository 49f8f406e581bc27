import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';

export class AssignVoucherDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The person’s account, if they have one.' })
  // Each field is checked whenever given (the account wins over name and phone, so none may be junk).
  @ValidateIf((body: AssignVoucherDto) => body.beneficiaryUserId !== undefined || (body.beneficiaryName === undefined && body.beneficiaryPhone === undefined))
  @IsUUID()
  beneficiaryUserId?: string;

  @ApiPropertyOptional({ example: 'Josette Martin', description: 'Without an account: name and phone.' })
  @ValidateIf((body: AssignVoucherDto) => body.beneficiaryUserId === undefined || body.beneficiaryName !== undefined)
  @IsString()
  @Length(1, 120)
  beneficiaryName?: string;

  @ApiPropertyOptional({ example: '+33612345678', description: 'International format.' })
  @ValidateIf((body: AssignVoucherDto) => body.beneficiaryUserId === undefined || body.beneficiaryPhone !== undefined)
  @Matches(/^\+[0-9]{8,15}$/, { message: 'beneficiaryPhone must be in international format (+33…)' })
  beneficiaryPhone?: string;
}

export class AssignedVoucherDto {
  @ApiProperty({ example: '7KQM-WX3T-P9CE' }) code: string;
  @ApiProperty({ enum: ['issued', 'assigned', 'redeemed', 'invoiced', 'paid', 'expired', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty() programName: string;
  @ApiProperty({ type: 'integer' }) faceValueCents: number;
  @ApiProperty({
    type: 'object',
    properties: {
      userId: { type: 'string', nullable: true },
      name: { type: 'string', nullable: true },
      phone: { type: 'string', nullable: true },
    },
  })
  beneficiary: { userId: string | null; name: string | null; phone: string | null };
  @ApiProperty({ format: 'date-time' }) assignedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) redeemedAt: string | null;
}

export class RedeemVoucherDto {
  @ApiProperty({ example: '7KQM-WX3T-P9CE', description: 'As printed or scanned; case, spaces and dashes do not matter.' })
  @IsString()
  @Length(1, 40)
  code: string;

  @ApiProperty({ format: 'uuid', description: 'A completed booking of your structure.' })
  @IsUUID()
  bookingId: string;
}

export class RedemptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '7KQM-WX3T-P9CE' }) code: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ type: 'integer' }) faceValueCents: number;
  @ApiProperty({ format: 'date-time' }) redeemedAt: string;
  @ApiProperty({ format: 'date-time' }) undoableUntil: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undoneAt: string | null;
}

export class CancelledVoucherDto {
  @ApiProperty({ example: '7KQM-WX3T-P9CE' }) code: string;
  @ApiProperty({ enum: ['cancelled'] }) status: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ type: 'integer', description: 'Given back to the program’s budget' }) releasedCents: number;
}
