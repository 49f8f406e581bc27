import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@passerelle/identity';
import { BatchService } from '@passerelle/vouchers';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';

@ApiTags('vouchers')
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchService) {}

  @Get(':id/vouchers.csv')
  @Roles('funder')
  @ApiOperation({ summary: 'The batch’s vouchers as CSV (code as printed, value, program, validity, status)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'BATCH_NOT_FOUND, also when it is another funder’s' })
  async csv(@CurrentActor() actor: Actor, @Param('id', uuidParam()) batchId: string) {
    return new StreamableFile(Buffer.from(await this.batches.csv(actor, batchId)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="vouchers-${batchId}.csv"`,
    });
  }

  @Get(':id/vouchers.pdf')
  @Roles('funder')
  @ApiOperation({ summary: 'A printable A4 sheet: eight vouchers a page, each with its QR code' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'BATCH_NOT_FOUND, also when it is another funder’s' })
  async pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam()) batchId: string) {
    return new StreamableFile(await this.batches.pdf(actor, batchId), {
      type: 'application/pdf',
      disposition: `attachment; filename="vouchers-${batchId}.pdf"`,
    });
  }
}
