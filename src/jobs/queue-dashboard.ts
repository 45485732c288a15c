import { dashboardUnauthenticated } from '../auth/auth.errors';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OfficerBasicAuth } from '../auth/officer-basic-auth';
import { BullMqJobDriver } from './bullmq.driver';
import { JOB_DRIVER, type JobDriver } from './job-driver';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for officers only (an officer's browser session,
 * HTTP basic auth with an officer account, or an officer's bearer token: OfficerBasicAuth). Present only when jobs run
 * through BullMQ; without Redis there is no queue to show.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<boolean> {
  const driver = app.get<JobDriver>(JOB_DRIVER);
  if (!(driver instanceof BullMqJobDriver)) return false;
  const auth = app.get(OfficerBasicAuth);
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(driver.queue)],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'mpsc-tracker jobs' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (await auth.isOfficer(request)) return;
        await reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="mpsc-tracker queues", charset="UTF-8"')
          .send(dashboardUnauthenticated());
      });
      await scope.register(board.registerPlugin() as never);
    },
    { prefix: DASHBOARD_PATH },
  );
  return true;
}
