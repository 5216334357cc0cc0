import { useState } from 'react';
import { z } from 'zod';
import { ApiError } from '../api.ts';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { fmtDateTime, fmtInt } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { ImportList } from '../schemas.ts';
import { can, useSession } from '../session.ts';

const KINDS = ['accounts', 'contacts', 'opportunities', 'activities'] as const;
type Kind = (typeof KINDS)[number];

/** Target fields per import kind (mirrors the server's field table; the server validates the mapping). */
const FIELDS: Record<Kind, string[]> = {
  accounts: [
    'salesforceId',
    'hubspotId',
    'name',
    'domain',
    'domains',
    'website',
    'industry',
    'employeeCount',
    'annualRevenue',
    'currency',
    'country',
    'region',
    'city',
    'technologies',
    'anyParentId',
    'anyOwnerId',
    'lifecycle',
    'isTarget',
    'tier',
  ],
  contacts: [
    'salesforceId',
    'hubspotId',
    'email',
    'firstName',
    'lastName',
    'title',
    'phone',
    'country',
    'anyAccountId',
    'custom.company',
    'unsubscribed',
    'bounced',
    'doNotContact',
    'consentBasis',
    'anyOwnerId',
  ],
  opportunities: [
    'salesforceId',
    'hubspotId',
    'name',
    'stage',
    'amount',
    'currency',
    'createdDate',
    'closeDate',
    'isClosed',
    'isWon',
    'anyAccountId',
    'anyOwnerId',
  ],
  activities: [
    'type',
    'occurredAt',
    'accountId',
    'contactId',
    'contactEmail',
    'source',
    'messageId',
    'properties',
  ],
};

const Preview = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), how: z.string() })),
  missing: z.array(z.string()),
  rows: z.array(
    z.object({
      row: z.number(),
      record: z.record(z.string(), z.unknown()).nullable(),
      error: z.string().nullable(),
    }),
  ),
});
type PreviewT = z.infer<typeof Preview>;

const Summary = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  warnings: z.array(z.string()).optional(),
});
type SummaryT = z.infer<typeof Summary>;

/** POST a file with upload progress (fetch has none); resolves with the parsed JSON answer. */
function upload(url: string, file: File, onProgress: (share: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const problem = z.object({ title: z.string(), detail: z.string().optional() }).safeParse(body);
      reject(
        new ApiError(
          xhr.status,
          problem.success ? problem.data.title : xhr.statusText,
          problem.success ? problem.data.detail : undefined,
        ),
      );
    };
    xhr.onerror = () => reject(new Error('The upload failed — check the connection and try again.'));
    xhr.send(file);
  });
}

function mapParam(overrides: Record<string, string>): string {
  const pairs = Object.entries(overrides).map(([h, f]) => `${h}=${f}`);
  return pairs.length ? `map=${encodeURIComponent(pairs.join(','))}` : '';
}

/** Import wizard: upload → fix the mapping → dry run with rejects → run with progress → download rejects. */
export function ImportPage() {
  const session = useSession();
  const allowed = can(session, 'write');
  const history = useApi(allowed ? '/api/v1/imports' : null, ImportList);
  const [kind, setKind] = useState<Kind>('accounts');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PreviewT | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<SummaryT | null>(null);
  const [dryRejects, setDryRejects] = useState<string | null>(null);
  const [result, setResult] = useState<SummaryT | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const step = result ? 4 : dry ? 3 : preview ? 2 : 1;

  if (!allowed) {
    return (
      <section>
        <h1>Import</h1>
        <EmptyState>Imports are for marketers and admins. Ask one of them to load your file.</EmptyState>
      </section>
    );
  }

  async function runPreview(nextOverrides = overrides, f = file) {
    if (!f) return;
    setError(null);
    setDry(null);
    setResult(null);
    try {
      const q = mapParam(nextOverrides);
      setPreview(
        Preview.parse(await upload(`/api/v1/imports/${kind}/preview${q ? `?${q}` : ''}`, f, () => {})),
      );
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const q = [`dryRun=${dryRun}`, `fileName=${encodeURIComponent(file.name)}`, mapParam(overrides)]
        .filter(Boolean)
        .join('&');
      const summary = Summary.parse(await upload(`/api/v1/imports/${kind}?${q}`, file, setProgress));
      if (dryRun) {
        setDry(summary);
        setDryRejects(null);
        if (summary.rejected > 0) {
          const res = await fetch(`/api/v1/imports/${summary.importId}/rejects`, {
            credentials: 'same-origin',
          });
          setDryRejects(await res.text());
        }
      } else {
        setResult(summary);
        history.reload();
      }
    } catch (e) {
      setError(describeError(e));
    } finally {
      setProgress(null);
    }
  }

  function setField(header: string, field: string) {
    const next = { ...overrides, [header]: field };
    setOverrides(next);
    void runPreview(next);
  }

  const rejectLines = dryRejects?.trim().split('\n') ?? [];
  return (
    <section>
      <h1>Import a CSV</h1>
      <ol className="steps" aria-label="Import steps">
        {['Upload', 'Mapping', 'Dry run', 'Done'].map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? 'step' : undefined}>
            {i + 1}. {label}
          </li>
        ))}
      </ol>
      <div className="row">
        <label>
          Records
          <select
            value={kind}
            onChange={(e) => setKind(KINDS.find((k) => k === e.target.value) ?? 'accounts')}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,.tsv,text/csv"
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              setOverrides({});
              setPreview(null);
              if (f) void runPreview({}, f);
            }}
          />
        </label>
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {preview && (
        <>
          <h2>Column mapping</h2>
          <p className="muted">
            {preview.encoding}, delimiter “{preview.delimiter === '\t' ? 'tab' : preview.delimiter}”. Change a
            field to fix the mapping; choose “skip” to leave a column out.
          </p>
          {preview.missing.length > 0 && (
            <div className="error-box" role="alert">
              Required fields with no column: {preview.missing.join(', ')}. Map a column to them.
            </div>
          )}
          <table className="grid" aria-label="Column mapping">
            <thead>
              <tr>
                <th scope="col">CSV column</th>
                <th scope="col">Imported as</th>
                <th scope="col">How</th>
                <th scope="col">First value</th>
              </tr>
            </thead>
            <tbody>
              {preview.columns.map((c) => (
                <tr key={c.header}>
                  <td>{c.header}</td>
                  <td>
                    <select
                      aria-label={`Field for ${c.header}`}
                      value={c.field ?? ''}
                      onChange={(e) => setField(c.header, e.target.value)}
                    >
                      <option value="">— skip —</option>
                      {[...new Set([...(c.field ? [c.field] : []), ...FIELDS[kind]])].map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted">{c.how}</td>
                  <td className="muted">{String(preview.rows[0]?.record?.[c.field ?? ''] ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.rows.some((r) => r.error) && (
            <p className="error">
              {preview.rows.filter((r) => r.error).length} of the first {preview.rows.length} rows would be
              rejected, e.g. row {preview.rows.find((r) => r.error)?.row}:{' '}
              {preview.rows.find((r) => r.error)?.error}
            </p>
          )}
          <div className="row" style={{ marginTop: 10 }}>
            <button
              type="button"
              onClick={() => void run(true)}
              disabled={progress !== null || preview.missing.length > 0}
            >
              Dry run
            </button>
            <button
              type="submit"
              onClick={() => void run(false)}
              disabled={progress !== null || !dry || preview.missing.length > 0}
            >
              Run import
            </button>
            {!dry && <span className="muted">Do a dry run first to see what would be rejected.</span>}
          </div>
        </>
      )}
      {progress !== null && (
        <div role="status" style={{ marginTop: 10 }}>
          {progress < 1 ? `Uploading ${Math.round(progress * 100)}%…` : 'Importing rows…'}
          <progress value={progress < 1 ? progress : undefined} max={1} aria-label="Import progress" />
        </div>
      )}
      {dry && (
        <div className="ok-box" role="status" aria-label="Dry run result">
          Dry run: {fmtInt(dry.rows)} rows — {fmtInt(dry.inserted)} new, {fmtInt(dry.updated)} updated,{' '}
          {fmtInt(dry.unchanged)} unchanged, <strong>{fmtInt(dry.rejected)} rejected</strong>. Nothing was
          written.
        </div>
      )}
      {rejectLines.length > 1 && (
        <div className="panel-scroll">
          <table className="grid" aria-label="Rejected rows">
            <tbody>
              {rejectLines.slice(0, 21).map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: CSV lines
                <tr key={i}>
                  <td>{line}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <div className="ok-box" role="status" aria-label="Import result">
          Imported {fmtInt(result.rows)} rows: {fmtInt(result.inserted)} new, {fmtInt(result.updated)}{' '}
          updated, {fmtInt(result.unchanged)} unchanged, {fmtInt(result.rejected)} rejected.{' '}
          {result.rejected > 0 && <a href={`/api/v1/imports/${result.importId}/rejects`}>Download rejects</a>}
        </div>
      )}
      <h2 style={{ marginTop: 20 }}>History</h2>
      {history.error && <ErrorState error={history.error} retry={history.reload} what="the import history" />}
      {history.data?.data.length === 0 && <EmptyState>No imports yet.</EmptyState>}
      {history.data && history.data.data.length > 0 && (
        <table className="grid" aria-label="Import history">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                New
              </th>
              <th scope="col" className="num">
                Updated
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col">Rejects</th>
            </tr>
          </thead>
          <tbody>
            {history.data.data.map((i) => (
              <tr key={i.id}>
                <td>{fmtDateTime(i.startedAt)}</td>
                <td>
                  {i.fileName} {i.dryRun && <span className="badge">dry run</span>}
                </td>
                <td>{i.kind}</td>
                <td title={i.error ?? ''}>{i.status}</td>
                <td className="num">{fmtInt(i.rowsTotal)}</td>
                <td className="num">{fmtInt(i.inserted)}</td>
                <td className="num">{fmtInt(i.updated)}</td>
                <td className="num">{fmtInt(i.rejected)}</td>
                <td>{i.hasRejects && <a href={`/api/v1/imports/${i.id}/rejects`}>Download</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
