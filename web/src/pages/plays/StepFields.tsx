import { ConditionFields, newCondition } from './ConditionFields.tsx';
import { NumberField, SelectField, TextField } from './fields.tsx';
import type { PlayOptions } from './play-options.ts';
import type { Step, Track } from './play-schemas.ts';

/** A fresh step of a type with its defaults (the id is the caller's). */
export function newStep(type: Step['type'], id: string, tracks: readonly Track[], own: string): Step {
  switch (type) {
    case 'email':
      return { id, type, templateId: '' };
    case 'wait':
      return { id, type, days: 3, hours: 0, timeoutDays: 14 };
    case 'branch':
      return { id, type, condition: newCondition('responded'), ifTrue: 'end', ifFalse: 'end' };
    case 'trigger_track':
      return { id, type, track: tracks.find((t) => t.key !== own)?.key ?? '' };
    case 'task':
      return { id, type, title: 'Follow up', body: '', dueDays: 2 };
    case 'alert':
      return { id, type, title: 'Heads up', body: '' };
    case 'webhook':
      return { id, type, url: 'https://', secret: '' };
    case 'set_field':
      return { id, type, field: 'abm_tag', value: '' };
  }
}

/** The type-specific fields of one step. */
export function StepFields({
  step,
  path,
  track,
  tracks,
  options,
  onChange,
}: {
  step: Step;
  path: string;
  track: Track;
  tracks: readonly Track[];
  options: PlayOptions;
  onChange: (s: Step) => void;
}) {
  const targets = [
    ...track.steps.filter((s) => s.id !== step.id).map((s) => ({ value: s.id, label: s.name ?? s.id })),
    { value: 'end', label: 'end' },
  ];
  switch (step.type) {
    case 'email':
      return (
        <div className="row">
          <SelectField
            label="Template"
            value={step.templateId}
            path={`${path}.templateId`}
            options={options.templates}
            empty="choose a template…"
            onChange={(v) => onChange({ ...step, templateId: v })}
          />
          <TextField
            label="Topic (optional)"
            value={step.topic ?? ''}
            path={`${path}.topic`}
            onChange={(v) => onChange({ ...step, topic: v || undefined })}
          />
        </div>
      );
    case 'wait':
      return (
        <div className="stack">
          <div className="row">
            <NumberField
              label="Days"
              value={step.days}
              path={`${path}.days`}
              onChange={(v) => onChange({ ...step, days: v })}
            />
            <NumberField
              label="Hours"
              value={step.hours}
              path={`${path}.hours`}
              onChange={(v) => onChange({ ...step, hours: v })}
            />
            <label className="inline">
              <input
                type="checkbox"
                checked={step.until !== undefined}
                onChange={(e) =>
                  onChange({ ...step, until: e.target.checked ? newCondition('responded') : undefined })
                }
              />
              until a condition
            </label>
            {step.until && (
              <NumberField
                label="Time-out (days)"
                value={step.timeoutDays}
                path={`${path}.timeoutDays`}
                onChange={(v) => onChange({ ...step, timeoutDays: v })}
              />
            )}
          </div>
          {step.until && (
            <ConditionFields
              condition={step.until}
              path={`${path}.until`}
              options={options}
              onChange={(c) => onChange({ ...step, until: c })}
            />
          )}
        </div>
      );
    case 'branch':
      return (
        <div className="stack">
          <ConditionFields
            condition={step.condition}
            path={`${path}.condition`}
            options={options}
            onChange={(c) => onChange({ ...step, condition: c })}
          />
          <div className="row">
            <SelectField
              label="If true, go to"
              value={step.ifTrue}
              path={`${path}.ifTrue`}
              options={targets}
              onChange={(v) => onChange({ ...step, ifTrue: v })}
            />
            <SelectField
              label="If false, go to"
              value={step.ifFalse}
              path={`${path}.ifFalse`}
              options={targets}
              onChange={(v) => onChange({ ...step, ifFalse: v })}
            />
          </div>
        </div>
      );
    case 'trigger_track':
      return (
        <SelectField
          label="Track to start"
          value={step.track}
          path={`${path}.track`}
          options={tracks.filter((t) => t.key !== track.key).map((t) => ({ value: t.key, label: t.name }))}
          empty="choose a track…"
          onChange={(v) => onChange({ ...step, track: v })}
        />
      );
    case 'task':
    case 'alert':
      return (
        <div className="row">
          <TextField
            label="Title"
            value={step.title}
            path={`${path}.title`}
            onChange={(v) => onChange({ ...step, title: v })}
          />
          <TextField
            label="Details"
            value={step.body}
            path={`${path}.body`}
            wide
            onChange={(v) => onChange({ ...step, body: v })}
          />
          {step.type === 'task' && (
            <NumberField
              label="Due in (days)"
              value={step.dueDays}
              path={`${path}.dueDays`}
              onChange={(v) => onChange({ ...step, dueDays: v })}
            />
          )}
        </div>
      );
    case 'webhook':
      return (
        <div className="row">
          <TextField
            label="URL"
            value={step.url}
            path={`${path}.url`}
            wide
            onChange={(v) => onChange({ ...step, url: v })}
          />
          <TextField
            label="Signing secret (16+ chars)"
            value={step.secret}
            path={`${path}.secret`}
            onChange={(v) => onChange({ ...step, secret: v })}
          />
        </div>
      );
    case 'set_field':
      return (
        <div className="row">
          <TextField
            label="Field"
            value={step.field}
            path={`${path}.field`}
            onChange={(v) => onChange({ ...step, field: v })}
          />
          <TextField
            label="Value"
            value={step.value === null ? '' : String(step.value)}
            path={`${path}.value`}
            onChange={(v) => onChange({ ...step, value: v })}
          />
        </div>
      );
  }
}
