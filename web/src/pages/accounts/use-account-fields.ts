import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { AccountRowT } from '../../schemas.ts';

let probe: Promise<Set<string>> | null = null;

/** The fields GET /accounts returns on this server, from one account (asked once per page load). */
function probeFields(): Promise<Set<string>> {
  probe ??= api('/api/v1/accounts?limit=1')
    .then((body) => {
      const first =
        typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data)
          ? body.data[0]
          : undefined;
      return new Set(typeof first === 'object' && first !== null ? Object.keys(first) : []);
    })
    .catch(() => {
      probe = null;
      return new Set<string>();
    });
  return probe;
}

/**
 * Which optional account fields (stage, scores, …) this server's list API returns: probed once, plus
 * every field seen in a page since, so columns and filters appear exactly when the API supports them.
 */
export function useAccountFields(rows: readonly AccountRowT[]): (key: keyof AccountRowT) => boolean {
  const [fields, setFields] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    let live = true;
    void probeFields().then((found) => {
      if (live) setFields((known) => new Set([...known, ...found]));
    });
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    const keys = new Set(rows.flatMap((r) => Object.keys(r)));
    setFields((known) => ([...keys].every((k) => known.has(k)) ? known : new Set([...known, ...keys])));
  }, [rows]);
  return (key) => fields.has(key);
}
