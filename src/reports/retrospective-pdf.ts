import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AttributionModel } from './attribution-models.ts';
import { barChart, heading, openDocument, paragraph, table } from './pdf-drawing.ts';
import { SEGMENT_LABELS, type Segment } from './report-segments.ts';
import { type Retrospective, retrospective } from './retrospective.ts';
import { type RoiReport, roiReport } from './roi-report.ts';
import { type TargetVsControl, targetVsControl } from './target-vs-control.ts';

export interface RetrospectiveDocument {
  retro: Retrospective;
  control: TargetVsControl;
  roi: RoiReport;
}

const MODEL_LABELS: Record<AttributionModel, string> = {
  first_touch: 'first touch',
  last_touch: 'last touch',
  linear: 'linear',
  u_shaped: 'U-shaped (40/20/40)',
  w_shaped: 'W-shaped (30/30/30 + 10)',
  time_decay: 'time decay',
};
const RATES = new Set(['winRate']);
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const two = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '-' : Math.abs(n) >= 100 ? whole.format(n) : two.format(n);
const pct = (n: number | null | undefined) =>
  n === null || n === undefined ? '-' : `${n > 0 ? '+' : ''}${Math.round(n * 1000) / 10}%`;
const share = (n: number | null | undefined) =>
  n === null || n === undefined ? '-' : `${Math.round(n * 1000) / 10}%`;
const metricValue = (metric: string, n: number | null) => (RATES.has(metric) ? share(n) : num(n));
const humanize = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

/** The retrospective with target versus control and ROI by play: what the review PDF shows. */
export async function loadRetrospectiveDocument(
  db: Kysely<DB>,
  workspaceId: string,
  options: { period: string; segment: Segment; model: AttributionModel },
): Promise<RetrospectiveDocument> {
  const retro = await retrospective(db, workspaceId, options);
  const control = await targetVsControl(db, workspaceId, {
    period: retro.period,
    controlsPerTarget: 3,
    seed: 1,
  });
  const roi = await roiReport(db, workspaceId, {
    period: retro.period,
    model: options.model,
    by: 'play',
    segment: options.segment,
  });
  return { retro, control, roi };
}

/**
 * The period review as a PDF for the meeting: scorecard against goals and the previous period (with
 * a bar chart), target versus control with intervals and p-values, pipeline and ROI by play under
 * the chosen model (chart), best and worst accounts, content that moved accounts, committee gaps,
 * both teams' notes and the suggestions for the next list. Text is drawn in Noto Sans SC, so CJK
 * account names render; every value passes through safeText.
 */
export async function renderRetrospectivePdf(
  d: RetrospectiveDocument,
  workspaceName: string,
): Promise<Buffer> {
  const { retro, control, roi } = d;
  const { doc, done } = openDocument({
    title: `Retrospective ${retro.period}`,
    subject: `${workspaceName}: ${SEGMENT_LABELS[retro.segment]}`,
  });
  doc.fontSize(18).text(`Period retrospective ${retro.period}`);
  paragraph(
    doc,
    `${workspaceName} · ${SEGMENT_LABELS[retro.segment]} · attribution model: ${MODEL_LABELS[retro.model]} · ` +
      `compared with ${retro.previousPeriod} · computed ${retro.computedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );

  heading(doc, 'Scorecard against goals and the previous period');
  const counts = ['reached', 'engaged', 'mqa', 'withOpportunity', 'won', 'oppsCreated'];
  barChart(
    doc,
    retro.scorecard
      .filter((r) => counts.includes(r.metric))
      .map((r) => ({ label: humanize(r.metric), values: [r.current ?? 0, r.previous ?? 0] })),
    { series: [retro.period, retro.previousPeriod], format: num, title: 'Accounts' },
  );
  table(
    doc,
    [
      { header: 'Figure', width: 170 },
      { header: retro.period, width: 80, align: 'right' },
      { header: retro.previousPeriod, width: 80, align: 'right' },
      { header: 'Change', width: 60, align: 'right' },
      { header: 'Goal', width: 70, align: 'right' },
      { header: 'Met', width: 40 },
    ],
    retro.scorecard.map((r) => [
      humanize(r.metric),
      metricValue(r.metric, r.current),
      metricValue(r.metric, r.previous),
      pct(r.change),
      metricValue(r.metric, r.goal),
      r.goalMet === null ? '' : r.goalMet ? 'yes' : 'no',
    ]),
  );

  heading(doc, 'Target accounts versus control');
  paragraph(
    doc,
    `${control.method.description} Targets ${control.groups.targets} (matched ${control.groups.matchedTargets}), ` +
      `controls ${control.groups.controls}.`,
  );
  table(
    doc,
    [
      { header: 'Metric', width: 150 },
      { header: 'Targets', width: 60, align: 'right' },
      { header: 'Control', width: 60, align: 'right' },
      { header: 'Lift', width: 50, align: 'right' },
      { header: '95% interval', width: 100, align: 'right' },
      { header: 'p', width: 50, align: 'right' },
      { header: 'Test / note', width: 130 },
    ],
    control.metrics.map((m) => {
      const rate = m.metric.endsWith('Rate');
      const v = (n: number | null) => (rate ? share(n) : num(n));
      return [
        m.label,
        v(m.target),
        v(m.control),
        pct(m.lift),
        m.interval ? `${v(m.interval.low)} to ${v(m.interval.high)}` : '-',
        m.pValue === null ? '-' : m.pValue < 0.001 ? '<0.001' : two.format(m.pValue),
        m.status === 'ok'
          ? `${humanize(m.test ?? '')}${m.significant ? ', significant' : ''}`
          : `not enough data: ${m.reason ?? ''}`,
      ];
    }),
  );

  heading(doc, `Pipeline and ROI by play (${MODEL_LABELS[retro.model]})`);
  barChart(
    doc,
    roi.rows
      .slice(0, 12)
      .map((r) => ({ label: r.key ?? '(no play)', values: [r.pipeline, r.revenue, r.cost] })),
    { series: ['Pipeline', 'Revenue', 'Cost'], format: num },
  );
  table(
    doc,
    [
      { header: 'Play', width: 150 },
      { header: 'Cost', width: 70, align: 'right' },
      { header: 'Opps', width: 50, align: 'right' },
      { header: 'Pipeline', width: 80, align: 'right' },
      { header: 'Revenue', width: 80, align: 'right' },
      { header: 'ROI', width: 60, align: 'right' },
      { header: 'Cost/opp', width: 70, align: 'right' },
    ],
    roi.rows.map((r) => [
      r.key ?? '(no play)',
      num(r.cost),
      num(r.opportunities),
      num(r.pipeline),
      num(r.revenue),
      pct(r.roi),
      num(r.costPerOpportunity),
    ]),
  );

  for (const [title, rows] of [
    ['Best accounts', retro.bestAccounts],
    ['Accounts that did not move', retro.worstAccounts],
  ] as const) {
    heading(doc, title);
    if (rows.length === 0) paragraph(doc, 'None in this period.');
    else
      table(
        doc,
        [
          { header: 'Account', width: 170 },
          { header: 'Tier', width: 35, align: 'right' },
          { header: 'Touches', width: 50, align: 'right' },
          { header: 'Points', width: 50, align: 'right' },
          { header: 'Stage', width: 110 },
          { header: 'Pipeline', width: 70, align: 'right' },
          { header: 'Won', width: 70, align: 'right' },
        ],
        rows.map((a) => [
          a.name,
          a.tier === null ? '' : String(a.tier),
          num(a.touches),
          num(a.points),
          `${a.stageStart ?? '-'} → ${a.stageEnd ?? '-'}`,
          num(a.pipelineCreated),
          num(a.wonRevenue),
        ]),
      );
  }

  heading(doc, 'Content that moved accounts');
  if (retro.assets.length === 0) paragraph(doc, 'No attributed content in this period.');
  else
    table(
      doc,
      [
        { header: 'Asset', width: 220 },
        { header: 'Accounts', width: 60, align: 'right' },
        { header: 'Moved a stage', width: 80, align: 'right' },
        { header: 'Pipeline', width: 80, align: 'right' },
        { header: 'Revenue', width: 80, align: 'right' },
      ],
      retro.assets
        .slice(0, 20)
        .map((a) => [
          a.key ?? '(no asset)',
          num(a.accounts),
          num(a.accountsMoved),
          num(a.pipeline),
          num(a.revenue),
        ]),
    );

  heading(doc, 'Buying-committee gaps still open');
  barChart(
    doc,
    retro.roleGaps.map((g) => ({ label: humanize(g.role), values: [g.accountsMissing] })),
    { series: ['Target accounts missing the role'], format: num },
  );
  if (retro.committeeGaps.length > 0)
    table(
      doc,
      [
        { header: 'Account', width: 180 },
        { header: 'Tier', width: 40, align: 'right' },
        { header: 'Contacts', width: 60, align: 'right' },
        { header: 'Missing roles', width: 240 },
      ],
      retro.committeeGaps
        .slice(0, 40)
        .map((g) => [
          g.name,
          g.tier === null ? '' : String(g.tier),
          num(g.contacts),
          g.missingRoles.map(humanize).join(', '),
        ]),
    );

  heading(doc, 'Notes from sales and marketing');
  if (retro.notes.length === 0) paragraph(doc, 'No notes yet.');
  for (const n of retro.notes) paragraph(doc, `${humanize(n.team)} · ${humanize(n.kind)}: ${n.body}`, '#222');

  heading(doc, 'Suggestions for the next target list');
  if (retro.suggestions.length === 0) paragraph(doc, 'No suggestions.');
  else
    table(
      doc,
      [
        { header: 'Account', width: 170 },
        { header: 'Action', width: 50 },
        { header: 'Tier', width: 40, align: 'right' },
        { header: 'Why', width: 260 },
      ],
      retro.suggestions.map((s) => [
        s.name,
        s.action,
        s.suggestedTier === null ? '' : String(s.suggestedTier),
        s.reason,
      ]),
    );
  doc.end();
  return done;
}
