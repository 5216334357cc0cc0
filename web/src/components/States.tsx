import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { describeError } from '../hooks/useApi.ts';

/** An inline failure message that says what went wrong and what to do; offers a retry. */
export function ErrorState({ error, retry, what }: { error: unknown; retry?: () => void; what: string }) {
  const notBuilt = error instanceof ApiError && error.status === 404 && /No route/.test(error.message);
  return (
    <div role="alert" className="error-box">
      <strong>Could not load {what}.</strong>{' '}
      {notBuilt ? 'This server does not offer that API yet — update openabm.' : describeError(error)}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A muted "nothing here yet" panel with the next step. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A titled panel of the dense dashboard/dossier grid. */
export function Panel({
  title,
  children,
  actions,
  wide,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
}) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={wide ? 'panel wide' : 'panel'} aria-labelledby={id}>
      <header>
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
