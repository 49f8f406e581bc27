import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountService, type Actor } from '@passerelle/identity';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AccountDto } from './dto/account.dto';

@ApiTags('auth')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: AccountService) {}

  @Get()
  @ApiOperation({ summary: 'The caller: profile, roles and memberships' })
  @ApiOkResponse({ type: AccountDto })
  me(@CurrentActor() actor: Actor) {
    return this.accounts.me(actor);
  }
}
