import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime, fmtInt } from '../../format.ts';
import type { ApiState } from '../../hooks/useApi.ts';
import type { ImportRowT } from '../../schemas.ts';

/** The workspace's recent imports with their counts, pace and rejects downloads. */
export function ImportHistory({ history }: { history: ApiState<{ data: ImportRowT[] }> }) {
  return (
    <>
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
              <th scope="col" className="num">
                Rows/s
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
                <td className="num">{(i.elapsedSeconds ?? 0) >= 1 ? fmtInt(i.rowsPerSecond ?? null) : ''}</td>
                <td>{i.hasRejects && <a href={`/api/v1/imports/${i.id}/rejects`}>Download</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
