import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { LoginDto, MeDto, TokenDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { AnonymousActor } from './request-context';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Exchange e-mail and password for a bearer token. Failures are audited and rate-limited.' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (AUTH.INVALID_CREDENTIALS).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  login(@Body() body: LoginDto, @AnonymousActor() context: Actor): Promise<TokenDto> {
    return this.auth.login(body.email, body.password, context);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The account behind the token.' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return this.auth.me(actor);
  }
}
