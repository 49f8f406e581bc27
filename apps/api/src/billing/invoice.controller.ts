import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoiceQueryService, InvoicingRunService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { InvoiceDto, InvoiceSummaryDto, InvoicingRunRequestDto, InvoicingRunSummaryDto } from './dto/invoice.dto';

@ApiTags('billing')
@Controller()
export class InvoiceController {
  constructor(
    private readonly runs: InvoicingRunService,
    private readonly invoices: InvoiceQueryService,
  ) {}

  @Post('admin/invoicing-runs')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Invoice a month now (what the monthly job does): one invoice per funder and program; re-running creates nothing" })
  @ApiOkResponse({ type: InvoicingRunSummaryDto })
  run(@CurrentActor() actor: Actor, @Body() body: InvoicingRunRequestDto) {
    return this.runs.run(actor, body.period);
  }

  @Get('invoices')
  @Roles('funder', 'admin')
  @ApiOperation({ summary: "Your funder's invoices (all of them for an admin), newest first" })
  @ApiOkResponse({ type: [InvoiceSummaryDto] })
  list(@CurrentActor() actor: Actor) {
    return this.invoices.list(actor);
  }

  @Get('invoices/:id')
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'One invoice with its lines, VAT breakdown, totals, status and amount paid' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ description: "INVOICE_NOT_FOUND, also for another funder's invoice" })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.invoices.get(actor, id);
  }
}
