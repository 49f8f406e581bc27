import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CreditNoteService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { CreditNoteRequestDto, IssuedCreditNoteDto } from './dto/credit-note.dto';

@ApiTags('billing')
@Controller('admin/invoices/:id/credit-notes')
export class CreditNoteController {
  constructor(private readonly creditNotes: CreditNoteService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Credit an issued invoice, in whole or in part, by a credit note (avoir) numbered in the invoice series',
    description:
      'Without `lines`, credits everything not credited yet. With `lines`, credits vouchers of some face-value lines (a quantity, or named ' +
      'voucherIds); the operator fee and its VAT follow in proportion. Credit notes never add up to more than the invoice, per line or in ' +
      'total. The invoice becomes `credited` once nothing is left; what the funder paid beyond what it now owes is `refundDueCents`. ' +
      'With `rebill`, the credited vouchers go back to redeemed and are billed by the next invoicing run.',
  })
  @ApiCreatedResponse({ type: IssuedCreditNoteDto })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'INVOICE_ALREADY_CREDITED, CREDIT_NOTE_NOT_CREDITABLE for a credit note, CREDIT_NOTE_EXCEEDS_INVOICE beyond what is left of a line, CREDIT_NOTE_REBILL_AFTER_PAYOUT to re-bill a paid invoice',
  })
  @ApiUnprocessableEntityResponse({ description: 'CREDIT_NOTE_LINE_INVALID (not a voucher line, asked twice), CREDIT_NOTE_VOUCHER_INVALID (not on that line)' })
  credit(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: CreditNoteRequestDto) {
    return this.creditNotes.credit(actor, id, body);
  }
}
