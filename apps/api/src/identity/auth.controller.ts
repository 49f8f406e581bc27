import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuthenticationService,
  SessionService,
  type Actor,
  type AuthenticatedUser,
  type RequestOrigin,
  type TokenPair,
} from '@passerelle/identity';
import { Public } from '../auth/access.decorators';
import { CredentialsUser, CurrentActor, Origin } from '../auth/current-actor.decorator';
import { LocalAuthGuard } from '../auth/local-auth.guard';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { RegistrationResultDto, TokenPairDto } from './dto/token-pair.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Self sign-up of a beneficiary; other roles are created by an admin' })
  @ApiOkResponse({ type: RegistrationResultDto })
  register(@Body() body: RegisterDto, @Origin() origin: RequestOrigin) {
    return this.authentication.register(body, origin);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Log in with email and password (rate limited per account and per IP)' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  login(
    @Body() _credentials: LoginDto,
    @CredentialsUser() user: AuthenticatedUser,
    @Origin() origin: RequestOrigin,
  ): Promise<TokenPair> {
    return this.authentication.login(user, origin);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; a reused token closes the session' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto, @Origin() origin: RequestOrigin): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken, origin);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Close the current session: its access and refresh tokens stop working' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.sessions.close(actor);
  }
}
