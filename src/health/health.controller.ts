import { unavailableBody } from '../operations/operations.errors';
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { JOB_DRIVER, type JobDriver } from '../jobs/job-driver';

/** Each dependency is given this long to answer, so /health always answers within 2 s. */
const PING_MS = 1000;

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
  @ApiOperation({
    summary:
      'Readiness: 200 with status "ok" when the database (and Redis, when REDIS_URL is set) answer; otherwise 503 SERVICE.UNAVAILABLE naming each dependency that is down (details[].dependency). Answers within 2 s.',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | Record<string, unknown>> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: PING_MS }),
        async () => {
          const indicator = this.indicators.check('jobs');
          const redis = await this.jobs.ping();
          if (redis === false) return indicator.down({ driver: this.jobs.name, redis: 'down' });
          return indicator.up({ driver: this.jobs.name, ...(redis === null ? {} : { redis: 'up' }) });
        },
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const dependencies = Object.keys(result.error ?? {}).map((name) => (name === 'jobs' ? 'redis' : name));
      void reply.code(503);
      // terminus' status/info/error stay as they were; its `details` object gives way to the contract's list.
      return { ...result, ...unavailableBody(dependencies, `Not ready: ${dependencies.join(', ')} down.`) };
    }
  }
}
