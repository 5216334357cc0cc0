import { fmtInt } from '../../format.ts';
import type { SummaryT } from './import-schemas.ts';

const pace = (s: SummaryT) =>
  s.seconds !== undefined && s.seconds > 0
    ? ` in ${s.seconds.toFixed(1)} s (${fmtInt(Math.round(s.rows / s.seconds))} rows/s)`
    : '';

/** What a dry run would do, then the first rejected rows of its rejects CSV. */
export function DryRunResult({ dry, rejectsCsv }: { dry: SummaryT; rejectsCsv: string | null }) {
  const lines = rejectsCsv?.trim().split('\n') ?? [];
  return (
    <>
      <div className="ok-box" role="status" aria-label="Dry run result">
        Dry run: {fmtInt(dry.rows)} rows{pace(dry)} — {fmtInt(dry.inserted)} new, {fmtInt(dry.updated)}{' '}
        updated, {fmtInt(dry.unchanged)} unchanged, <strong>{fmtInt(dry.rejected)} rejected</strong>. Nothing
        was written.
      </div>
      {lines.length > 1 && (
        <div className="panel-scroll">
          <table className="grid" aria-label="Rejected rows">
            <tbody>
              {lines.slice(0, 21).map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: CSV lines
                <tr key={i}>
                  <td>{line}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The finished import's counts and its rejects download. */
export function ImportResult({ result }: { result: SummaryT }) {
  return (
    <div className="ok-box" role="status" aria-label="Import result">
      Imported {fmtInt(result.rows)} rows{pace(result)}: {fmtInt(result.inserted)} new,{' '}
      {fmtInt(result.updated)} updated, {fmtInt(result.unchanged)} unchanged, {fmtInt(result.rejected)}{' '}
      rejected.{' '}
      {result.rejected > 0 && <a href={`/api/v1/imports/${result.importId}/rejects`}>Download rejects</a>}
      {result.warnings?.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
    </div>
  );
}
