import { FIELDS, type Kind } from './import-fields.ts';
import type { PreviewT } from './import-schemas.ts';

/** The proposed column mapping with a field picker per CSV column and the first row's values. */
export function MappingTable({
  kind,
  preview,
  onField,
}: {
  kind: Kind;
  preview: PreviewT;
  onField: (header: string, field: string) => void;
}) {
  const rejected = preview.rows.filter((r) => r.error);
  return (
    <>
      <h2>Column mapping</h2>
      <p className="muted">
        {preview.encoding}, delimiter “{preview.delimiter === '\t' ? 'tab' : preview.delimiter}”. Change a
        field to fix the mapping; choose “skip” to leave a column out.
      </p>
      {preview.missing.length > 0 && (
        <div className="error-box" role="alert">
          Required fields with no column: {preview.missing.join(', ')}. Map a column to them.
        </div>
      )}
      <table className="grid" aria-label="Column mapping">
        <thead>
          <tr>
            <th scope="col">CSV column</th>
            <th scope="col">Imported as</th>
            <th scope="col">How</th>
            <th scope="col">First value</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((c) => (
            <tr key={c.header}>
              <td>{c.header}</td>
              <td>
                <select
                  aria-label={`Field for ${c.header}`}
                  value={c.field ?? ''}
                  onChange={(e) => onField(c.header, e.target.value)}
                >
                  <option value="">— skip —</option>
                  {[...new Set([...(c.field ? [c.field] : []), ...FIELDS[kind]])].map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{c.how}</td>
              <td className="muted">{String(preview.rows[0]?.record?.[c.field ?? ''] ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > 0 && (
        <p className="error">
          {rejected.length} of the first {preview.rows.length} rows would be rejected, e.g. row{' '}
          {rejected[0]?.row}: {rejected[0]?.error}
        </p>
      )}
    </>
  );
}
