import { useApi } from '../../hooks/useApi.ts';
import { SegmentList } from '../segments/segment-schemas.ts';

/** The account segment filter (`segment=<id>`): current members of one account segment. */
export function SegmentSelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const segments = useApi('/api/v1/segments?kind=account', SegmentList);
  const list = segments.data?.data ?? [];
  return (
    <label>
      Segment
      <select name="segment" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {list.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.memberCount})
          </option>
        ))}
        {value && !list.some((s) => s.id === value) && (
          <option value={value}>{segments.loading ? '…' : 'Unknown segment'}</option>
        )}
      </select>
    </label>
  );
}
