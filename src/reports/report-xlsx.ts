import ExcelJS from 'exceljs';

type Row = Record<string, unknown>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** A cell value: numbers and booleans as such, dates (and ISO date text) as dates, the rest as text. */
function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (ISO_DAY.test(text)) return new Date(`${text}T00:00:00Z`);
  if (ISO_INSTANT.test(text)) return new Date(text);
  // Plain text cells: a leading "=" stays text (exceljs writes formulas only from { formula } values).
  return text;
}

/** An Excel sheet name: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * One XLSX workbook with a sheet per table (rows as `reportTables` gives them, dates kept as Date):
 * a bold frozen header of the columns' union, numbers as numbers, dates as dates (UTC, shown as
 * `yyyy-mm-dd` or `yyyy-mm-dd hh:mm`), booleans as booleans.
 *
 * @example
 * const buffer = await tablesToXlsx({ segments: [{ segment: 'targets', accounts: 12 }] });
 */
export async function tablesToXlsx(tables: Record<string, Row[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'openabm';
  workbook.created = new Date();
  const taken = new Set<string>();
  for (const [name, rows] of Object.entries(tables)) {
    const sheet = workbook.addWorksheet(sheetName(name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(k);
        }
      }
    }
    sheet.columns = columns.map((key) => ({
      header: key,
      key,
      width: Math.min(40, Math.max(10, key.length + 2)),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const r of rows) {
      const added = sheet.addRow(columns.map((c) => cellValue(r[c])));
      added.eachCell((cell) => {
        if (cell.value instanceof Date) {
          const d = cell.value;
          const midnight = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() === 0;
          cell.numFmt = midnight ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
        }
      });
    }
  }
  if (taken.size === 0) workbook.addWorksheet('empty');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
