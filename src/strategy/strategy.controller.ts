import { Body, Controller, Get, Headers, HttpCode, Post, Put, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import { SessionCookies, type CookieRequest } from '../auth/session-cookies';
import { IdParam } from '../common/route-id';
import { EtagInterceptor } from '../reports/etag.interceptor';
import { ReviewReportInput } from '../reports/report-input.dto';
import { StrategyDto } from './strategy.dto';
import { PutStrategyInput } from './strategy-input.dto';
import { StrategyService } from './strategy.service';

const PROJECT_ID = { description: 'Numeric project id.' };
const IF_MATCH = { name: 'If-Match', description: 'The version (ETag) last read, e.g. 3; 0 before the first save.' };

@ApiTags('strategy')
@Controller('projects/:id/strategy')
export class StrategyController {
  constructor(
    private readonly strategies: StrategyService,
    private readonly guard: AuthGuard,
    private readonly session: SessionCookies,
  ) {}

  @Get()
  @Public()
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({
    summary:
      "The project's strategy cascade. Public once accepted (the last accepted submission); the current draft for the project's municipality, officers and auditors.",
  })
  @ApiOkResponse({ type: StrategyDto })
  @ApiNotFoundResponse({
    description: 'No such project (PROJECT.NOT_FOUND), or no accepted cascade the caller may see (STRATEGY.NOT_FOUND).',
  })
  async get(@Req() request: CookieRequest, @IdParam('id', PROJECT_ID) projectId: number): Promise<StrategyDto> {
    // Public, but a signed-in caller may see more: read the token when one is sent (a bad one is still refused).
    const signedIn = request.headers.authorization !== undefined || this.session.tokenOf(request) !== null;
    const actor = signedIn ? await this.guard.authenticate(request) : null;
    return this.strategies.get(actor, projectId);
  }

  @Put()
  @Roles('municipality')
  @ApiBearerAuth()
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({ summary: 'Write the whole cascade (municipality): vision to measures. Saving an accepted cascade starts a new draft.' })
  @ApiOkResponse({ type: StrategyDto })
  @ApiConflictResponse({ description: 'If-Match is not the current version (STRATEGY.VERSION_CONFLICT).' })
  @ApiUnprocessableEntityResponse({ description: 'STRATEGY.OVER_GRANT (planned federal share above the grant), STRATEGY.NOT_EDITABLE.' })
  put(
    @CurrentActor() actor: Actor,
    @IdParam('id', PROJECT_ID) projectId: number,
    @Body() body: PutStrategyInput,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<StrategyDto> {
    return this.strategies.put(actor, projectId, body, ifMatch);
  }

  @Post('submit')
  @HttpCode(200)
  @Roles('municipality')
  @ApiBearerAuth()
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOperation({ summary: 'Submit the cascade to the programme office (municipality); it is frozen as a new submission.' })
  @ApiOkResponse({ type: StrategyDto })
  @ApiUnprocessableEntityResponse({ description: 'STRATEGY.INCOMPLETE (details name the fields), STRATEGY.NOT_SUBMITTABLE.' })
  submit(
    @CurrentActor() actor: Actor,
    @IdParam('id', PROJECT_ID) projectId: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<StrategyDto> {
    return this.strategies.submit(actor, projectId, ifMatch);
  }

  @Post('review')
  @HttpCode(200)
  @Roles('officer')
  @ApiBearerAuth()
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOperation({ summary: 'Accept a submitted cascade (it becomes public) or request changes, with a comment (officer).' })
  @ApiOkResponse({ type: StrategyDto })
  @ApiUnprocessableEntityResponse({ description: 'Only a submitted cascade can be reviewed (STRATEGY.NOT_SUBMITTED).' })
  review(
    @CurrentActor() actor: Actor,
    @IdParam('id', PROJECT_ID) projectId: number,
    @Body() body: ReviewReportInput,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<StrategyDto> {
    return this.strategies.review(actor, projectId, body, ifMatch);
  }
}
