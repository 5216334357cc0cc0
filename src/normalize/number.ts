/**
 * A number written by a person or a spreadsheet: `1234.5`, `1,234.5`, `1 234,5`, `1.234,5`, `-3e6`.
 * Returns null for anything else (`$1.2M`, `12%`, `n/a`). The last of `.`/`,` is the decimal mark
 * when both occur; a lone `,` followed by exactly three digits is a thousands separator.
 */
export function parseNumber(raw: string): number | null {
  let text = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (/^[+-]?\d+(\.\d+)?e[+-]?\d+$/i.test(text)) return Number(text);
  if (!/^[+-]?[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const dot = text.lastIndexOf('.');
  const comma = text.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) {
    const decimal = dot > comma ? '.' : ',';
    const at = text.lastIndexOf(decimal);
    const whole = text.slice(0, at);
    const fraction = text.slice(at + 1);
    if (!/^\d+$/.test(fraction) || !validGroups(whole, decimal === '.' ? ',' : '.')) return null;
    text = `${whole.split(decimal === '.' ? ',' : '.').join('')}.${fraction}`;
  } else if (comma >= 0) {
    const parts = text.split(',');
    if (parts.length === 2 && parts[1]?.length !== 3) text = parts.join('.');
    else if (validGroups(text, ',')) text = parts.join('');
    else return null;
  } else if (dot >= 0 && text.split('.').length > 2) {
    if (!validGroups(text, '.')) return null;
    text = text.split('.').join('');
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function validGroups(text: string, separator: string): boolean {
  const [head = '', ...groups] = text.replace(/^[+-]/, '').split(separator);
  return /^\d{1,3}$/.test(head) && groups.every((g) => /^\d{3}$/.test(g));
}
