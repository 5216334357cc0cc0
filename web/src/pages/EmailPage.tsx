import { useState } from 'react';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, fmtInt } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { Batches, SendLog } from './email/email-schemas.ts';
import { OneOffSend } from './email/OneOffSend.tsx';
import { SendLogTable } from './email/SendLogTable.tsx';

const STATUSES = [
  'all',
  'queued',
  'sent',
  'delivered',
  'refused',
  'failed',
  'uncertain',
  'bounced',
  'complained',
] as const;

/** E-mail: a one-off send to a segment, recent sends with their outcome counts, the send log. */
export function EmailPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [batchId, setBatchId] = useState<string | null>(null);
  const batches = useApi('/api/v1/email/batches', Batches);
  const params = new URLSearchParams({ limit: '100' });
  if (status !== 'all') params.set('status', status);
  if (batchId) params.set('batchId', batchId);
  const log = useApi(`/api/v1/email/sends?${params.toString()}`, SendLog);
  return (
    <section>
      <div className="page-head">
        <h1>E-mail</h1>
        <span className="meta">
          Every send is a row: refused ones say why (unsubscribed, no consent, frequency cap…), uncertain ones
          need a look at the mail server's log.
        </span>
      </div>
      <Panel title="Send to a segment" wide>
        <OneOffSend
          onSent={() => {
            batches.reload();
            log.reload();
          }}
        />
      </Panel>
      <Panel title="Recent sends" wide>
        {batches.error && <ErrorState error={batches.error} retry={batches.reload} what="sends" />}
        {batches.data?.data.length === 0 && (
          <EmptyState>No e-mail sent yet. Send one from the API or `openabm email send`.</EmptyState>
        )}
        {batches.data && batches.data.data.length > 0 && (
          <table className="grid" aria-label="Recent sends">
            <thead>
              <tr>
                <th scope="col">Send</th>
                <th scope="col">Created</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.data.map((b) => (
                <tr key={b.id} aria-selected={b.id === batchId}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setBatchId(b.id === batchId ? null : b.id)}
                    >
                      {b.name}
                    </button>
                    {b.kind !== 'marketing' && <span className="muted"> · {b.kind}</span>}
                  </td>
                  <td>{fmtDateTime(b.createdAt)}</td>
                  <td>
                    {Object.entries(b.counts)
                      .map(([s, n]) => `${fmtInt(n)} ${s}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel
        title="Send log"
        wide
        actions={
          <label>
            Status{' '}
            <select
              value={status}
              onChange={(e) => setStatus(STATUSES.find((s) => s === e.target.value) ?? 'all')}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        }
      >
        {log.error && <ErrorState error={log.error} retry={log.reload} what="the send log" />}
        {log.data?.data.length === 0 && <EmptyState>No sends match.</EmptyState>}
        {log.data && log.data.data.length > 0 && <SendLogTable sends={log.data.data} />}
      </Panel>
    </section>
  );
}
