import { useState } from 'react';
import { Link } from 'wouter';
import { SegmentRuleSchema } from '../../../src/contracts/segment-contract.ts';
import { api } from '../api.ts';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { fmtDateTime, fmtInt } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { summarize } from './segments/rule-tree.ts';
import { SegmentList, type SegmentRowT } from './segments/segment-schemas.ts';

/** The latest of a segment's edit and rebuild times. */
const lastChange = (s: SegmentRowT) => (s.rebuiltAt && s.rebuiltAt > s.updatedAt ? s.rebuiltAt : s.updatedAt);

/** Segments: account and people segments with their member counts; open one to build or inspect it. */
export function SegmentsPage() {
  const session = useSession();
  const canEdit = can(session, 'write');
  const [kind, setKind] = useState<'' | 'account' | 'contact'>('');
  const list = useApi(`/api/v1/segments${kind ? `?kind=${kind}` : ''}`, SegmentList);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(s: SegmentRowT) {
    if (!window.confirm(`Delete the segment “${s.name}” and its membership history?`)) return;
    setFailure(null);
    try {
      await api(`/api/v1/segments/${s.id}`, { method: 'DELETE' });
      list.reload();
    } catch (e) {
      setFailure(describeError(e));
    }
  }

  return (
    <section>
      <div className="page-head">
        <h1>Segments</h1>
        <span className="meta">
          Groups of accounts or people over fields, signals and behaviour, kept up to date as data arrives.
        </span>
        <div className="actions">
          <label>
            Kind
            <select
              value={kind}
              onChange={(e) =>
                setKind(e.target.value === 'account' || e.target.value === 'contact' ? e.target.value : '')
              }
            >
              <option value="">All</option>
              <option value="account">Account segments</option>
              <option value="contact">People segments</option>
            </select>
          </label>
          {canEdit && (
            <Link className="button primary" href="/segments/new">
              New segment
            </Link>
          )}
        </div>
      </div>
      {failure && (
        <div className="error-box" role="alert">
          {failure}
        </div>
      )}
      {list.error && <ErrorState error={list.error} retry={list.reload} what="segments" />}
      {list.data?.data.length === 0 && (
        <EmptyState>
          No segments yet. {canEdit ? 'Create one with “New segment”.' : 'Marketing creates them.'}
        </EmptyState>
      )}
      {list.data && list.data.data.length > 0 && (
        <table className="grid" aria-label="Segments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Members
              </th>
              <th scope="col">Last change</th>
              <th scope="col">Rule</th>
              {canEdit && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((s) => {
              const rule = SegmentRuleSchema.safeParse(s.rule);
              return (
                <tr key={s.id}>
                  <td>
                    <Link href={`/segments/${s.id}`}>{s.name}</Link>
                    {s.description && <div className="muted">{s.description}</div>}
                  </td>
                  <td>{s.kind === 'account' ? 'Accounts' : 'People'}</td>
                  <td>
                    <span className={s.type === 'dynamic' ? 'badge good' : 'badge'}>{s.type}</span>
                  </td>
                  <td className="num">{fmtInt(s.memberCount)}</td>
                  <td>{fmtDateTime(lastChange(s))}</td>
                  <td className="wrap muted">{rule.success ? summarize(rule.data) : 'static list'}</td>
                  {canEdit && (
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => void remove(s)}
                        aria-label={`Delete ${s.name}`}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
