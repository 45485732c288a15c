import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { JOB_DRIVER, type JobDriver } from '../jobs/job-driver';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(JOB_DRIVER) private readonly jobs: JobDriver,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: 200 with status "ok" when the database (and Redis, when REDIS_URL is set) answer; 503 otherwise.',
  })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('jobs');
        const redis = await this.jobs.ping();
        if (redis === false) return indicator.down({ driver: this.jobs.name, redis: 'down' });
        return indicator.up({ driver: this.jobs.name, ...(redis === null ? {} : { redis: 'up' }) });
      },
    ]);
  }
}
