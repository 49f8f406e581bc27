import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@passerelle/identity';
import { FunderService } from '@passerelle/vouchers';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { AccountDto } from '../identity/dto/account.dto';
import { CreateFunderDto, CreateFunderMemberDto, FunderDto } from './dto/funder.dto';

@ApiTags('admin')
@Controller('admin/funders')
export class FundersController {
  constructor(private readonly funders: FunderService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a funder (the organisation that pays for vouchers)' })
  @ApiCreatedResponse({ type: FunderDto })
  @ApiConflictResponse({ description: 'FUNDER_ALREADY_REGISTERED (same SIRET)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateFunderDto) {
    return this.funders.register(actor, body);
  }

  @Post(':id/members')
  @Roles('admin')
  @ApiOperation({ summary: 'Create an account in a funder: finance staff (funder) or prescriber' })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiNotFoundResponse({ description: 'FUNDER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'EMAIL_ALREADY_REGISTERED' })
  addMember(@CurrentActor() actor: Actor, @Param('id', uuidParam()) funderId: string, @Body() body: CreateFunderMemberDto) {
    return this.funders.addMember(actor, funderId, body);
  }
}
