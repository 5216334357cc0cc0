import { isMissing, parseBoolean, parseNumber } from './cell-values.ts';
import { FitInputError } from './fit-input-error.ts';
import { readCsvTable } from './read-csv-table.ts';
import { type FitReport, trainFit } from './train-fit.ts';

export interface EvaluateCsvOptions {
  file: string;
  label: string;
  /** The label value that counts as positive; without it the label must be yes/no, true/false or 1/0. */
  positive?: string;
  id?: string;
  folds?: number;
  seed?: number;
}

export interface EvaluateCsvResult extends FitReport {
  file: string;
  label: string;
  positive_value: string;
  delimiter: string;
  rows_skipped_missing_label: number;
  ragged_rows: number;
}

function findColumn(names: string[], wanted: string, what: string): number {
  const exact = names.indexOf(wanted);
  if (exact >= 0) return exact;
  const folded = names.findIndex((n) => n.toLowerCase() === wanted.trim().toLowerCase());
  if (folded >= 0) return folded;
  const shown = names.slice(0, 30).join(', ');
  throw new FitInputError(
    `${what} column "${wanted}" not found; columns are: ${shown}${names.length > 30 ? ', …' : ''}`,
  );
}

/** How label cells map to 1/0, decided from the values present. */
function labelRule(
  values: string[],
  positive: string | undefined,
): { isPositive: (v: string) => boolean; shown: string } {
  const distinct = [...new Set(values.map((v) => v.trim().toLowerCase()))];
  if (positive !== undefined) {
    const wanted = positive.trim().toLowerCase();
    if (!distinct.includes(wanted)) {
      throw new FitInputError(
        `no row has label value "${positive}"; values seen: ${distinct.slice(0, 20).join(', ')}`,
      );
    }
    return { isPositive: (v) => v.trim().toLowerCase() === wanted, shown: positive };
  }
  if (distinct.every((v) => parseBoolean(v) !== null))
    return { isPositive: (v) => parseBoolean(v) === true, shown: 'true/yes' };
  if (distinct.every((v) => v === '1' || v === '0' || parseNumber(v) === 1 || parseNumber(v) === 0)) {
    return { isPositive: (v) => parseNumber(v) === 1, shown: '1' };
  }
  for (const word of ['won', 'closed won', 'win', 'customer', 'positive']) {
    if (distinct.includes(word) && distinct.length === 2)
      return { isPositive: (v) => v.trim().toLowerCase() === word, shown: word };
  }
  throw new FitInputError(
    `label values are ${distinct.slice(0, 10).join(', ')}${distinct.length > 10 ? ', …' : ''}: pass --positive VALUE to say which value is a positive`,
  );
}

/**
 * `openabm model evaluate`: read a CSV, take one column as the label, cross-validate the fit model
 * on the other columns and return the report.
 */
export async function evaluateCsv(options: EvaluateCsvOptions): Promise<EvaluateCsvResult> {
  const table = await readCsvTable(options.file);
  if (table.rowCount === 0) throw new FitInputError(`${options.file} has a header but no data rows`);
  const labelIndex = findColumn(table.names, options.label, 'label');
  const labelName = table.names[labelIndex] ?? options.label;
  const exclude = new Map<string, string>([[labelName, 'the label']]);
  if (options.id !== undefined)
    exclude.set(table.names[findColumn(table.names, options.id, 'id')] ?? options.id, 'the id column');

  const labelCells = table.columns[labelIndex] ?? [];
  const keep: number[] = [];
  labelCells.forEach((cell, i) => {
    if (!isMissing(cell)) keep.push(i);
  });
  if (keep.length === 0) throw new FitInputError(`label column "${labelName}" has no values`);
  const kept = keep.map((i) => String(labelCells[i] ?? ''));
  const rule = labelRule(kept, options.positive);
  const labels = Uint8Array.from(kept, (v) => (rule.isPositive(v) ? 1 : 0));
  const filtered =
    keep.length === table.rowCount
      ? table
      : {
          ...table,
          rowCount: keep.length,
          columns: table.columns.map((col) => keep.map((i) => col[i] ?? '')),
        };
  const fit = trainFit(filtered, labels, { folds: options.folds, seed: options.seed, exclude });
  return {
    file: options.file,
    label: labelName,
    positive_value: rule.shown,
    delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter,
    rows_skipped_missing_label: table.rowCount - keep.length,
    ragged_rows: table.raggedRows,
    ...fit.report,
  };
}
