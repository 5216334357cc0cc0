import { Checks, EditorSection, FieldError, NumberField, SelectField, TextField } from './fields.tsx';
import type { PlayOptions } from './play-options.ts';
import type { PlayDefinition } from './play-schemas.ts';
import { TrackEditor } from './TrackEditor.tsx';

type Entry = PlayDefinition['entry'];
type Goal = PlayDefinition['goals'][number];

const ENTRY_TYPES = [
  { value: 'segment', label: 'Member of a segment (incl. intent surge, committee rules)' },
  { value: 'target_list', label: 'On a target list (and tier)' },
  { value: 'stage', label: 'Reaches a stage' },
  { value: 'activity', label: 'An activity by a persona' },
  { value: 'api', label: 'An API call' },
];
const GOAL_TYPES = [
  { value: 'opportunity_created', label: 'Opportunity created' },
  { value: 'stage_reached', label: 'Stage reached' },
  { value: 'meeting_booked', label: 'Meeting booked' },
  { value: 'left_segment', label: 'Left a segment' },
];

function newEntry(type: string, options: PlayOptions): Entry {
  switch (type) {
    case 'segment':
      return { type, segmentId: options.segments[0]?.value ?? '' };
    case 'target_list':
      return { type, listId: options.lists[0]?.value ?? '' };
    case 'stage':
      return {
        type,
        stage: options.stages.find((s) => s.value === 'mqa')?.value ?? options.stages[0]?.value ?? 'mqa',
      };
    case 'activity':
      return { type, activityType: 'page_view' };
    default:
      return { type: 'api' };
  }
}

function newGoal(type: string, options: PlayOptions): Goal {
  if (type === 'stage_reached') return { type, stage: options.stages.at(-1)?.value ?? 'opportunity' };
  if (type === 'left_segment') return { type, segmentId: options.segments[0]?.value ?? '' };
  if (type === 'meeting_booked') return { type };
  return { type: 'opportunity_created' };
}

function GoalList({
  label,
  path,
  goals,
  options,
  onChange,
}: {
  label: string;
  path: 'goals' | 'exits';
  goals: Goal[];
  options: PlayOptions;
  onChange: (g: Goal[]) => void;
}) {
  return (
    <div className="stack">
      {goals.map((g, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: goals have no id; order is their identity
        <div className="row" key={i}>
          <SelectField
            label={`${label} ${i + 1}`}
            value={g.type}
            path={`${path}.${i}.type`}
            options={GOAL_TYPES}
            onChange={(v) => onChange(goals.map((x, j) => (j === i ? newGoal(v, options) : x)))}
          />
          {g.type === 'stage_reached' && (
            <SelectField
              label="Stage"
              value={g.stage}
              path={`${path}.${i}.stage`}
              options={options.stages}
              onChange={(v) => onChange(goals.map((x, j) => (j === i ? { ...g, stage: v } : x)))}
            />
          )}
          {g.type === 'left_segment' && (
            <SelectField
              label="Segment"
              value={g.segmentId}
              path={`${path}.${i}.segmentId`}
              options={options.segments}
              onChange={(v) => onChange(goals.map((x, j) => (j === i ? { ...g, segmentId: v } : x)))}
            />
          )}
          <button type="button" onClick={() => onChange(goals.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={() => onChange([...goals, newGoal('opportunity_created', options)])}>
          Add {label.toLowerCase()}
        </button>
      </div>
      <FieldError path={path} under />
    </div>
  );
}

/** The definition's form: entry, re-entry, goals and exits, guardrails and control group, tracks with steps. */
export function DefinitionEditor({
  definition,
  options,
  selected,
  onChange,
  onSelect,
}: {
  definition: PlayDefinition;
  options: PlayOptions;
  selected: string | null;
  onChange: (d: PlayDefinition) => void;
  onSelect: (key: string) => void;
}) {
  const d = definition;
  const e = d.entry;
  const g = d.guardrails;
  return (
    <div className="definition-editor">
      <EditorSection title="Entry">
        <div className="row">
          <SelectField
            label="Accounts enter when"
            value={e.type}
            path="entry.type"
            options={ENTRY_TYPES}
            onChange={(v) => onChange({ ...d, entry: newEntry(v, options) })}
          />
          {e.type === 'segment' && (
            <SelectField
              label="Segment"
              value={e.segmentId}
              path="entry.segmentId"
              options={options.segments}
              empty="choose a segment…"
              onChange={(v) => onChange({ ...d, entry: { ...e, segmentId: v } })}
            />
          )}
          {e.type === 'target_list' && (
            <>
              <SelectField
                label="Target list"
                value={e.listId}
                path="entry.listId"
                options={options.lists}
                empty="choose a list…"
                onChange={(v) => onChange({ ...d, entry: { ...e, listId: v } })}
              />
              <Checks
                label="Tiers (none = all)"
                values={e.tiers ?? []}
                options={[1, 2, 3]}
                path="entry.tiers"
                onChange={(v) =>
                  onChange({ ...d, entry: { ...e, tiers: v.length > 0 ? v.sort() : undefined } })
                }
              />
            </>
          )}
          {e.type === 'stage' && (
            <SelectField
              label="Stage"
              value={e.stage}
              path="entry.stage"
              options={options.stages}
              onChange={(v) => onChange({ ...d, entry: { ...e, stage: v } })}
            />
          )}
          {e.type === 'activity' && (
            <>
              <TextField
                label="Activity type"
                value={e.activityType}
                path="entry.activityType"
                onChange={(v) => onChange({ ...d, entry: { ...e, activityType: v } })}
              />
              <SelectField
                label="By persona"
                value={e.personaId ?? ''}
                path="entry.personaId"
                options={options.personas}
                empty="anyone"
                onChange={(v) => onChange({ ...d, entry: { ...e, personaId: v || undefined } })}
              />
              <TextField
                label="URL pattern"
                value={e.urlPattern ?? ''}
                path="entry.urlPattern"
                placeholder="*/pricing*"
                onChange={(v) => onChange({ ...d, entry: { ...e, urlPattern: v || undefined } })}
              />
            </>
          )}
          <SelectField
            label="Re-entry"
            value={d.reentry.type}
            path="reentry"
            options={[
              { value: 'never', label: 'never' },
              { value: 'after_days', label: 'after some days' },
            ]}
            onChange={(v) =>
              onChange({
                ...d,
                reentry: v === 'after_days' ? { type: 'after_days', days: 90 } : { type: 'never' },
              })
            }
          />
          {d.reentry.type === 'after_days' && (
            <NumberField
              label="Days"
              value={d.reentry.days}
              path="reentry.days"
              onChange={(v) => onChange({ ...d, reentry: { type: 'after_days', days: v } })}
            />
          )}
        </div>
        <FieldError path="entry" under />
        {e.type === 'segment' && (
          <p className="muted">
            Intent surges and new committee members enter through a segment whose rule has an intent surge or
            a committee condition: the play takes each account as it joins the segment.
          </p>
        )}
      </EditorSection>
      <EditorSection title="Goal and exit (checked before every step)">
        <div className="two-col">
          <GoalList
            label="Goal"
            path="goals"
            goals={d.goals}
            options={options}
            onChange={(goals) => onChange({ ...d, goals })}
          />
          <GoalList
            label="Exit"
            path="exits"
            goals={d.exits}
            options={options}
            onChange={(exits) => onChange({ ...d, exits })}
          />
        </div>
      </EditorSection>
      <EditorSection title="Guardrails">
        <div className="row">
          <NumberField
            label="Control group (% held out)"
            value={Math.round(g.controlShare * 100)}
            min={0}
            max={50}
            path="guardrails.controlShare"
            onChange={(v) => onChange({ ...d, guardrails: { ...g, controlShare: v / 100 } })}
          />
          <NumberField
            label="Touches per account per week (all plays)"
            value={g.accountWeeklyCap}
            min={1}
            path="guardrails.accountWeeklyCap"
            onChange={(v) => onChange({ ...d, guardrails: { ...g, accountWeeklyCap: v } })}
          />
          <label className="inline">
            <input
              type="checkbox"
              checked={g.businessDays}
              onChange={(ev) => onChange({ ...d, guardrails: { ...g, businessDays: ev.target.checked } })}
            />
            Waits count business days
          </label>
        </div>
        <p className="muted">
          E-mail frequency caps and quiet hours are the e-mail channel's, shared with every send.
        </p>
      </EditorSection>
      <EditorSection title="Tracks">
        <FieldError path="tracks" />
        {d.tracks.map((track, t) => (
          <TrackEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: a track's key is edited in place
            key={t}
            track={track}
            index={t}
            tracks={d.tracks}
            options={options}
            selected={selected}
            onSelect={onSelect}
            onChange={(x) => onChange({ ...d, tracks: d.tracks.map((y, i) => (i === t ? x : y)) })}
            onRemove={() => onChange({ ...d, tracks: d.tracks.filter((_, i) => i !== t) })}
          />
        ))}
        <button
          type="button"
          onClick={() => {
            let n = d.tracks.length + 1;
            while (d.tracks.some((x) => x.key === `track-${n}`)) n++;
            onChange({
              ...d,
              tracks: [
                ...d.tracks,
                {
                  key: `track-${n}`,
                  name: `Track ${n}`,
                  start: { on: 'trigger' },
                  steps: [{ id: 'task-1', type: 'task', title: 'Follow up', body: '', dueDays: 2 }],
                },
              ],
            });
          }}
        >
          Add a track
        </button>
      </EditorSection>
      <EditorSection title="Description">
        <TextField
          label="What this play is for"
          value={d.description}
          path="description"
          wide
          onChange={(v) => onChange({ ...d, description: v })}
        />
      </EditorSection>
    </div>
  );
}
