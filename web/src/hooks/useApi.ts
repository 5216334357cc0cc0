import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { ApiError, api } from '../api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GET a path and narrow the answer with a zod schema. `path` null skips the call. Re-fetches when the
 * path changes or `reload()` is called; stale answers of an older path are dropped.
 */
export function useApi<S extends z.ZodType>(path: string | null, schema: S): ApiState<z.infer<S>> {
  const [data, setData] = useState<z.infer<S> | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (path === null) return undefined;
    let live = true;
    setLoading(true);
    // tick is read so that reload() re-runs this effect.
    void tick;
    api(path)
      .then((body) => {
        if (!live) return;
        const parsed = schema.safeParse(body);
        if (parsed.success) {
          setData(parsed.data);
          setError(null);
        } else {
          setError(
            new Error(
              `Unexpected answer from ${path.split('?')[0]}: ${parsed.error.issues[0]?.message ?? ''}`,
            ),
          );
        }
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [path, schema, tick]);

  return { data, error, loading, reload };
}

/** A human sentence for an API failure, with the field errors when there are some. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    if (error.status === 403)
      return `Your role cannot do this (${error.detail ?? 'forbidden'}). Ask an admin.`;
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    return fields && !error.message.includes(fields) ? `${error.message} — ${fields}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
