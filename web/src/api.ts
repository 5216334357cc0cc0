/** A problem+json error from the API, with the field errors when it was a validation failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: { path: string; message: string }[];

  constructor(
    status: number,
    title: string,
    detail?: string,
    errors: { path: string; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.detail = detail;
    this.errors = errors;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Call the public REST API with the session cookie. Throws ApiError for non-2xx answers.
 *
 * @example
 * const page = await api('/api/v1/accounts?sort=-annualRevenue');
 */
export async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<unknown> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (isRecord(body)) {
      const errors = Array.isArray(body.errors)
        ? body.errors
            .filter(isRecord)
            .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }))
        : [];
      throw new ApiError(
        res.status,
        String(body.title ?? res.statusText),
        body.detail ? String(body.detail) : undefined,
        errors,
      );
    }
    throw new ApiError(res.status, res.statusText, typeof body === 'string' ? body : undefined);
  }
  return body;
}
