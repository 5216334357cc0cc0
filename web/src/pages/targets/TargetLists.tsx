import { useState } from 'react';
import { Link } from 'wouter';
import { z } from 'zod';
import { api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime, fmtInt } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import type { Role } from '../../session.ts';

const TargetList = z.object({
  id: z.string(),
  period: z.string(),
  name: z.string(),
  status: z.string(),
  createdAt: z.string(),
  members: z.number(),
  tiers: z.object({ tier1: z.number(), tier2: z.number(), tier3: z.number() }),
  approvals: z.array(z.union([z.string(), z.object({ side: z.string() }).passthrough()])),
});
const Lists = z.object({ data: z.array(TargetList) });
const Members = z.object({
  data: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      tier: z.number(),
      reason: z.string().nullable(),
      fitScore: z.number().nullable(),
    }),
  ),
});
const DiffEntry = z.object({ accountId: z.string(), name: z.string().optional() }).passthrough();
const Diff = z.object({
  againstListId: z.string().nullable(),
  added: z.array(DiffEntry),
  removed: z.array(DiffEntry),
  tierChanged: z.array(DiffEntry),
  unchanged: z.number(),
});

const sideOf = (a: string | { side: string }) => (typeof a === 'string' ? a : a.side);

/** Target lists per period: create from the proposed tiers, review members and the diff, approve, activate. */
export function TargetLists({ role }: { role: Role }) {
  const lists = useApi('/api/v1/target-lists', Lists);
  const [selected, setSelected] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const current = lists.data?.data.find((l) => l.id === selected) ?? lists.data?.data[0];
  const members = useApi(current ? `/api/v1/target-lists/${current.id}/members?limit=100` : null, Members);
  const diff = useApi(current ? `/api/v1/target-lists/${current.id}/diff` : null, Diff);
  const canManage = role !== 'sales';

  async function act(path: string, json: unknown, ok: string) {
    setMessage(null);
    try {
      await api(path, { method: 'POST', json });
      setMessage({ ok: true, text: ok });
      lists.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  const approvals = (current?.approvals ?? []).map(sideOf);
  const mySides: ('marketing' | 'sales')[] =
    role === 'admin' ? ['marketing', 'sales'] : role === 'marketer' ? ['marketing'] : ['sales'];
  return (
    <div className="stack">
      {canManage && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(
              '/api/v1/target-lists',
              { period },
              `Created the ${period} list from the proposed tiers.`,
            );
          }}
          aria-label="New target list"
        >
          <label>
            Period
            <input
              value={period}
              onChange={(e) => setPeriod(e.target.value)}
              placeholder="2027-Q1"
              required
              pattern="\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?"
            />
          </label>
          <button type="submit">Create list from proposed tiers</button>
        </form>
      )}
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      {lists.error && <ErrorState error={lists.error} retry={lists.reload} what="target lists" />}
      {lists.data?.data.length === 0 && (
        <EmptyState>
          No target lists yet.{' '}
          {canManage
            ? 'Create one for a planning period above.'
            : 'Marketing creates them; you approve for sales.'}
        </EmptyState>
      )}
      {lists.data && lists.data.data.length > 0 && (
        <table className="grid" aria-label="Target lists">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Accounts
              </th>
              <th scope="col" className="num">
                T1 / T2 / T3
              </th>
              <th scope="col">Approvals</th>
            </tr>
          </thead>
          <tbody>
            {lists.data.data.map((l) => (
              <tr key={l.id} aria-selected={l.id === current?.id}>
                <td>
                  <button type="button" className="sort" onClick={() => setSelected(l.id)}>
                    {l.period}
                  </button>
                </td>
                <td>{l.name}</td>
                <td>
                  <span className={l.status === 'active' ? 'badge good' : 'badge'}>{l.status}</span>
                </td>
                <td className="num">{fmtInt(l.members)}</td>
                <td className="num">
                  {l.tiers.tier1} / {l.tiers.tier2} / {l.tiers.tier3}
                </td>
                <td>{l.approvals.map(sideOf).join(', ') || <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && (
        <section className="panel" aria-label={`Target list ${current.period}`}>
          <header>
            <h2>
              {current.name} <span className="muted">created {fmtDateTime(current.createdAt)}</span>
            </h2>
            <div className="row">
              {mySides.map((side) => (
                <button
                  key={side}
                  type="button"
                  disabled={
                    approvals.includes(side) || current.status === 'active' || current.status === 'archived'
                  }
                  onClick={() =>
                    void act(`/api/v1/target-lists/${current.id}/approve`, { side }, `Approved for ${side}.`)
                  }
                >
                  {approvals.includes(side) ? `Approved (${side})` : `Approve for ${side}`}
                </button>
              ))}
              {canManage && (
                <button
                  type="button"
                  disabled={current.status !== 'approved'}
                  title={
                    current.status !== 'approved' ? 'Needs marketing and sales approval first' : undefined
                  }
                  onClick={() =>
                    void act(
                      `/api/v1/target-lists/${current.id}/activate`,
                      {},
                      'Activated: these accounts are now the targets.',
                    )
                  }
                >
                  Activate
                </button>
              )}
            </div>
          </header>
          <h3 className="muted">Changes since last period</h3>
          {diff.error && <ErrorState error={diff.error} retry={diff.reload} what="the diff" />}
          {diff.data && !diff.data.againstListId && <p className="muted">No earlier list to compare with.</p>}
          {diff.data?.againstListId && (
            <p data-testid="diff">
              <span className="badge good">+{diff.data.added.length} added</span>{' '}
              <span className="badge missing">−{diff.data.removed.length} removed</span>{' '}
              <span className="badge">{diff.data.tierChanged.length} tier changes</span>{' '}
              <span className="muted">{fmtInt(diff.data.unchanged)} unchanged</span>
            </p>
          )}
          {diff.data && diff.data.added.length + diff.data.removed.length > 0 && (
            <p className="muted">
              {diff.data.added
                .slice(0, 5)
                .map((d) => `+ ${d.name ?? d.accountId.slice(0, 8)}`)
                .join(', ')}{' '}
              {diff.data.removed
                .slice(0, 5)
                .map((d) => `− ${d.name ?? d.accountId.slice(0, 8)}`)
                .join(', ')}
            </p>
          )}
          <div className="panel-scroll">
            <table className="grid" aria-label="Members">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Fit
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {members.data?.data.map((m) => (
                  <tr key={m.accountId}>
                    <td>
                      <Link href={`/accounts/${m.accountId}`}>{m.name}</Link>
                    </td>
                    <td>Tier {m.tier}</td>
                    <td className="num">{m.fitScore ?? ''}</td>
                    <td className="muted">{m.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
