import { EmptyState, ErrorState } from '../../components/States.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { SendLog } from '../email/email-schemas.ts';
import { SendLogTable } from '../email/SendLogTable.tsx';

/** The account's e-mail: every send to its people with how far it got (the dossier's send log). */
export function AccountEmails({ accountId }: { accountId: string }) {
  const log = useApi(`/api/v1/email/sends?accountId=${accountId}&limit=25`, SendLog);
  if (log.error) return <ErrorState error={log.error} retry={log.reload} what="e-mail" />;
  if (log.data?.data.length === 0)
    return <EmptyState>No e-mail sent to this account's people yet.</EmptyState>;
  return log.data ? <SendLogTable sends={log.data.data} /> : null;
}
