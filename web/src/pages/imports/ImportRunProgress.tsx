import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { fmtInt } from '../../format.ts';
import { ImportRow, type ImportRowT } from '../../schemas.ts';

const POLL_MS = 500;

/** GET /imports/{id} every half second while the import runs (404 until the server has started it). */
function useImportProgress(importId: string): ImportRowT | null {
  const [row, setRow] = useState<ImportRowT | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const parsed = ImportRow.safeParse(await api(`/api/v1/imports/${importId}`));
        if (live && parsed.success) setRow(parsed.data);
        if (parsed.success && parsed.data.status !== 'running') return;
      } catch {
        // Not recorded yet (404) or a blip: keep polling; the upload itself reports real failures.
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [importId]);
  return row;
}

const seconds = (s: number) =>
  s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

/**
 * Live progress of a running import: a bar (rows read of the estimated rows, or the upload share
 * while the server has not reported yet) with rows read, rows/s, elapsed and time left, and the
 * outcome counts so far.
 */
export function ImportRunProgress({
  importId,
  dryRun,
  uploadShare,
  estimatedRows,
}: {
  importId: string;
  dryRun: boolean;
  uploadShare: number;
  estimatedRows: number | null;
}) {
  const row = useImportProgress(importId);
  const read = row?.rowsTotal ?? 0;
  const rate = row?.rowsPerSecond ?? null;
  const share =
    row && estimatedRows ? Math.min(read / estimatedRows, 0.99) : Math.min(uploadShare, row ? 0.99 : 1);
  const left = rate && estimatedRows && estimatedRows > read ? (estimatedRows - read) / rate : null;
  const label = dryRun ? 'Dry run' : 'Import';
  return (
    <div className="import-progress" role="status" aria-label={`${label} progress`}>
      <div>
        <strong>
          {label} running — {Math.round(share * 100)}%
        </strong>{' '}
        {!row && uploadShare < 1 && <span className="muted">uploading…</span>}
      </div>
      <progress value={share} max={1} aria-label={`${label} progress bar`} />
      <div className="figures">
        <span>
          <strong data-testid="rows-read">{fmtInt(read)}</strong>
          {estimatedRows ? ` of ≈ ${fmtInt(estimatedRows)}` : ''} rows read
        </span>
        <span>
          <strong data-testid="rows-per-second">{rate === null ? '–' : fmtInt(rate)}</strong> rows/s
        </span>
        {row?.elapsedSeconds !== undefined && <span>{seconds(row.elapsedSeconds)} elapsed</span>}
        {left !== null && <span>about {seconds(left)} left</span>}
        {row && (
          <span>
            {fmtInt(row.inserted)} new · {fmtInt(row.updated)} updated · {fmtInt(row.unchanged)} unchanged ·{' '}
            {fmtInt(row.rejected)} rejected
          </span>
        )}
      </div>
    </div>
  );
}
