import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime, fmtInt } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { ExplainTree } from './ExplainTree.tsx';
import { MemberPage, type SegmentRowT } from './segment-schemas.ts';

const PAGE = 25;

/**
 * The current members of a saved segment, in pages (keyset: the API's `next`), with a CSV export of
 * all of them, "Explain" for a member (which conditions hold) and, for static segments, "Remove".
 */
export function MembersPanel({
  segment,
  version,
  canEdit,
  onChanged,
}: {
  segment: SegmentRowT;
  version: number;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [explain, setExplain] = useState<{ id: string; name: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const after = cursors.at(-1);
  const page = useApi(
    `/api/v1/segments/${segment.id}/members?limit=${PAGE}${after ? `&after=${after}` : ''}`,
    MemberPage,
  );
  // A new version of the segment (saved, rebuilt, members changed): read the page again.
  const { reload } = page;
  const shownVersion = useRef(version);
  useEffect(() => {
    if (shownVersion.current === version) return;
    shownVersion.current = version;
    reload();
  }, [version, reload]);
  const loadExplain = useCallback(
    () => (explain ? api(`/api/v1/segments/${segment.id}/explain/${explain.id}`) : Promise.resolve(null)),
    [segment.id, explain],
  );
  async function remove(id: string) {
    setFailure(null);
    try {
      await api(`/api/v1/segments/${segment.id}/members`, { method: 'POST', json: { remove: [id] } });
      onChanged();
    } catch (e) {
      setFailure(describeError(e));
    }
  }
  const rows = page.data?.data ?? [];
  const isAccount = segment.kind === 'account';
  return (
    <div className="stack">
      <div className="row">
        <span data-testid="member-count">
          <strong>{fmtInt(segment.memberCount)}</strong> {isAccount ? 'accounts' : 'people'}
        </span>
        <a className="button" href={`/api/v1/segments/${segment.id}/members?format=csv`} download>
          Export CSV
        </a>
      </div>
      {failure && (
        <div className="error-box" role="alert">
          {failure}
        </div>
      )}
      {page.error && <ErrorState error={page.error} retry={page.reload} what="members" />}
      {page.data && rows.length === 0 && cursors.length === 1 && (
        <EmptyState>
          No members now.{' '}
          {segment.type === 'static'
            ? 'Add some by id or CSV below.'
            : 'Members enter as their data and activity change.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <table className="grid" aria-label="Members" aria-busy={page.loading}>
          <thead>
            <tr>
              <th scope="col">{isAccount ? 'Account' : 'Person'}</th>
              <th scope="col">{isAccount ? 'Domain' : 'E-mail'}</th>
              <th scope="col">Entered</th>
              <th scope="col">Why</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td>
                  {isAccount ? (
                    <Link href={`/accounts/${m.id}`}>{m.name}</Link>
                  ) : m.accountId ? (
                    <Link href={`/accounts/${m.accountId}`}>{m.name}</Link>
                  ) : (
                    m.name
                  )}
                </td>
                <td>{m.detail}</td>
                <td>{fmtDateTime(m.enteredAt)}</td>
                <td>{m.entryReason}</td>
                <td>
                  {segment.type === 'dynamic' && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => setExplain({ id: m.id, name: m.name })}
                    >
                      Explain
                    </button>
                  )}
                  {segment.type === 'static' && canEdit && (
                    <button type="button" className="link" onClick={() => void remove(m.id)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.data?.next}
          onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
        >
          Next
        </button>
      </div>
      {explain && <ExplainTree key={explain.id} name={explain.name} load={loadExplain} />}
    </div>
  );
}
