import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InvoiceDocumentService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';

@ApiTags('billing')
@Controller('invoices/:id')
export class InvoiceDocumentController {
  constructor(private readonly documents: InvoiceDocumentService) {}

  @Get('pdf')
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'The invoice or credit note as a PDF, with the French legal mentions' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: "INVOICE_NOT_FOUND, also for another funder's invoice" })
  async pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    const { number, content } = await this.documents.pdf(actor, id);
    return new StreamableFile(content, { type: 'application/pdf', disposition: `inline; filename="${number}.pdf"` });
  }

  @Get('cii.xml')
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'The invoice or credit note as EN 16931 structured data: UN/CEFACT CII XML, Factur-X profile EN 16931' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The CII XML document', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: "INVOICE_NOT_FOUND, also for another funder's invoice" })
  async cii(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    const { number, content } = await this.documents.cii(actor, id);
    return new StreamableFile(Buffer.from(content, 'utf8'), { type: 'application/xml; charset=utf-8', disposition: `inline; filename="${number}.xml"` });
  }
}
