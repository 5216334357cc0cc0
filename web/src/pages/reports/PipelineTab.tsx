import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorState, Panel } from '../../components/States.tsx';
import { fmtInt, fmtPct } from '../../format.ts';
import { type ApiState, useApi } from '../../hooks/useApi.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { fmtFigure, fmtNum } from './figures.ts';
import { reportUrl } from './report-filters.ts';
import { type ScorecardT, StageConversion } from './report-schemas.ts';

const VELOCITY = ['oppsCreated', 'averageDealSize', 'winRate', 'salesCycleDays', 'pipelineVelocity'] as const;

/** Pipeline velocity per segment (opportunities × average deal × win rate ÷ cycle) and its inputs. */
export function VelocityPanel({
  card,
  onDrill,
  title = 'Pipeline and velocity',
}: {
  card: ApiState<ScorecardT>;
  onDrill?: (segment: string, figure: string) => void;
  title?: string;
}) {
  const segments = card.data?.segments.filter((s) => s.segment !== 'all') ?? [];
  const chart = segments.map((s) => ({
    segment: s.label,
    'Pipeline created': s.figures.pipelineCreated ?? 0,
    'Won revenue': s.figures.wonRevenue ?? 0,
  }));
  return (
    <Panel title={title} wide>
      {card.error && <ErrorState error={card.error} retry={card.reload} what="pipeline" />}
      {!card.data && !card.error && <p className="muted">Loading…</p>}
      {card.data && (
        <>
          <div style={{ height: 220 }} role="img" aria-label="Pipeline created and won revenue by segment">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="segment" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="Pipeline created" fill="#2f5bd3" isAnimationActive={false} />
                <Bar dataKey="Won revenue" fill="#3aa675" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="grid" aria-label="Pipeline velocity">
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Opportunities
                </th>
                <th scope="col" className="num">
                  Average deal
                </th>
                <th scope="col" className="num">
                  Win rate
                </th>
                <th scope="col" className="num">
                  Cycle (days)
                </th>
                <th scope="col" className="num">
                  Velocity / day
                </th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => (
                <tr key={s.segment}>
                  <th scope="row">{s.label}</th>
                  {VELOCITY.map((k) => (
                    <td key={k} className="num">
                      {onDrill ? (
                        <button type="button" className="link" onClick={() => onDrill(s.segment, k)}>
                          {fmtFigure(k, s.figures[k])}
                        </button>
                      ) : (
                        fmtFigure(k, s.figures[k])
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}

/** Stage-to-stage conversion and average days in stage (GET /reports/stage-conversion). */
export function ConversionPanel({
  period,
  segment,
  onDrill,
}: {
  period: string;
  segment: string;
  onDrill: (segment: string, figure: string) => void;
}) {
  const url = reportUrl('stage-conversion', { period, segment });
  const conv = useApi(url, StageConversion);
  const chart = (conv.data?.stages ?? []).map((s) => ({
    stage: s.name,
    'Days in stage': s.averageDaysInStage ?? 0,
  }));
  return (
    <Panel
      title="Stage conversion and time in stage"
      wide
      actions={<ExportLinks url={url} label="Conversion" />}
    >
      {conv.error && <ErrorState error={conv.error} retry={conv.reload} what="stage conversion" />}
      {conv.data && (
        <>
          <table className="grid" aria-label="Stage conversion">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  In stage
                </th>
                <th scope="col" className="num">
                  Moved deeper
                </th>
                <th scope="col" className="num">
                  Conversion
                </th>
                <th scope="col" className="num">
                  Avg days in stage
                </th>
              </tr>
            </thead>
            <tbody>
              {conv.data.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{s.name}</th>
                  <td className="num">
                    <button
                      type="button"
                      className="link"
                      onClick={() => onDrill(segment, `entered:${s.stage}`)}
                    >
                      {fmtInt(s.entered)}
                    </button>
                  </td>
                  <td className="num">
                    <button
                      type="button"
                      className="link"
                      onClick={() => onDrill(segment, `advanced:${s.stage}`)}
                    >
                      {fmtInt(s.advanced)}
                    </button>
                  </td>
                  <td className="num">{s.conversion === null ? '–' : fmtPct(s.conversion)}</td>
                  <td className="num">{fmtNum(s.averageDaysInStage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div style={{ height: 200 }} role="img" aria-label="Average days in stage">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="stage" />
                <YAxis />
                <Tooltip />
                <Bar dataKey="Days in stage" fill="#9bb1ec" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </Panel>
  );
}
