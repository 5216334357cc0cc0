import { useState } from 'react';
import { FIELD_OPERATORS, type FieldOperator } from '../../../../src/contracts/segment-contract.ts';

type Scalar = string | number | boolean;
export type FieldValueT = Scalar | Scalar[] | undefined;
export type ValueKind = 'text' | 'number' | 'boolean' | 'auto';

export const OP_LABELS: Record<FieldOperator, string> = {
  eq: 'is',
  ne: 'is not',
  in: 'is any of',
  notIn: 'is none of',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  contains: 'contains',
  startsWith: 'starts with',
  exists: 'is set',
  notExists: 'is not set',
};

/** A typed value of the text a marketer typed (numbers for number fields; `auto` reads numbers when it can). */
function parseScalar(text: string, kind: ValueKind): Scalar {
  const t = text.trim();
  if (kind === 'boolean') return t === 'true';
  if ((kind === 'number' || kind === 'auto') && t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

const toText = (v: FieldValueT) =>
  v === undefined ? '' : Array.isArray(v) ? v.map(String).join(', ') : String(v);

/** The value a condition keeps when its operator changes (a list for `in`, a pair for `between`, none for `exists`). */
export function valueForOp(op: FieldOperator, value: FieldValueT): FieldValueT {
  const first = Array.isArray(value) ? value[0] : value;
  if (op === 'exists' || op === 'notExists') return undefined;
  if (op === 'in' || op === 'notIn') return Array.isArray(value) ? value : first === undefined ? [] : [first];
  if (op === 'between') return Array.isArray(value) && value.length === 2 ? value : [first ?? 0, first ?? 0];
  return first ?? '';
}

/** Operator select and value input(s) of a field condition. */
export function FieldValue({
  op,
  value,
  kind,
  label,
  onChange,
}: {
  op: FieldOperator;
  value: FieldValueT;
  kind: ValueKind;
  label: string;
  onChange: (op: FieldOperator, value: FieldValueT) => void;
}) {
  // The typed text stays as typed ("DK, " while a list is being written); the parsed value goes up.
  const [text, setText] = useState(() => toText(value));
  const [high, setHigh] = useState(() => (Array.isArray(value) ? String(value[1] ?? '') : ''));
  const ops = FIELD_OPERATORS.filter((o) =>
    kind === 'boolean' ? ['eq', 'ne', 'exists', 'notExists'].includes(o) : true,
  );
  function changeOp(next: FieldOperator) {
    const kept = valueForOp(next, value);
    const v = kind === 'boolean' && kept !== undefined && typeof kept !== 'boolean' ? true : kept;
    setText(toText(Array.isArray(v) && next === 'between' ? v[0] : v));
    setHigh(Array.isArray(v) && next === 'between' ? String(v[1] ?? '') : '');
    onChange(next, v);
  }
  function changeText(next: string) {
    setText(next);
    if (op === 'in' || op === 'notIn')
      onChange(
        op,
        next
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '')
          .map((p) => parseScalar(p, kind)),
      );
    else if (op === 'between') onChange(op, [parseScalar(next, kind), parseScalar(high, kind)]);
    else onChange(op, parseScalar(next, kind));
  }
  return (
    <>
      <label>
        Operator
        <select
          aria-label={`${label} operator`}
          value={op}
          onChange={(e) => changeOp(FIELD_OPERATORS.find((o) => o === e.target.value) ?? 'eq')}
        >
          {ops.map((o) => (
            <option key={o} value={o}>
              {OP_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      {op === 'exists' || op === 'notExists' ? null : kind === 'boolean' ? (
        <label>
          Value
          <select
            aria-label={`${label} value`}
            value={String(value === true)}
            onChange={(e) => onChange(op, e.target.value === 'true')}
          >
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        </label>
      ) : (
        <label>
          {op === 'between' ? 'From' : op === 'in' || op === 'notIn' ? 'Values (comma-separated)' : 'Value'}
          <input
            aria-label={`${label} value`}
            value={text}
            inputMode={kind === 'number' ? 'decimal' : undefined}
            onChange={(e) => changeText(e.target.value)}
          />
        </label>
      )}
      {op === 'between' && (
        <label>
          To
          <input
            aria-label={`${label} upper value`}
            value={high}
            onChange={(e) => {
              setHigh(e.target.value);
              onChange(op, [parseScalar(text, kind), parseScalar(e.target.value, kind)]);
            }}
          />
        </label>
      )}
    </>
  );
}
