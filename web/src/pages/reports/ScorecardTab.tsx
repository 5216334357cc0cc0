import { ErrorState, Panel } from '../../components/States.tsx';
import { fmtDateTime } from '../../format.ts';
import type { ApiState } from '../../hooks/useApi.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { FIGURES, fmtFigure } from './figures.ts';
import type { ScorecardT, SegmentKey } from './report-schemas.ts';

const ORDER: SegmentKey[] = ['targets', 'tier_1', 'tier_2', 'tier_3', 'non_targets', 'all'];

/** The scorecard: targets, each tier and non-targets side by side; every figure opens its accounts. */
export function ScorecardTab({
  card,
  url,
  onDrill,
}: {
  card: ApiState<ScorecardT>;
  url: string;
  onDrill: (segment: string, figure: string) => void;
}) {
  const data = card.data;
  const segments = ORDER.map((s) => data?.segments.find((x) => x.segment === s)).filter(
    (s) => s !== undefined,
  );
  return (
    <Panel title="Scorecard" wide actions={<ExportLinks url={url} label="Scorecard" />}>
      {card.error && <ErrorState error={card.error} retry={card.reload} what="the scorecard" />}
      {!data && !card.error && <p className="muted">Loading…</p>}
      {data && (
        <>
          <p className="muted">
            {data.period.key}: {data.period.start.slice(0, 10)} to {data.period.end.slice(0, 10)} (exclusive)
            · computed {fmtDateTime(data.computedAt)} · click a figure for the accounts behind it
          </p>
          <div className="scroll-x">
            <table className="grid" aria-label="Scorecard">
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  {segments.map((s) => (
                    <th key={s.segment} scope="col" className="num">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {FIGURES.map((f) => (
                  <tr key={f.key}>
                    <th scope="row">{f.label}</th>
                    {segments.map((s) => (
                      <td key={s.segment} className="num">
                        <button
                          type="button"
                          className="link"
                          aria-label={`${f.label}, ${s.label}: ${fmtFigure(f.key, s.figures[f.key])}`}
                          onClick={() => onDrill(s.segment, f.key)}
                        >
                          {fmtFigure(f.key, s.figures[f.key])}
                        </button>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}
