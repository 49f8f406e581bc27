import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StructureService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../../auth/access.decorators';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CreateStructureDto, StructureDto, UpdateStructureDto } from './dto/structure.dto';
import { uuidParam } from './uuid-param';

@ApiTags('structures')
@Controller('structures')
export class StructuresController {
  constructor(private readonly structures: StructureService) {}

  @Post()
  @Roles('mediator')
  @ApiOperation({
    summary: 'Create your structure (SIRET or RNA); you become its first member',
    description: 'Errors: INVALID_SIRET, INVALID_RNA, STRUCTURE_IDENTIFIER_REQUIRED (400), STRUCTURE_ALREADY_REGISTERED (409).',
  })
  @ApiCreatedResponse({ type: StructureDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateStructureDto) {
    return this.structures.create(actor, body);
  }

  @Get(':id')
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: 'A structure (its members and admins only)' })
  @ApiOkResponse({ type: StructureDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.structures.get(actor, id);
  }

  @Patch(':id')
  @Roles('mediator')
  @ApiOperation({ summary: 'Change your structure (members only)' })
  @ApiOkResponse({ type: StructureDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: UpdateStructureDto) {
    return this.structures.update(actor, id, body);
  }
}
