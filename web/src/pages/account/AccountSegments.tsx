import { Link } from 'wouter';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDate } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { Memberships } from '../segments/segment-schemas.ts';

/** The segments an account is in now, and the ones it left (GET /segments/memberships). */
export function AccountSegments({ accountId }: { accountId: string }) {
  const memberships = useApi(`/api/v1/segments/memberships?memberId=${accountId}`, Memberships);
  if (memberships.error)
    return <ErrorState error={memberships.error} retry={memberships.reload} what="segments" />;
  const rows = memberships.data?.data ?? [];
  if (!memberships.data) return <p className="muted">Loading…</p>;
  const now = rows.filter((m) => m.exitedAt === null);
  const past = rows.filter((m) => m.exitedAt !== null).slice(0, 5);
  if (rows.length === 0) return <EmptyState>In no segment.</EmptyState>;
  return (
    <div className="stack">
      <ul className="chips" aria-label="Current segments">
        {now.length === 0 && <li className="muted">In no segment now.</li>}
        {now.map((m) => (
          <li key={m.segmentId}>
            <Link
              href={`/segments/${m.segmentId}`}
              className="badge good"
              title={`Since ${fmtDate(m.enteredAt)}: ${m.entryReason}`}
            >
              {m.name}
            </Link>
          </li>
        ))}
      </ul>
      {past.length > 0 && (
        <p className="muted">
          Left:{' '}
          {past.map((m, i) => (
            <span key={`${m.segmentId}-${m.enteredAt}`}>
              {i > 0 && ', '}
              <Link href={`/segments/${m.segmentId}`}>{m.name}</Link> on {fmtDate(m.exitedAt)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
