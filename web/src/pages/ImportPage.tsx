import { useState } from 'react';
import { EmptyState } from '../components/States.tsx';
import { describeError, useApi } from '../hooks/useApi.ts';
import { ImportList } from '../schemas.ts';
import { can, useSession } from '../session.ts';
import { ImportHistory } from './imports/ImportHistory.tsx';
import { DryRunResult, ImportResult } from './imports/ImportResults.tsx';
import { ImportRunProgress } from './imports/ImportRunProgress.tsx';
import { KINDS, type Kind } from './imports/import-fields.ts';
import { Preview, type PreviewT, Summary, type SummaryT } from './imports/import-schemas.ts';
import { MappingTable } from './imports/MappingTable.tsx';
import { estimateRows, mapParam, previewSlice, uploadCsv } from './imports/upload-csv.ts';

interface Running {
  importId: string;
  dryRun: boolean;
  uploadShare: number;
  estimatedRows: number | null;
}

/** A random v4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newImportId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Import wizard: upload → fix the mapping → dry run with rejects → run with live progress → download rejects. */
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
  const [running, setRunning] = useState<Running | null>(null);
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
      const head = await previewSlice(f);
      setPreview(
        Preview.parse(await uploadCsv(`/api/v1/imports/${kind}/preview${q ? `?${q}` : ''}`, head, () => {})),
      );
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    const importId = newImportId();
    setRunning({ importId, dryRun, uploadShare: 0, estimatedRows: null });
    void estimateRows(file).then((estimatedRows) =>
      setRunning((r) => (r?.importId === importId ? { ...r, estimatedRows } : r)),
    );
    try {
      const q = [
        `dryRun=${dryRun}`,
        `importId=${importId}`,
        `fileName=${encodeURIComponent(file.name)}`,
        mapParam(overrides),
      ]
        .filter(Boolean)
        .join('&');
      const onUpload = (uploadShare: number) =>
        setRunning((r) => (r?.importId === importId ? { ...r, uploadShare } : r));
      const summary = Summary.parse(await uploadCsv(`/api/v1/imports/${kind}?${q}`, file, onUpload));
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
      }
    } catch (e) {
      setError(describeError(e));
    } finally {
      setRunning(null);
      history.reload();
    }
  }

  function setField(header: string, field: string) {
    const next = { ...overrides, [header]: field };
    setOverrides(next);
    void runPreview(next);
  }

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
            disabled={running !== null}
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
            disabled={running !== null}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              setOverrides({});
              setPreview(null);
              setDry(null);
              setDryRejects(null);
              setResult(null);
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
          <MappingTable kind={kind} preview={preview} onField={setField} />
          <div className="row" style={{ marginTop: 10 }}>
            <button
              type="button"
              onClick={() => void run(true)}
              disabled={running !== null || preview.missing.length > 0}
            >
              Dry run
            </button>
            <button
              type="submit"
              onClick={() => void run(false)}
              disabled={running !== null || !dry || preview.missing.length > 0}
            >
              Run import
            </button>
            {!dry && !running && (
              <span className="muted">Do a dry run first to see what would be rejected.</span>
            )}
          </div>
        </>
      )}
      {running && <ImportRunProgress {...running} />}
      {dry && <DryRunResult dry={dry} rejectsCsv={dryRejects} />}
      {result && <ImportResult result={result} />}
      <ImportHistory history={history} />
    </section>
  );
}
