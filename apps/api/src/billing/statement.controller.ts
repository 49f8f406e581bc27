import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatementService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { StructureStatementDto } from './dto/statement.dto';

@ApiTags('billing')
@Controller('structures/:id/statements')
export class StatementController {
  constructor(private readonly statements: StatementService) {}

  @Get()
  @Roles('mediator', 'admin')
  @ApiOperation({
    summary: "Your structure's statement: per invoice what it earned, what was transferred (Stripe ids, dates), what is pending and why; totals and ledger balance",
  })
  @ApiOkResponse({ type: StructureStatementDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.statements.statement(actor, structureId);
  }
}
