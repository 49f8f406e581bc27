import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
    summary: 'Cancel an issued invoice by a credit note (avoir) of its whole amount, numbered in the invoice series',
    description: 'The invoice becomes `credited`; what the funder had already paid is returned as `refundDueCents`.',
  })
  @ApiCreatedResponse({ type: IssuedCreditNoteDto })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVOICE_ALREADY_CREDITED, or CREDIT_NOTE_NOT_CREDITABLE for a credit note' })
  credit(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: CreditNoteRequestDto) {
    return this.creditNotes.credit(actor, id, body.reason);
  }
}
