import { useState } from 'react';
import {
  RULE_JOB_FUNCTIONS,
  RULE_SENIORITIES,
  type SegmentLeaf,
} from '../../../../src/contracts/segment-contract.ts';
import { useChoices } from './builder-choices.ts';
import { FUNCTIONS, MultiPick, NumberInput, SENIORITY_CHOICES } from './inputs.tsx';

type Activity = Extract<SegmentLeaf, { type: 'activity' }>;
type Window = Activity['window'];

const COMMON_TYPES = ['page_view', 'form_submit', 'email_open', 'email_click', 'content_download', 'meeting'];

const windowKind = (w: Window) => ('lastDays' in w ? 'last' : 'from' in w ? 'between' : 'stage');
const pick = <T extends string>(list: readonly T[], values: string[] | undefined) =>
  values?.map((v) => list.find((x) => x === v)).filter((v): v is T => v !== undefined);

/**
 * Did an activity at least N times in a window: types, URL and name patterns, a property, the window
 * (last N days, between dates, since the current stage) and who did it (personas, functions, seniorities).
 */
export function ActivityEditor({ node, onChange }: { node: Activity; onChange: (next: Activity) => void }) {
  const choices = useChoices();
  const [types, setTypes] = useState((node.activityTypes ?? []).join(', '));
  const w = node.window;
  const by = node.by ?? {};
  const setBy = (patch: Partial<NonNullable<Activity['by']>>) => {
    const next = { ...by, ...patch };
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    onChange({ ...node, by: Object.keys(clean).length > 0 ? next : undefined });
  };
  return (
    <>
      <NumberInput
        label="At least (times)"
        min={1}
        value={node.atLeast}
        onChange={(v) => onChange({ ...node, atLeast: v ?? 1 })}
      />
      <label>
        Types
        <input
          list="activity-types"
          placeholder="any type"
          value={types}
          onChange={(e) => {
            setTypes(e.target.value);
            const list = e.target.value
              .split(',')
              .map((t) => t.trim())
              .filter((t) => t !== '');
            onChange({ ...node, activityTypes: list.length > 0 ? list : undefined });
          }}
        />
        <datalist id="activity-types">
          {COMMON_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label>
        URL pattern
        <input
          placeholder="/pricing*"
          value={node.urlPattern ?? ''}
          onChange={(e) => onChange({ ...node, urlPattern: e.target.value || undefined })}
        />
      </label>
      <label>
        Name pattern
        <input
          placeholder="*webinar*"
          value={node.namePattern ?? ''}
          onChange={(e) => onChange({ ...node, namePattern: e.target.value || undefined })}
        />
      </label>
      <label>
        Property
        <input
          placeholder="key"
          size={8}
          value={node.property?.key ?? ''}
          onChange={(e) =>
            onChange({
              ...node,
              property: e.target.value
                ? { key: e.target.value, value: node.property?.value ?? '' }
                : undefined,
            })
          }
        />
      </label>
      {node.property && (
        <label>
          = value
          <input
            size={10}
            value={String(node.property.value)}
            onChange={(e) =>
              node.property &&
              onChange({ ...node, property: { key: node.property.key, value: e.target.value } })
            }
          />
        </label>
      )}
      <label>
        Window
        <select
          value={windowKind(w)}
          onChange={(e) =>
            onChange({
              ...node,
              window:
                e.target.value === 'last'
                  ? { lastDays: 30 }
                  : e.target.value === 'between'
                    ? { from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) }
                    : { sinceStage: true },
            })
          }
        >
          <option value="last">in the last N days</option>
          <option value="between">between dates</option>
          <option value="stage">since entering the current stage</option>
        </select>
      </label>
      {'lastDays' in w && (
        <NumberInput
          label="Days"
          min={1}
          value={w.lastDays}
          onChange={(v) => onChange({ ...node, window: { lastDays: v ?? 1 } })}
        />
      )}
      {'from' in w && (
        <>
          <label>
            From
            <input
              type="date"
              value={w.from}
              onChange={(e) => onChange({ ...node, window: { ...w, from: e.target.value } })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={w.to ?? ''}
              onChange={(e) =>
                onChange({
                  ...node,
                  window: { from: w.from, ...(e.target.value ? { to: e.target.value } : {}) },
                })
              }
            />
          </label>
        </>
      )}
      <details className="by">
        <summary>
          Done by {by.personaIds || by.functions || by.seniorities ? '(restricted)' : 'anyone'}
        </summary>
        <div className="row">
          <MultiPick
            legend="Personas"
            options={choices.personas}
            value={by.personaIds}
            onChange={(v) => setBy({ personaIds: v })}
          />
          <MultiPick
            legend="Functions"
            options={FUNCTIONS}
            value={by.functions}
            onChange={(v) => setBy({ functions: pick(RULE_JOB_FUNCTIONS, v) })}
          />
          <MultiPick
            legend="Seniorities"
            options={SENIORITY_CHOICES}
            value={by.seniorities}
            onChange={(v) => setBy({ seniorities: pick(RULE_SENIORITIES, v) })}
          />
        </div>
      </details>
    </>
  );
}
