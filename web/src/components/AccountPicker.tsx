import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { AccountListPage } from '../schemas.ts';

/** Search accounts by name or domain and pick one (for assigning a lead the matcher had no candidate for). */
export function AccountPicker({
  label,
  onPick,
}: {
  label: string;
  onPick: (id: string, name: string) => void;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ id: string; name: string; domain: string | null }[]>([]);

  useEffect(() => {
    if (q.trim().length < 2) {
      setOptions([]);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      api(`/api/v1/accounts?q=${encodeURIComponent(q.trim())}&limit=5`)
        .then((body) => live && setOptions(AccountListPage.parse(body).data))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  return (
    <div className="stack" style={{ gap: 4 }}>
      <input
        type="search"
        aria-label={label}
        placeholder="Find account…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        size={18}
      />
      {options.map((o) => (
        <button key={o.id} type="button" onClick={() => onPick(o.id, o.name)}>
          Assign to {o.name} {o.domain ? `(${o.domain})` : ''}
        </button>
      ))}
    </div>
  );
}
