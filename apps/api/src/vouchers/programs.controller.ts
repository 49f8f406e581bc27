import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@passerelle/identity';
import { BatchService, ProgramService, ProgramStatsService } from '@passerelle/vouchers';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { BatchDto, CreateBatchDto, CreateProgramDto, ProgramDto, ProgramStatsDto } from './dto/program.dto';

const NOT_YOURS = 'PROGRAM_NOT_FOUND, also when the program is another funder’s';

@ApiTags('vouchers')
@Controller('programs')
export class ProgramsController {
  constructor(
    private readonly programs: ProgramService,
    private readonly batches: BatchService,
    private readonly stats: ProgramStatsService,
  ) {}

  @Post()
  @Roles('funder')
  @ApiOperation({
    summary: 'Create a voucher program (dispositif) of your funder',
    description: 'Errors: VALIDATION_FAILED, INVALID_PROGRAM, FUNDER_REQUIRED (400); FUNDER_NOT_FOUND (404).',
  })
  @ApiCreatedResponse({ type: ProgramDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateProgramDto) {
    return this.programs.create(actor, body);
  }

  @Get()
  @Roles('funder')
  @ApiOperation({ summary: 'Your funders’ programs' })
  @ApiOkResponse({ type: [ProgramDto] })
  list(@CurrentActor() actor: Actor) {
    return this.programs.list(actor);
  }

  @Get(':id')
  @Roles('funder')
  @ApiOperation({ summary: 'One program' })
  @ApiOkResponse({ type: ProgramDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string) {
    return this.programs.get(actor, programId);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({ summary: 'Pause: no new batch, assignment or redemption until resumed' })
  @ApiOkResponse({ type: ProgramDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  pause(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string) {
    return this.programs.setStatus(actor, programId, 'paused');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({ summary: 'Resume a paused program' })
  @ApiOkResponse({ type: ProgramDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  resume(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string) {
    return this.programs.setStatus(actor, programId, 'active');
  }

  @Post(':id/batches')
  @Roles('funder')
  @ApiOperation({ summary: 'Issue a batch (carnet) of vouchers within the program’s budget' })
  @ApiCreatedResponse({ type: BatchDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  @ApiUnprocessableEntityResponse({ description: 'BUDGET_EXCEEDED (details: requestedCents, budgetLeftCents), PROGRAM_PAUSED' })
  issue(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string, @Body() body: CreateBatchDto) {
    return this.batches.issue(actor, programId, body.count);
  }

  @Get(':id/stats')
  @Roles('funder')
  @ApiOperation({ summary: 'Usage and spend: issued, assigned, redeemed, expired; by procedure, département and month' })
  @ApiOkResponse({ type: ProgramStatsDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  getStats(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string) {
    return this.stats.get(actor, programId);
  }

  @Get(':id/stats.csv')
  @Roles('funder')
  @ApiOperation({ summary: 'The same usage figures as CSV (section, key, count, amount_cents)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async statsCsv(@CurrentActor() actor: Actor, @Param('id', uuidParam()) programId: string) {
    return new StreamableFile(Buffer.from(await this.stats.csv(actor, programId)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="program-${programId}-stats.csv"`,
    });
  }
}
