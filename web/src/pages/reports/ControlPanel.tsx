import { ErrorState, Panel } from '../../components/States.tsx';
import { fmtPct, fmtSignedPct } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { fmtNum } from './figures.ts';
import { reportUrl } from './report-filters.ts';
import { TargetVsControl } from './report-schemas.ts';

const TESTS: Record<string, string> = {
  two_proportion_z: 'two-proportion z-test',
  fisher_exact: "Fisher's exact test",
  bootstrap: 'bootstrap',
};

/** Target accounts against matched non-targets: lift, 95 % interval, p-value and method per metric. */
export function ControlPanel({ period }: { period: string }) {
  const url = reportUrl('target-vs-control', { period });
  const tvc = useApi(url, TargetVsControl);
  const d = tvc.data;
  return (
    <Panel title="Target vs control" wide actions={<ExportLinks url={url} label="Target vs control" />}>
      {tvc.error && <ErrorState error={tvc.error} retry={tvc.reload} what="target vs control" />}
      {!d && !tvc.error && <p className="muted">Loading…</p>}
      {d && (
        <>
          <p className="muted">
            Method: {d.method.description} · {d.groups.matchedTargets} of {d.groups.targets} targets matched
            against {d.groups.controls} controls in {d.groups.strata} strata.
          </p>
          <table className="grid" aria-label="Target vs control">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  Targets
                </th>
                <th scope="col" className="num">
                  Control
                </th>
                <th scope="col" className="num">
                  Lift
                </th>
                <th scope="col">95% interval of the difference</th>
                <th scope="col" className="num">
                  p-value
                </th>
                <th scope="col">Test</th>
              </tr>
            </thead>
            <tbody>
              {d.metrics.map((m) => {
                const rate = m.metric.endsWith('Rate');
                const v = (n: number | null) => (n === null ? '–' : rate ? fmtPct(n) : fmtNum(n));
                return (
                  <tr key={m.metric}>
                    <th scope="row">{m.label}</th>
                    <td className="num">{v(m.target)}</td>
                    <td className="num">{v(m.control)}</td>
                    {m.status === 'ok' ? (
                      <>
                        <td className="num">{fmtSignedPct(m.lift) || '–'}</td>
                        <td>{m.interval ? `${v(m.interval.low)} to ${v(m.interval.high)}` : '–'}</td>
                        <td className={m.significant ? 'num sig' : 'num'}>
                          {m.pValue === null ? '–' : m.pValue < 0.001 ? '< 0.001' : m.pValue.toFixed(3)}
                        </td>
                        <td>
                          {TESTS[m.test ?? ''] ?? m.test}
                          {m.significant && <span className="badge good">significant</span>}
                        </td>
                      </>
                    ) : (
                      <td colSpan={4}>
                        <span className="badge missing">not enough data</span> {m.reason}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
