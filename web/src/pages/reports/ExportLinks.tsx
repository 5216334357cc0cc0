/** CSV and XLSX download links for a report URL (`table` picks one of its tables for CSV). */
export function ExportLinks({ url, table, label }: { url: string; table?: string; label: string }) {
  const sep = url.includes('?') ? '&' : '?';
  const t = table ? `&table=${encodeURIComponent(table)}` : '';
  return (
    <span className="meta">
      <a href={`${url}${sep}format=csv${t}`} download aria-label={`${label} as CSV`}>
        CSV
      </a>{' '}
      ·{' '}
      <a href={`${url}${sep}format=xlsx${t}`} download aria-label={`${label} as XLSX`}>
        XLSX
      </a>
    </span>
  );
}
