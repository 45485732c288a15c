import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { syncAllObligations } from '../obligations/obligation-sync';
import { WorkingDays } from '../obligations/working-days';
import { generateSyntheticPortfolio } from './synthetic-portfolio';
import { DEFAULT_SEED, parseSyntheticArgs, SYNTHETIC_USAGE, SyntheticPortfolioError } from './synthetic-options';

/**
 * `npm run seed:synthetic -- --projects N --years Y [--seed S] [--force]`:
 * migrates the database named by DATABASE_URL, then fills it with a synthetic
 * programme. Progress goes to stderr, the summary to stdout.
 */

const BAR_WIDTH = 30;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A one-line bar redrawn in place with \r on a terminal; a line per tenth elsewhere (CI logs, pipes). */
function progressBar(stream: NodeJS.WriteStream) {
  const started = Date.now();
  let lastTenth = -1;
  return (done: number, total: number, stage: string) => {
    const ratio = total === 0 ? 1 : done / total;
    const elapsed = Date.now() - started;
    const eta = done > 0 && done < total ? ` · ${seconds((elapsed / done) * (total - done))} left` : '';
    const filled = Math.round(ratio * BAR_WIDTH);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)} % ${done}/${total} projects · ${stage} · ${seconds(elapsed)}${eta}`;
    if (stream.isTTY) {
      stream.write(`\r${line}\x1b[K`);
      if (stage === 'done') stream.write('\n');
    } else {
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth || stage === 'done') stream.write(`${line}\n`);
      lastTenth = tenth;
    }
  };
}

async function main(): Promise<void> {
  const args = parseSyntheticArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(SYNTHETIC_USAGE);
    return;
  }
  const config = loadConfig();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const result = await generateSyntheticPortfolio(dataSource, { ...args, onProgress: progressBar(process.stderr) });
    // The reporting obligations of the new projects, as the API would keep them.
    await syncAllObligations((work) => dataSource.transaction(work), config.reporting, new WorkingDays(config.deadlines.workingDays));
    const rows =
      result.projects +
      result.bodies +
      result.commitments +
      result.disbursements +
      result.reports +
      result.milestones +
      result.indicators +
      result.spendingLines +
      Object.values(result.strategy).reduce((sum, n) => sum + n, 0) -
      result.strategy.cascadesAccepted;
    console.log(
      `Created the synthetic programme SYNTH-${args.seed ?? DEFAULT_SEED} (id ${result.programmeId}) in ${seconds(result.ms)}: ` +
        `${result.projects} projects, ${result.bodies} bodies, ${result.commitments} commitments, ${result.disbursements} disbursements, ` +
        `${result.reports} reports with ${result.milestones} milestones, ${result.indicators} indicators and ${result.spendingLines} spending lines, ` +
        `${result.strategy.cascades} strategy cascades (${result.strategy.cascadesAccepted} accepted) with ${result.strategy.goals} goals and ` +
        `${result.strategy.measures} measures, ${result.strategy.measureProgress} measure entries and ${result.strategy.indicatorActuals} indicator actuals in reports ` +
        `(${rows} rows, ${Math.round(rows / (result.ms / 1000))} rows/s).`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SyntheticPortfolioError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
