import { asText } from '../../src/rollups/rollup-sql';

/*
 * The strategy roll-up's one statement (src/rollups/strategy-rollup.ts reads
 * its rows). Every CTE is computed once; the parts of the UNION ALL say which
 * figures a row carries:
 *   m  measures, money and spend      (grp total | round | state | fieldOfAction | quality | guideline)
 *   i  goal indicators and attainment (the same groups)
 *   p  projects with an accepted cascade per total, round and Land
 *   x  projects and measures under more than one field of action
 * Indicators and goal keys live as JSON in the cascade's rows
 * (strategy_goal.indicators_json, strategy_measure.goal_keys_json): SQLite
 * reads them with json_each, PostgreSQL with json_array_elements.
 */

const json = (postgres: boolean) =>
  postgres
    ? {
        indicators: `JOIN json_array_elements(CAST(g.indicators_json AS json)) AS j(value) ON TRUE`,
        field: (name: string) => `(j.value ->> '${name}')`,
        number: (name: string) => `CAST(j.value ->> '${name}' AS double precision)`,
        goalKeys: `JOIN json_array_elements_text(CAST(mf.goal_keys_json AS json)) AS gk(value) ON TRUE`,
      }
    : {
        indicators: `JOIN json_each(g.indicators_json) AS j`,
        field: (name: string) => `json_extract(j.value, '$.${name}')`,
        number: (name: string) => `CAST(json_extract(j.value, '$.${name}') AS REAL)`,
        goalKeys: `JOIN json_each(mf.goal_keys_json) AS gk`,
      };

/**
 * An indicator's attainment, a fraction (1 = target reached): with a baseline,
 * (actual − baseline) / (target − baseline) where target ≠ baseline; without
 * one, actual / target where target ≠ 0; otherwise (no actual, no target, or
 * no distance to cover) NULL, which the roll-up counts as unknown.
 */
const attainment = (postgres: boolean) => {
  const { number } = json(postgres);
  const target = number('target');
  const baseline = number('baseline');
  return `CASE
      WHEN ia.actual IS NULL OR ${target} IS NULL THEN NULL
      WHEN ${baseline} IS NOT NULL THEN CASE WHEN ${target} <> ${baseline} THEN (ia.actual - ${baseline}) / (${target} - ${baseline}) END
      WHEN ${target} <> 0 THEN ia.actual / ${target}
    END`;
};

/*
 * acc: the accepted cascades, each with its project's latest delivered
 * progress report (one index probe per project, on report(project_id, type,
 * period)); lmp, lia: that report's measure entries and indicator actuals,
 * materialised so the joins by key below probe an index SQLite builds on them
 * instead of scanning a report's entries once per measure. mf: their measures, with status and spend from that report. tags:
 * each measure once per field of action, quality and guideline, its figures
 * carried along (tags are unique per measure: the input refuses repeats).
 * mg: which goals each measure serves. ind: every goal indicator with its
 * attainment; indg: the same per goal. served: the goals a field, quality
 * or guideline serves, once per cascade, with their indicator figures (goals
 * without indicators left out: they add nothing).
 */
const CTES = (postgres: boolean) => `
  WITH acc AS MATERIALIZED (
    SELECT s.id AS strategy_id, p.id AS project_id, fr.number AS round_number,
           (SELECT r.id FROM report r WHERE r.project_id = p.id AND r.type = 'progress' AND r.status IN (:...delivered)
            ORDER BY r.period DESC LIMIT 1) AS latest_id
    FROM strategy s JOIN project p ON p.id = s.project_id JOIN funding_round fr ON fr.id = p.round_id
    WHERE s.status = 'accepted' AND p.programme_id = :programmeId),
  lmp AS MATERIALIZED (
    SELECT a.strategy_id, mp.measure_id AS measure_key, mp.status, mp.spend_cents
    FROM acc a JOIN report_measure_progress mp ON mp.report_id = a.latest_id),
  lia AS MATERIALIZED (
    SELECT a.strategy_id, ia.goal_id, ia.indicator_id, ia.actual
    FROM acc a JOIN report_indicator_actual ia ON ia.report_id = a.latest_id),
  mf AS MATERIALIZED (
    SELECT a.project_id, a.strategy_id, a.round_number, m.id AS measure_id, m.goal_keys_json,
           COALESCE(mp.status, m.status) AS status, m.planned_cost_cents AS cost, m.planned_federal_cents AS federal,
           mp.spend_cents AS spend
    FROM acc a JOIN strategy_measure m ON m.strategy_id = a.strategy_id
    LEFT JOIN lmp mp ON mp.strategy_id = a.strategy_id AND mp.measure_key = m.key),
  tags AS MATERIALIZED (
    SELECT mf.project_id, mf.measure_id, mf.status, mf.cost, mf.federal, mf.spend, t.kind, t.code
    FROM mf JOIN strategy_measure_term t ON t.measure_id = mf.measure_id),
  mg AS MATERIALIZED (
    SELECT mf.measure_id, mf.strategy_id, gk.value AS goal_key FROM mf ${json(postgres).goalKeys}),
  ind AS MATERIALIZED (
    SELECT a.project_id, a.strategy_id, a.round_number, g.key AS goal_key, ${attainment(postgres)} AS att
    FROM acc a JOIN strategy_goal g ON g.strategy_id = a.strategy_id
    ${json(postgres).indicators}
    LEFT JOIN lia ia ON ia.strategy_id = a.strategy_id AND ia.goal_id = g.key AND ia.indicator_id = ${json(postgres).field('id')}),
  indg AS MATERIALIZED (
    SELECT ind.strategy_id, ind.goal_key, COUNT(*) AS indicators, COUNT(ind.att) AS measured, SUM(ind.att) AS att_sum
    FROM ind GROUP BY ind.strategy_id, ind.goal_key),
  served AS MATERIALIZED (
    SELECT DISTINCT t.kind, t.code, mgi.strategy_id, mgi.goal_key, mgi.indicators, mgi.measured, mgi.att_sum
    FROM (SELECT mg.measure_id, indg.* FROM mg JOIN indg ON indg.strategy_id = mg.strategy_id AND indg.goal_key = mg.goal_key) mgi
    JOIN strategy_measure_term t ON t.measure_id = mgi.measure_id)`;

const MEASURE_FIGURES: Record<string, string> = {
  measures: 'COUNT(*)',
  done: "SUM(CASE WHEN mf.status = 'done' THEN 1 ELSE 0 END)",
  running: "SUM(CASE WHEN mf.status = 'running' THEN 1 ELSE 0 END)",
  planned: "SUM(CASE WHEN mf.status = 'planned' THEN 1 ELSE 0 END)",
  stopped: "SUM(CASE WHEN mf.status = 'stopped' THEN 1 ELSE 0 END)",
  cost: 'SUM(mf.cost)',
  federal: 'SUM(mf.federal)',
  cost_unknown: 'SUM(CASE WHEN mf.cost IS NULL THEN 1 ELSE 0 END)',
  spend: 'SUM(mf.spend)',
  spend_unknown: 'SUM(CASE WHEN mf.spend IS NULL THEN 1 ELSE 0 END)',
};

/** Column list of every part; a part leaves the columns it does not compute NULL. */
const COLUMNS = [
  'projects',
  'measures',
  'done',
  'running',
  'planned',
  'stopped',
  'cost',
  'federal',
  'cost_unknown',
  'spend',
  'spend_unknown',
  'indicators',
  'measured',
  'att_sum',
] as const;

/** A typed NULL: PostgreSQL resolves UNION column types branch by branch, and an untyped NULL there becomes text. */
const nullOf = (column: string) => (column === 'att_sum' ? 'CAST(NULL AS double precision)' : 'CAST(NULL AS bigint)');

const select = (part: string, grp: string, key: string, figures: Record<string, string>, from: string) =>
  `SELECT '${part}' AS part, ${grp} AS grp, ${key} AS grp_key, ${COLUMNS.map((c) => `${figures[c] ?? nullOf(c)} AS ${c}`).join(', ')} ${from}`;

/** The measure figures over tags (the same columns, carried into each tag row). */
const TAG_FIGURES = Object.fromEntries(Object.entries(MEASURE_FIGURES).map(([k, v]) => [k, v.replace(/mf\./g, 'tags.')]));

const INDICATOR_FIGURES = { indicators: 'COUNT(*)', measured: 'COUNT(ind.att)', att_sum: 'SUM(ind.att)' };

/** Total, per round and per Land over one relation (mf, ind, acc: each has project_id and round_number). */
const byDimension = (part: string, figures: Record<string, string>, relation: string) => [
  select(part, `'total'`, `''`, figures, `FROM ${relation}`),
  select(part, `'round'`, asText(`${relation}.round_number`), figures, `FROM ${relation} GROUP BY ${relation}.round_number`),
  select(
    part,
    `'state'`,
    asText('ps.state_code'),
    figures,
    `FROM ${relation} JOIN project_state ps ON ps.project_id = ${relation}.project_id GROUP BY ps.state_code`,
  ),
];

/** Projects and measures under more than one field of action. */
const MULTI_COUNTED = [
  select(
    'x',
    `'projects'`,
    `''`,
    { projects: 'COUNT(*)' },
    `FROM (SELECT tags.project_id FROM tags WHERE tags.kind = 'fieldOfAction' GROUP BY tags.project_id HAVING COUNT(DISTINCT tags.code) > 1) mp`,
  ),
  select(
    'x',
    `'measures'`,
    `''`,
    { measures: 'COUNT(*)' },
    `FROM (SELECT tags.measure_id FROM tags WHERE tags.kind = 'fieldOfAction' GROUP BY tags.measure_id HAVING COUNT(*) > 1) mm`,
  ),
];

export const STRATEGY_ROLLUP_SQL = (postgres: boolean): string => {
  const parts = [
    ...byDimension('m', MEASURE_FIGURES, 'mf'),
    select(
      'm',
      'tags.kind',
      'tags.code',
      { ...TAG_FIGURES, projects: 'COUNT(DISTINCT tags.project_id)' },
      'FROM tags GROUP BY tags.kind, tags.code',
    ),
    ...byDimension('i', INDICATOR_FIGURES, 'ind'),
    select(
      'i',
      'sv.kind',
      'sv.code',
      { indicators: 'SUM(sv.indicators)', measured: 'SUM(sv.measured)', att_sum: 'SUM(sv.att_sum)' },
      'FROM served sv GROUP BY sv.kind, sv.code',
    ),
    ...byDimension('p', { projects: 'COUNT(*)' }, 'acc'),
    ...MULTI_COUNTED,
  ];
  return `${CTES(postgres)}\n  ${parts.join('\n  UNION ALL\n  ')}`;
};
