import type { FormEvent, InputHTMLAttributes } from 'react';
import type { AccountRowT } from '../../schemas.ts';
import type { Filters } from './list-query.ts';
import { SegmentSelect } from './SegmentSelect.tsx';

interface Stage {
  key: string;
  name: string;
}

/** One labelled filter control bound to an API parameter. */
function Field({
  label,
  name,
  draft,
  set,
  ...rest
}: {
  label: string;
  name: string;
  draft: Filters;
  set: (n: string, v: string) => void;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input name={name} value={draft[name] ?? ''} onChange={(e) => set(name, e.target.value)} {...rest} />
    </label>
  );
}

/**
 * The stage filter as one select: a single stage (`stage=key`) or a stage and every deeper one
 * (`stage.in=key,…`, e.g. "MQA or later"); another `stage.in` list (from a link or saved view) shows as is.
 */
function StageSelect({
  stages,
  draft,
  setMany,
}: {
  stages: readonly Stage[];
  draft: Filters;
  setMany: (patch: Filters) => void;
}) {
  const deeper = (i: number) =>
    stages
      .slice(i)
      .map((s) => s.key)
      .join(',');
  const inList = draft['stage.in'] ?? '';
  const fromIndex = stages.findIndex((_, i) => i > 0 && deeper(i) === inList);
  const value = draft.stage
    ? `eq:${draft.stage}`
    : inList
      ? fromIndex > 0
        ? `from:${stages[fromIndex]?.key}`
        : `in:${inList}`
      : '';
  function choose(choice: string) {
    const [how, key = ''] = choice.split(/:(.*)/s);
    const index = stages.findIndex((s) => s.key === key);
    setMany({
      stage: how === 'eq' ? key : '',
      'stage.in': how === 'from' ? deeper(index) : how === 'in' ? key : '',
    });
  }
  return (
    <label>
      Stage
      <select name="stage" value={value} onChange={(e) => choose(e.target.value)}>
        <option value="">Any stage</option>
        {stages.map((s) => (
          <option key={s.key} value={`eq:${s.key}`}>
            {s.name}
          </option>
        ))}
        {stages.slice(1, -1).map((s) => (
          <option key={`from-${s.key}`} value={`from:${s.key}`}>
            {s.name} or later
          </option>
        ))}
        {value.startsWith('in:') && <option value={value}>{inList.split(',').join(', ')}</option>}
      </select>
    </label>
  );
}

/** The accounts filter form: every control labelled, Enter or “Apply” applies, “Clear” resets. */
export function AccountFilters({
  draft,
  setMany,
  has,
  users,
  stages,
  onSubmit,
  onClear,
}: {
  draft: Filters;
  setMany: (patch: Filters) => void;
  has: (key: keyof AccountRowT) => boolean;
  users: readonly { id: string; name: string | null; email: string }[];
  stages: readonly Stage[];
  onSubmit: () => void;
  onClear: () => void;
}) {
  const set = (name: string, value: string) => setMany({ [name]: value });
  // Signals filters show when the API returns the field, or when the view already uses them.
  const shows = (key: keyof AccountRowT) =>
    has(key) || Object.keys(draft).some((k) => k.split('.')[0] === key);
  const num = { type: 'number', step: 'any', draft, set } as const;
  return (
    <form
      className="filters"
      aria-label="Account filters"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Field label="Search" name="q" type="search" placeholder="Name or domain" draft={draft} set={set} />
      <SegmentSelect value={draft.segment ?? ''} onChange={(id) => set('segment', id)} />
      <label>
        Tier
        <select value={draft.tier ?? ''} onChange={(e) => set('tier', e.target.value)}>
          <option value="">Any</option>
          <option value="1">Tier 1</option>
          <option value="2">Tier 2</option>
          <option value="3">Tier 3</option>
        </select>
      </label>
      {shows('fitGrade') && (
        <label>
          Fit grade
          <select value={draft['fitGrade.in'] ?? ''} onChange={(e) => set('fitGrade.in', e.target.value)}>
            <option value="">Any</option>
            <option value="A">A</option>
            <option value="A,B">A or B</option>
            <option value="C,D">C or D</option>
          </select>
        </label>
      )}
      {shows('stage') && <StageSelect stages={stages} draft={draft} setMany={setMany} />}
      <Field label="Industry" name="industry" size={12} draft={draft} set={set} />
      <Field label="Countries" name="country.in" placeholder="DK,SE" size={8} draft={draft} set={set} />
      <label>
        Owner
        <select value={draft.ownerId ?? ''} onChange={(e) => set('ownerId', e.target.value)}>
          <option value="">Anyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.email}
            </option>
          ))}
        </select>
      </label>
      {shows('fitScore') && (
        <Field label="Fit ≥" name="fitScore.gte" min={0} max={100} style={{ width: 70 }} {...num} />
      )}
      {shows('engagementScore') && (
        <>
          <Field label="Engagement ≥" name="engagementScore.gte" min={0} style={{ width: 100 }} {...num} />
          <Field label="Engagement ≤" name="engagementScore.lte" min={0} style={{ width: 100 }} {...num} />
        </>
      )}
      {shows('momentum') && (
        <>
          <Field label="Momentum ≥ %" name="momentum.gte" style={{ width: 100 }} {...num} />
          <Field label="Momentum ≤ %" name="momentum.lte" style={{ width: 100 }} {...num} />
        </>
      )}
      {shows('lastActivityAt') && (
        <Field label="Active since" name="lastActivityAt.gte" type="date" draft={draft} set={set} />
      )}
      <Field label="Employees ≥" name="employeeCount.gte" min={0} style={{ width: 90 }} {...num} />
      <Field label="Employees ≤" name="employeeCount.lte" min={0} style={{ width: 90 }} {...num} />
      <Field label="Revenue ≥" name="annualRevenue.gte" min={0} style={{ width: 110 }} {...num} />
      <label>
        Target
        <select value={draft.isTarget ?? ''} onChange={(e) => set('isTarget', e.target.value)}>
          <option value="">Any</option>
          <option value="true">Target accounts</option>
          <option value="false">Not targeted</option>
        </select>
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={onClear}>
        Clear
      </button>
    </form>
  );
}
