import { fmtDateTime } from '../../format.ts';
import { type Send, sendStage } from './email-schemas.ts';

/** Send log rows: recipient, message, badge for how far it got, and why it was refused or failed. */
export function SendLogTable({ sends, showRecipient = true }: { sends: Send[]; showRecipient?: boolean }) {
  return (
    <table className="grid" aria-label="Send log">
      <thead>
        <tr>
          <th scope="col">Queued</th>
          {showRecipient && <th scope="col">Recipient</th>}
          <th scope="col">Message</th>
          <th scope="col">Status</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {sends.map((s) => {
          const stage = sendStage(s);
          return (
            <tr key={s.id}>
              <td>{fmtDateTime(s.queuedAt)}</td>
              {showRecipient && <td>{s.email ?? <span className="muted">[erased]</span>}</td>}
              <td>
                {s.subject ?? s.batchName ?? ''}
                {s.kind !== 'marketing' && <span className="muted"> · {s.kind}</span>}
              </td>
              <td>
                <span className={`badge ${stage.tone}`}>{stage.label}</span>
              </td>
              <td className="muted">
                {s.status === 'queued' && s.reason
                  ? `waiting: ${s.reason} (until ${fmtDateTime(s.dueAt)})`
                  : (s.reason ?? '')}
                {s.sentAt && s.status !== 'queued' ? ` sent ${fmtDateTime(s.sentAt)}` : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
