import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { EmptyState } from '../../components/States.tsx';
import { fmtDateTime, humanize } from '../../format.ts';
import { describeError } from '../../hooks/useApi.ts';
import { Timeline, type TimelineItem } from './account-schemas.ts';

function describe(item: TimelineItem): string {
  const p = item.properties;
  const text = [p.title, p.path, p.subject, p.webinar, p.campaign, p.topic].find(
    (v) => typeof v === 'string',
  );
  const shown = typeof text === 'string' ? text : '';
  return p.dryRun === true ? `${shown} (dry run: not sent)` : shown;
}

/** The account's activity timeline, newest first, 25 at a time. */
export function ActivityTimeline({ accountId }: { accountId: string }) {
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  async function load(from: string | null) {
    setLoading(true);
    try {
      const page = Timeline.parse(
        await api(
          `/api/v1/accounts/${accountId}/timeline?limit=25${from ? `&cursor=${encodeURIComponent(from)}` : ''}`,
        ),
      );
      setItems((prev) => (from ? [...prev, ...page.data] : page.data));
      setCursor(page.nextCursor ?? null);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload per account
  useEffect(() => {
    void load(null);
  }, [accountId]);

  if (error)
    return (
      <div className="error-box" role="alert">
        Could not load the timeline: {error}
      </div>
    );
  if (!loading && items.length === 0)
    return (
      <EmptyState>No activity yet. Install a write key snippet (Settings) or import activities.</EmptyState>
    );
  return (
    <>
      <ol className="timeline" aria-label="Activity timeline">
        {items.map((item) => (
          <li key={String(item.id)}>
            <time dateTime={item.occurredAt}>{fmtDateTime(item.occurredAt)}</time>
            <div>
              <strong>{humanize(item.type)}</strong> {describe(item)}
              {item.contact && (
                <span className="muted">
                  {' '}
                  · {item.contact.name ?? 'contact'}
                  {item.contact.title ? `, ${item.contact.title}` : ''}
                </span>
              )}
              {item.weight && <span className="muted"> · {item.weight.weight} pts</span>}
            </div>
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" onClick={() => void load(cursor)} disabled={loading}>
          {loading ? 'Loading…' : 'Show older activity'}
        </button>
      )}
    </>
  );
}
