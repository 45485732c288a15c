import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { LoginDto, MeDto, TokenDto } from './auth.dto';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { AnonymousActor } from './request-context';
import { SESSION_COOKIE, SessionCookies } from './session-cookies';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly session: SessionCookies,
    private readonly guard: AuthGuard,
  ) {}

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

  @Post('auth/session')
  @Public()
  @HttpCode(204)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary:
      `Browser sign-in: sets the HttpOnly cookie ${SESSION_COOKIE} (the token) and the readable cookie mpsc_csrf, ` +
      'whose value cookie-authenticated writes send back in the X-CSRF-Token header. Audited and rate-limited like /auth/login.',
  })
  @ApiNoContentResponse({ description: 'Signed in; the cookies are set.' })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (AUTH.INVALID_CREDENTIALS).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  async signIn(@Body() body: LoginDto, @AnonymousActor() context: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const { accessToken } = await this.auth.login(body.email, body.password, context, true);
    this.session.issue(reply, accessToken);
  }

  @Delete('auth/session')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Browser sign-out: clears both session cookies (audited when the session was still valid).' })
  @ApiNoContentResponse({ description: 'Signed out; the cookies are cleared.' })
  async signOut(
    @Req() request: FastifyRequest,
    @AnonymousActor() context: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = this.session.tokenOf(request);
    const actor = token ? await this.guard.verify(token, request).catch(() => null) : null;
    if (actor) await this.auth.logout({ ...actor, requestId: context.requestId });
    this.session.clear(reply);
  }

  @Get('me')
  @ApiOperation({ summary: 'The account behind the token or session cookie.' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return this.auth.me(actor);
  }
}
