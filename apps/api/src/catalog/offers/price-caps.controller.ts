import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PriceCapService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { Public, Roles } from '../../auth/access.decorators';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { PriceCapChangeDto, PriceCapDto, PriceCapHistoryEntryDto, PriceCapsQueryDto, SetPriceCapDto } from './dto/price-cap.dto';

@ApiTags('price caps')
@Controller()
export class PriceCapsController {
  constructor(private readonly caps: PriceCapService) {}

  @Put('admin/price-caps/:procedureCode')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set the national or a département price cap of a procedure',
    description:
      'Upserts the cap, records its history and, in the same transaction, suspends (never reprices) the active or paused ' +
      'commercial offers it governs whose price is above it; their structures are notified. Raising a cap does not ' +
      'reactivate suspended offers: each mediator lowers (or confirms) the price.',
  })
  @ApiOkResponse({ type: PriceCapChangeDto })
  @ApiNotFoundResponse({ description: 'PROCEDURE_NOT_FOUND' })
  set(@CurrentActor() actor: Actor, @Param('procedureCode') procedureCode: string, @Body() body: SetPriceCapDto) {
    return this.caps.setCap(actor, procedureCode, body);
  }

  @Get('admin/price-caps/:procedureCode/history')
  @Roles('admin')
  @ApiOperation({ summary: 'Every change of the caps of a procedure (who, when, why, old → new), newest first' })
  @ApiOkResponse({ type: [PriceCapHistoryEntryDto] })
  @ApiNotFoundResponse({ description: 'PROCEDURE_NOT_FOUND' })
  history(@CurrentActor() actor: Actor, @Param('procedureCode') procedureCode: string) {
    return this.caps.history(actor, procedureCode);
  }

  @Get('price-caps')
  @Public()
  @ApiOperation({
    summary: 'Price caps in force, national (departement null) and per département',
    description: "An offer's cap is its département's cap when there is one, else the national cap.",
  })
  @ApiOkResponse({ type: [PriceCapDto] })
  @ApiNotFoundResponse({ description: 'PROCEDURE_NOT_FOUND' })
  list(@Query() query: PriceCapsQueryDto) {
    return this.caps.list(query.procedure);
  }
}
