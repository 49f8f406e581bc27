import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProcedureCatalog } from '@passerelle/catalog';
import { Public } from '../../auth/access.decorators';
import { ListProceduresQuery, ProcedureCategoryDto, ProcedureDetailDto } from './dto/procedure.dto';

@ApiTags('catalog')
@Controller('procedures')
export class ProceduresController {
  constructor(private readonly catalog: ProcedureCatalog) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The procedure catalogue: categories with their procedures, documents and typical duration' })
  @ApiOkResponse({ type: [ProcedureCategoryDto] })
  @ApiNotFoundResponse({ description: 'PROCEDURE_CATEGORY_NOT_FOUND' })
  list(@Query() query: ListProceduresQuery) {
    return this.catalog.list(query.category);
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'One procedure with its documents checklist' })
  @ApiOkResponse({ type: ProcedureDetailDto })
  @ApiNotFoundResponse({ description: 'PROCEDURE_NOT_FOUND' })
  get(@Param('code') code: string) {
    return this.catalog.get(code);
  }
}
