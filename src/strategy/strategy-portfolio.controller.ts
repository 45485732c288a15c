import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ListStrategyMeasuresQuery, PortfolioMeasurePageDto } from './strategy-portfolio.dto';
import { StrategyPortfolioService } from './strategy-portfolio.service';

@ApiTags('strategy')
@ApiBearerAuth()
@Controller('strategy')
export class StrategyPortfolioController {
  constructor(private readonly portfolio: StrategyPortfolioService) {}

  @Get('measures')
  @Roles('officer', 'auditor')
  @ApiOperation({
    summary:
      'Measures of accepted strategy cascades across projects (officer, auditor), filtered by field of action, quality, guideline, Staffel, Land and status; sorted by project, then the cascade order. sums covers every matching measure, all pages.',
  })
  @ApiOkResponse({ type: PortfolioMeasurePageDto })
  measures(@CurrentActor() actor: Actor, @Query() query: ListStrategyMeasuresQuery): Promise<PortfolioMeasurePageDto> {
    return this.portfolio.measures(actor, query);
  }
}
