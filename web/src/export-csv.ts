import { api } from './api.ts';

const COLUMNS = [
  'id',
  'name',
  'domain',
  'industry',
  'country',
  'employeeCount',
  'annualRevenue',
  'currency',
  'lifecycle',
  'isTarget',
  'tier',
  'ownerId',
  'fitScore',
  'fitGrade',
  'stage',
  'stageSince',
  'engagementScore',
  'momentum',
  'lastActivityAt',
  'createdAt',
  'updatedAt',
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers stay numbers (a negative momentum is not a formula).
  if (typeof value === 'number') return String(value);
  const text = Array.isArray(value)
    ? value.join(';')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  // Quote when needed; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Stream the current account view through the list API, page by page (keyset cursor), into a CSV file
 * the browser downloads. Returns the number of rows written.
 */
export async function exportAccountsCsv(
  pageUrl: (cursor: string | null) => string,
  progress: (rows: number) => void,
): Promise<number> {
  const parts: string[] = [`${COLUMNS.join(',')}\n`];
  let cursor: string | null = null;
  let rows = 0;
  do {
    const body = await api(pageUrl(cursor));
    if (typeof body !== 'object' || body === null || !('data' in body) || !Array.isArray(body.data)) {
      throw new Error('The accounts API answered without a data list');
    }
    const lines: string[] = [];
    for (const record of body.data) {
      if (typeof record !== 'object' || record === null) continue;
      const map = new Map(Object.entries(record));
      lines.push(`${COLUMNS.map((c) => cell(map.get(c))).join(',')}\n`);
    }
    parts.push(lines.join(''));
    rows += lines.length;
    progress(rows);
    cursor = 'nextCursor' in body && typeof body.nextCursor === 'string' ? body.nextCursor : null;
  } while (cursor);
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `accounts-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return rows;
}
