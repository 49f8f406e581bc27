import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CredentialService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../../auth/access.decorators';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CredentialDecisionReasonDto, CredentialDto, DeclareCredentialDto, VerifyCredentialDto } from './dto/credential.dto';
import { uuidParam } from './uuid-param';

@ApiTags('structures')
@Controller('structures/:id/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialService) {}

  @Post()
  @Roles('mediator')
  @ApiOperation({
    summary: 'Declare a credential (label, habilitation) with its evidence; pending until an admin verifies it',
    description: 'Errors: CREDENTIAL_EXPIRED (422) when expiresOn is already past.',
  })
  @ApiCreatedResponse({ type: CredentialDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  declare(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string, @Body() body: DeclareCredentialDto) {
    return this.credentials.declare(actor, structureId, body);
  }

  @Get()
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: "A structure's credentials, each saying whether it counts today (`active`)" })
  @ApiOkResponse({ type: [CredentialDto] })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.credentials.list(actor, structureId);
  }
}

@ApiTags('admin')
@Controller('admin/structures/:id/credentials/:credentialId')
export class AdminCredentialsController {
  constructor(private readonly credentials: CredentialService) {}

  @Post('verify')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Verify a pending credential (optional note); audited', description: 'Errors: CREDENTIAL_STATE_CONFLICT (409), CREDENTIAL_EXPIRED (422).' })
  @ApiOkResponse({ type: CredentialDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, CREDENTIAL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CREDENTIAL_STATE_CONFLICT: only a pending credential can be verified' })
  verify(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) structureId: string,
    @Param('credentialId', uuidParam()) credentialId: string,
    @Body() body: VerifyCredentialDto,
  ) {
    return this.credentials.decide(actor, structureId, credentialId, 'verify', body?.reason ?? null);
  }

  @Post('reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reject a pending credential, with a reason; audited' })
  @ApiOkResponse({ type: CredentialDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, CREDENTIAL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CREDENTIAL_STATE_CONFLICT: only a pending credential can be rejected' })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) structureId: string,
    @Param('credentialId', uuidParam()) credentialId: string,
    @Body() body: CredentialDecisionReasonDto,
  ) {
    return this.credentials.decide(actor, structureId, credentialId, 'reject', body.reason);
  }

  @Post('revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a verified credential, with a reason; audited' })
  @ApiOkResponse({ type: CredentialDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, CREDENTIAL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CREDENTIAL_STATE_CONFLICT: only a verified credential can be revoked' })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) structureId: string,
    @Param('credentialId', uuidParam()) credentialId: string,
    @Body() body: CredentialDecisionReasonDto,
  ) {
    return this.credentials.decide(actor, structureId, credentialId, 'revoke', body.reason);
  }
}
