import { STEP_TYPES } from './describe-step.ts';
import { FieldError, SelectField, TextField } from './fields.tsx';
import type { PlayOptions } from './play-options.ts';
import type { Step, Track } from './play-schemas.ts';
import { newStep, StepFields } from './StepFields.tsx';

const START_OPTIONS = [
  { value: 'entry', label: 'when the account enters' },
  { value: 'trigger', label: 'when another track triggers it' },
  { value: 'activity', label: "on a persona's activity" },
];

function freshId(track: Track, type: Step['type']): string {
  const base = type.replace('_', '-');
  for (let n = track.steps.length + 1; ; n++) {
    const id = `${base}-${n}`;
    if (!track.steps.some((s) => s.id === id)) return id;
  }
}

/** One persona track: key, name, persona, how it starts, and its steps in order. */
export function TrackEditor({
  track,
  index,
  tracks,
  options,
  selected,
  onChange,
  onRemove,
  onSelect,
}: {
  track: Track;
  index: number;
  tracks: readonly Track[];
  options: PlayOptions;
  selected: string | null;
  onChange: (t: Track) => void;
  onRemove: () => void;
  onSelect: (key: string) => void;
}) {
  const path = `tracks.${index}`;
  const setStep = (s: number, step: Step) =>
    onChange({ ...track, steps: track.steps.map((x, i) => (i === s ? step : x)) });
  const move = (s: number, by: number) => {
    const steps = [...track.steps];
    const [item] = steps.splice(s, 1);
    if (!item) return;
    steps.splice(Math.max(0, Math.min(steps.length, s + by)), 0, item);
    onChange({ ...track, steps });
  };
  const start = track.start;
  return (
    <fieldset className="track-editor" aria-label={`Track ${index + 1}`}>
      <legend>
        Track {index + 1}: {track.name}
      </legend>
      <div className="row">
        <TextField
          label="Track name"
          value={track.name}
          path={`${path}.name`}
          onChange={(v) => onChange({ ...track, name: v })}
        />
        <TextField
          label="Key"
          value={track.key}
          path={`${path}.key`}
          onChange={(v) => onChange({ ...track, key: v })}
        />
        <SelectField
          label="Persona"
          value={track.personaId ?? ''}
          path={`${path}.personaId`}
          options={options.personas}
          empty="— the account (no persona) —"
          onChange={(v) => onChange({ ...track, personaId: v || undefined })}
        />
        <SelectField
          label="Starts"
          value={start.on}
          path={`${path}.start`}
          options={START_OPTIONS}
          onChange={(v) =>
            onChange({
              ...track,
              start:
                v === 'activity'
                  ? { on: 'activity', activityType: 'email_click' }
                  : v === 'trigger'
                    ? { on: 'trigger' }
                    : { on: 'entry' },
            })
          }
        />
        {start.on === 'activity' && (
          <>
            <TextField
              label="Activity type"
              value={start.activityType}
              path={`${path}.start.activityType`}
              onChange={(v) => onChange({ ...track, start: { ...start, activityType: v } })}
            />
            <SelectField
              label="By persona"
              value={start.personaId ?? ''}
              path={`${path}.start.personaId`}
              options={options.personas}
              empty="anyone at the account"
              onChange={(v) => onChange({ ...track, start: { ...start, personaId: v || undefined } })}
            />
            <TextField
              label="URL pattern"
              value={start.urlPattern ?? ''}
              path={`${path}.start.urlPattern`}
              placeholder="*/pricing*"
              onChange={(v) => onChange({ ...track, start: { ...start, urlPattern: v || undefined } })}
            />
          </>
        )}
        <button type="button" className="danger" onClick={onRemove} disabled={tracks.length <= 1}>
          Remove track
        </button>
      </div>
      <FieldError path={path} />
      <FieldError path={`${path}.steps`} />
      <ol className="step-list">
        {track.steps.map((step, s) => {
          const stepPath = `${path}.steps.${s}`;
          const key = `${track.key}:${step.id}`;
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: a step's id is edited in place, so its position is its identity
              key={`${s}-${step.type}`}
              aria-label={`Track ${index + 1} step ${s + 1}`}
              className={selected === key ? 'selected' : undefined}
            >
              <div className="row">
                <SelectField
                  label="Step type"
                  value={step.type}
                  path={`${stepPath}.type`}
                  options={STEP_TYPES.map((t) => ({ value: t.type, label: t.label }))}
                  onChange={(v) => {
                    const type = STEP_TYPES.find((t) => t.type === v)?.type;
                    if (type) setStep(s, { ...newStep(type, step.id, tracks, track.key), name: step.name });
                  }}
                />
                <TextField
                  label="Step id"
                  value={step.id}
                  path={`${stepPath}.id`}
                  onChange={(v) => setStep(s, { ...step, id: v })}
                />
                <TextField
                  label="Step name"
                  value={step.name ?? ''}
                  path={`${stepPath}.name`}
                  onChange={(v) => setStep(s, { ...step, name: v || undefined })}
                />
                <span className="step-tools">
                  <button
                    type="button"
                    onClick={() => onSelect(key)}
                    aria-label={`Show step ${s + 1} in the diagram`}
                  >
                    ◎
                  </button>
                  <button
                    type="button"
                    onClick={() => move(s, -1)}
                    disabled={s === 0}
                    aria-label={`Move step ${s + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    onClick={() => move(s, 1)}
                    disabled={s === track.steps.length - 1}
                    aria-label={`Move step ${s + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    onClick={() => onChange({ ...track, steps: track.steps.filter((_, i) => i !== s) })}
                    disabled={track.steps.length <= 1}
                    aria-label={`Remove step ${s + 1}`}
                  >
                    ✕
                  </button>
                </span>
              </div>
              <StepFields
                step={step}
                path={stepPath}
                track={track}
                tracks={tracks}
                options={options}
                onChange={(x) => setStep(s, x)}
              />
              <FieldError path={stepPath} />
            </li>
          );
        })}
      </ol>
      <label className="add-step">
        Add a step
        <select
          value=""
          onChange={(e) => {
            const type = STEP_TYPES.find((t) => t.type === e.target.value)?.type;
            if (type)
              onChange({
                ...track,
                steps: [...track.steps, newStep(type, freshId(track, type), tracks, track.key)],
              });
          }}
        >
          <option value="">choose a step type…</option>
          {STEP_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
