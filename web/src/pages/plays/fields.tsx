import { createContext, type ReactNode, useContext } from 'react';
import type { Option } from './play-options.ts';

/** Field errors of the last save, by path inside the definition (`tracks.0.steps.1.templateId`). */
export const FieldErrors = createContext<ReadonlyMap<string, string>>(new Map());

/** The server's message for a field (or for anything under it when `under`), shown beside it. */
export function FieldError({ path, under }: { path: string; under?: boolean }) {
  const errors = useContext(FieldErrors);
  const messages = [...errors.entries()]
    .filter(([p]) => p === path || (under && p.startsWith(`${path}.`)))
    .map(([p, m]) => (p === path ? m : `${p.slice(path.length + 1)}: ${m}`));
  if (messages.length === 0) return null;
  return (
    <span className="field-error" role="alert" data-path={path}>
      {messages.join('; ')}
    </span>
  );
}

/** A labelled text input with its field error. */
export function TextField({
  label,
  value,
  path,
  onChange,
  placeholder,
  wide,
}: {
  label: string;
  value: string;
  path: string;
  onChange: (v: string) => void;
  placeholder?: string;
  wide?: boolean;
}) {
  return (
    <label className={wide ? 'wide' : undefined}>
      {label}
      <input value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      <FieldError path={path} />
    </label>
  );
}

/** A labelled number input with its field error. */
export function NumberField({
  label,
  value,
  path,
  onChange,
  step,
  min,
  max,
}: {
  label: string;
  value: number;
  path: string;
  onChange: (v: number) => void;
  step?: number;
  min?: number;
  max?: number;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        value={Number.isFinite(value) ? value : ''}
        step={step}
        min={min}
        max={max}
        onChange={(e) => onChange(e.target.value === '' ? 0 : Number(e.target.value))}
      />
      <FieldError path={path} />
    </label>
  );
}

/** A labelled select with its field error; `empty` adds a "nothing chosen" first option. */
export function SelectField({
  label,
  value,
  path,
  options,
  onChange,
  empty,
}: {
  label: string;
  value: string;
  path: string;
  options: readonly Option[];
  onChange: (v: string) => void;
  empty?: string;
}) {
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {!known && <option value={value}>{value} (unknown)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError path={path} />
    </label>
  );
}

/** A row of checkboxes for a small set (tiers, grades). */
export function Checks<T extends string | number>({
  label,
  values,
  options,
  onChange,
  path,
}: {
  label: string;
  values: readonly T[];
  options: readonly T[];
  onChange: (v: T[]) => void;
  path: string;
}) {
  return (
    <fieldset className="checks">
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={String(o)}>
          <input
            type="checkbox"
            checked={values.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...values, o] : values.filter((v) => v !== o))}
          />
          {String(o)}
        </label>
      ))}
      <FieldError path={path} />
    </fieldset>
  );
}

/** A titled block of the editor. */
export function EditorSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="editor-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Comma-separated text ↔ a list. */
export const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
