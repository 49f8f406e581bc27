import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountService, type Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AccountDto } from './dto/account.dto';
import { CreateUserDto } from './dto/create-user.dto';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly accounts: AccountService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an account of any role, attached to a structure or a funder' })
  @ApiCreatedResponse({ type: AccountDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.accounts.createAccount(actor, body);
  }
}
