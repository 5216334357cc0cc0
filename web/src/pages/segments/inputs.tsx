import { RULE_JOB_FUNCTIONS, RULE_SENIORITIES } from '../../../../src/contracts/segment-contract.ts';
import { humanize } from '../../format.ts';
import type { Choice } from './builder-choices.ts';

/** A number input that reports undefined when empty. */
export function NumberInput({
  label,
  value,
  onChange,
  min,
}: {
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        step="any"
        min={min}
        style={{ width: 90 }}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </label>
  );
}

/** Checkboxes over a list of ids (personas, functions, seniorities). */
export function MultiPick({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly Choice[];
  value: readonly string[] | undefined;
  onChange: (v: string[] | undefined) => void;
}) {
  const chosen = new Set(value ?? []);
  return (
    <fieldset className="pick">
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">none defined</span>}
      {options.map((o) => (
        <label key={o.id} className="check">
          <input
            type="checkbox"
            checked={chosen.has(o.id)}
            onChange={(e) => {
              const next = options
                .map((x) => x.id)
                .filter((id) => (id === o.id ? e.target.checked : chosen.has(id)));
              onChange(next.length > 0 ? next : undefined);
            }}
          />
          {o.name}
        </label>
      ))}
    </fieldset>
  );
}

const named = (list: readonly string[]): Choice[] => list.map((id) => ({ id, name: humanize(id) }));
export const FUNCTIONS = named(RULE_JOB_FUNCTIONS);
export const SENIORITY_CHOICES = named(RULE_SENIORITIES);

export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | '';
  options: readonly { value: T | ''; label: string }[];
  onChange: (v: T | '') => void;
}) {
  return (
    <label>
      {label}
      <select
        value={value}
        onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value ?? '')}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
