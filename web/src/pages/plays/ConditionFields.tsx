import { useState } from 'react';
import { Checks, FieldError, NumberField, SelectField, splitList } from './fields.tsx';
import type { PlayOptions } from './play-options.ts';
import type { Condition } from './play-schemas.ts';

const CONDITION_TYPES = [
  { value: 'responded', label: 'Someone responded' },
  { value: 'stage_in', label: 'Stage is' },
  { value: 'engagement_at_least', label: 'Engagement at least' },
  { value: 'tier_in', label: 'Tier is' },
  { value: 'fit_grade_in', label: 'Fit grade is' },
  { value: 'random', label: 'Random A/B split' },
] as const;
const GRADES = ['A', 'B', 'C', 'D'] as const;
const RESPONSE_TYPES = 'email_open, email_click, form_fill, meeting';

/** A fresh condition of a type, with sensible defaults. */
export function newCondition(type: Condition['type']): Condition {
  switch (type) {
    case 'responded':
      return { type, who: 'anyone', activityTypes: ['email_click'] };
    case 'stage_in':
      return { type, stages: ['mqa'] };
    case 'engagement_at_least':
      return { type, score: 20 };
    case 'tier_in':
      return { type, tiers: [1] };
    case 'fit_grade_in':
      return { type, grades: ['A'] };
    case 'random':
      return { type, share: 0.5 };
  }
}

/** A comma-separated list input that keeps what is typed and reports the parsed list. */
export function ListField({
  label,
  value,
  path,
  onChange,
  placeholder,
}: {
  label: string;
  value: readonly string[];
  path: string;
  onChange: (v: string[]) => void;
  placeholder?: string;
}) {
  const [text, setText] = useState(value.join(', '));
  return (
    <label>
      {label}
      <input
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          onChange(splitList(e.target.value));
        }}
      />
      <FieldError path={path} />
    </label>
  );
}

/** The fields of a branch or wait condition. */
export function ConditionFields({
  condition,
  path,
  options,
  onChange,
}: {
  condition: Condition;
  path: string;
  options: PlayOptions;
  onChange: (c: Condition) => void;
}) {
  const c = condition;
  return (
    <div className="row">
      <SelectField
        label="Condition"
        value={c.type}
        path={`${path}.type`}
        options={CONDITION_TYPES}
        onChange={(v) => {
          const type = CONDITION_TYPES.find((t) => t.value === v)?.value;
          if (type) onChange(newCondition(type));
        }}
      />
      {c.type === 'responded' && (
        <>
          <SelectField
            label="Who"
            value={c.who}
            path={`${path}.who`}
            options={[
              { value: 'contact', label: 'this person' },
              { value: 'persona', label: 'a persona' },
              { value: 'anyone', label: 'anyone at the account' },
            ]}
            onChange={(v) =>
              onChange({ ...c, who: v === 'contact' ? 'contact' : v === 'persona' ? 'persona' : 'anyone' })
            }
          />
          {c.who === 'persona' && (
            <SelectField
              label="Persona"
              value={c.personaId ?? ''}
              path={`${path}.personaId`}
              options={options.personas}
              empty="choose…"
              onChange={(v) => onChange({ ...c, personaId: v || undefined })}
            />
          )}
          <ListField
            label="Activities"
            value={c.activityTypes}
            path={`${path}.activityTypes`}
            placeholder={RESPONSE_TYPES}
            onChange={(v) => onChange({ ...c, activityTypes: v })}
          />
        </>
      )}
      {c.type === 'stage_in' && (
        <ListField
          label={`Stages (${options.stages.map((s) => s.value).join(', ')})`}
          value={c.stages}
          path={`${path}.stages`}
          onChange={(v) => onChange({ ...c, stages: v })}
        />
      )}
      {c.type === 'engagement_at_least' && (
        <NumberField
          label="Score"
          value={c.score}
          path={`${path}.score`}
          onChange={(v) => onChange({ ...c, score: v })}
        />
      )}
      {c.type === 'tier_in' && (
        <Checks
          label="Tiers"
          values={c.tiers}
          options={[1, 2, 3]}
          path={`${path}.tiers`}
          onChange={(v) => onChange({ ...c, tiers: v })}
        />
      )}
      {c.type === 'fit_grade_in' && (
        <Checks
          label="Grades"
          values={c.grades}
          options={GRADES}
          path={`${path}.grades`}
          onChange={(v) => onChange({ ...c, grades: v })}
        />
      )}
      {c.type === 'random' && (
        <NumberField
          label="Share true (0–1)"
          value={c.share}
          step={0.05}
          min={0}
          max={1}
          path={`${path}.share`}
          onChange={(v) => onChange({ ...c, share: v })}
        />
      )}
      <FieldError path={path} />
    </div>
  );
}
