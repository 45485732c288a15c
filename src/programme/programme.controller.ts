import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { PublicCacheInterceptor } from '../common/public-cache.interceptor';
import { CategoryDto, ProgrammeDto, RoundDto, StateDto } from './programme.dto';
import { ProgrammeService } from './programme.service';

@ApiTags('portfolio')
@Public()
@UseInterceptors(PublicCacheInterceptor)
@Controller()
export class ProgrammeController {
  constructor(private readonly programmes: ProgrammeService) {}

  @Get('programme')
  @ApiOperation({ summary: 'The programme: budget, rates, and grant totals with how much is unknown.' })
  @ApiOkResponse({ type: ProgrammeDto })
  programme(): Promise<ProgrammeDto> {
    return this.programmes.programme();
  }

  @Get('rounds')
  @ApiOperation({ summary: 'The funding rounds (Staffeln) with project counts and grant totals.' })
  @ApiOkResponse({ type: [RoundDto] })
  rounds(): Promise<RoundDto[]> {
    return this.programmes.rounds();
  }

  @Get('categories')
  @ApiOperation({ summary: 'The four project categories with project counts and grant totals.' })
  @ApiOkResponse({ type: [CategoryDto] })
  categories(): Promise<CategoryDto[]> {
    return this.programmes.categories();
  }

  @Get('states')
  @ApiOperation({ summary: 'All 16 Länder (ISO 3166-2), with project counts and grant totals; Länder without projects show zeros.' })
  @ApiOkResponse({ type: [StateDto] })
  states(): Promise<StateDto[]> {
    return this.programmes.states();
  }
}
