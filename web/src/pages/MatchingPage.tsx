import { useState } from 'react';
import { Link } from 'wouter';
import { z } from 'zod';
import { api } from '../api.ts';
import { AccountPicker } from '../components/AccountPicker.tsx';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { fmtPct } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';

const Candidate = z.object({
  accountId: z.string(),
  accountName: z.string(),
  confidence: z.number(),
  method: z.string(),
});
const Review = z.object({
  data: z.array(
    z.object({
      contactId: z.string(),
      email: z.string().nullable(),
      company: z.string().nullable(),
      country: z.string().nullable(),
      status: z.enum(['weak', 'unmatched']),
      suggestedAccountId: z.string().nullable(),
      confidence: z.number(),
      reason: z.string().nullable(),
      evidence: z.array(z.string()),
      candidates: z.array(Candidate),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** Matching review: weak and unmatched leads, each assigned to a candidate account or rejected in one click. */
export function MatchingPage() {
  const [status, setStatus] = useState<'all' | 'weak' | 'unmatched'>('all');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const queue = useApi(
    `/api/v1/matching/review?status=${status}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
    Review,
  );
  const [done, setDone] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  async function decide(
    contactId: string,
    decision: 'assign' | 'reject',
    accountId?: string,
    accountName?: string,
  ) {
    setError(null);
    try {
      await api(`/api/v1/matching/review/${contactId}/${decision}`, {
        method: 'POST',
        json: decision === 'assign' ? { accountId } : {},
      });
      setDone((d) =>
        new Map(d).set(
          contactId,
          decision === 'assign' ? `Assigned to ${accountName ?? 'account'}` : 'Rejected',
        ),
      );
    } catch (e) {
      setError(describeError(e));
    }
  }

  const items = queue.data?.data ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Matching review</h1>
        <span className="meta">
          Leads the matcher was not sure about. Assign each to the right account, or reject the suggestion.
        </span>
      </div>
      <div className="row" style={{ marginBottom: 10 }}>
        <label>
          Show
          <select
            value={status}
            onChange={(e) => {
              const v = e.target.value;
              setStatus(v === 'weak' || v === 'unmatched' ? v : 'all');
              setCursors([null]);
            }}
          >
            <option value="all">Weak and unmatched</option>
            <option value="weak">Weak matches</option>
            <option value="unmatched">Unmatched</option>
          </select>
        </label>
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {queue.error && <ErrorState error={queue.error} retry={queue.reload} what="the review queue" />}
      {queue.data && items.length === 0 && (
        <EmptyState>
          Nothing to review. New leads that match weakly or not at all appear here after an import or
          re-match.
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="grid" aria-label="Leads to review">
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Status</th>
              <th scope="col">Evidence</th>
              <th scope="col">Candidates — assign with one click</th>
              <th scope="col">Reject</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const outcome = done.get(item.contactId);
              return (
                <tr key={item.contactId}>
                  <td>
                    {item.email ?? '—'}
                    <div className="muted">
                      {item.company ?? 'no company'} {item.country ? `· ${item.country}` : ''}
                    </div>
                  </td>
                  <td>
                    <span className={item.status === 'weak' ? 'badge' : 'badge missing'}>{item.status}</span>{' '}
                    <span className="muted">{fmtPct(item.confidence)}</span>
                  </td>
                  <td style={{ whiteSpace: 'normal', maxWidth: 320 }}>
                    {item.evidence.length ? item.evidence.join('; ') : (item.reason ?? '—')}
                  </td>
                  <td style={{ whiteSpace: 'normal' }}>
                    {outcome ? (
                      <span className="badge good">{outcome}</span>
                    ) : item.candidates.length === 0 ? (
                      <AccountPicker
                        label={`Assign ${item.email ?? 'lead'} to an account`}
                        onPick={(id, name) => void decide(item.contactId, 'assign', id, name)}
                      />
                    ) : (
                      <div className="chips">
                        {item.candidates.slice(0, 3).map((c) => (
                          <button
                            key={c.accountId}
                            type="button"
                            onClick={() => void decide(item.contactId, 'assign', c.accountId, c.accountName)}
                            title={`${c.method}, ${fmtPct(c.confidence)}`}
                          >
                            Assign to {c.accountName} ({fmtPct(c.confidence)})
                          </button>
                        ))}
                      </div>
                    )}
                    {item.suggestedAccountId && !outcome && (
                      <Link href={`/accounts/${item.suggestedAccountId}`} className="muted">
                        view suggestion
                      </Link>
                    )}
                  </td>
                  <td>
                    {!outcome && (
                      <button type="button" onClick={() => void decide(item.contactId, 'reject')}>
                        Reject
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button
          type="button"
          disabled={!queue.data?.nextCursor}
          onClick={() => queue.data?.nextCursor && setCursors([...cursors, queue.data.nextCursor])}
        >
          Next
        </button>
      </div>
    </section>
  );
}
