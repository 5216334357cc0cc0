import type { ReactNode } from 'react';
import {
  ACCOUNT_RULE_FIELDS,
  CONTACT_RULE_FIELDS,
  RULE_COMMITTEE_ROLES,
  type SegmentLeaf,
} from '../../../../src/contracts/segment-contract.ts';
import { AccountPicker } from '../../components/AccountPicker.tsx';
import { humanize } from '../../format.ts';
import { ActivityEditor } from './ActivityEditor.tsx';
import { useChoices } from './builder-choices.ts';
import { FieldValue, type ValueKind } from './FieldValue.tsx';
import { MultiPick, NumberInput, Select } from './inputs.tsx';

const NUMBER_FIELDS = new Set(['employeeCount', 'annualRevenue', 'tier', 'tierCluster', 'fitScore']);
const BOOLEAN_FIELDS = new Set(['isTarget', 'unsubscribed', 'bounced', 'doNotContact']);
/** `isTarget` → "Is target". */
const fieldLabel = (key: string) => humanize(key.replace(/([A-Z])/g, ' $1').toLowerCase());
const kindOf = (field: string): ValueKind =>
  NUMBER_FIELDS.has(field) ? 'number' : BOOLEAN_FIELDS.has(field) ? 'boolean' : 'text';

/** The editor of one condition (a leaf of the rule tree), by its type. */
export function ConditionEditor({
  node,
  path,
  onChange,
}: {
  node: SegmentLeaf;
  path: string;
  onChange: (next: SegmentLeaf) => void;
}): ReactNode {
  const choices = useChoices();
  const segmentOptions = (kind: 'account' | 'contact') => [
    { value: '', label: 'Choose a segment…' },
    ...choices.segments
      .filter((s) => s.kind === kind && s.id !== choices.selfId)
      .map((s) => ({ value: s.id, label: s.name })),
  ];
  switch (node.type) {
    case 'field':
    case 'contactField': {
      const fields: readonly string[] = node.type === 'field' ? ACCOUNT_RULE_FIELDS : CONTACT_RULE_FIELDS;
      return (
        <>
          <label>
            Field
            <select
              aria-label="Field"
              value={node.field}
              onChange={(e) => {
                const field = e.target.value;
                if (node.type === 'field') {
                  const f = ACCOUNT_RULE_FIELDS.find((x) => x === field);
                  if (f) onChange({ type: 'field', field: f, op: 'exists' });
                } else {
                  const f = CONTACT_RULE_FIELDS.find((x) => x === field);
                  if (f) onChange({ type: 'contactField', field: f, op: 'exists' });
                }
              }}
            >
              {fields.map((f) => (
                <option key={f} value={f}>
                  {fieldLabel(f)}
                </option>
              ))}
            </select>
          </label>
          <FieldValue
            key={`${path}:${node.field}`}
            op={node.op}
            value={node.value}
            kind={kindOf(node.field)}
            label={fieldLabel(node.field)}
            onChange={(op, value) => onChange({ ...node, op, value })}
          />
        </>
      );
    }
    case 'custom':
      return (
        <>
          <label>
            Key
            <input value={node.key} onChange={(e) => onChange({ ...node, key: e.target.value })} />
          </label>
          <FieldValue
            key={path}
            op={node.op}
            value={node.value}
            kind="auto"
            label={node.key || 'custom field'}
            onChange={(op, value) => onChange({ ...node, op, value })}
          />
        </>
      );
    case 'targetList':
      return (
        <>
          <Select
            label="List"
            value={node.listId ?? ''}
            options={[
              { value: '', label: 'Any list' },
              ...choices.targetLists.map((l) => ({ value: l.id, label: `${l.period} · ${l.name}` })),
            ]}
            onChange={(v) => onChange({ ...node, listId: v || undefined })}
          />
          <label>
            Period
            <input
              value={node.period ?? ''}
              placeholder="any"
              size={8}
              onChange={(e) => onChange({ ...node, period: e.target.value || undefined })}
            />
          </label>
          <Select
            label="Status"
            value={node.status ?? ''}
            options={[
              { value: '', label: 'active (default)' },
              ...(['draft', 'approved', 'active', 'archived'] as const).map((s) => ({ value: s, label: s })),
            ]}
            onChange={(v) => onChange({ ...node, status: v || undefined })}
          />
        </>
      );
    case 'hierarchy':
      return (
        <>
          <Select
            label="Relation"
            value={node.relation}
            options={[
              { value: 'childOf', label: 'child of' },
              { value: 'parentOf', label: 'parent of' },
              { value: 'descendantOf', label: 'descendant of' },
            ]}
            onChange={(v) => v && onChange({ ...node, relation: v })}
          />
          <div>
            <span className="muted">
              {node.accountId ? `Account ${node.accountId.slice(0, 8)}…` : 'No account yet'}
            </span>
            <AccountPicker label="Related account" onPick={(id) => onChange({ ...node, accountId: id })} />
          </div>
        </>
      );
    case 'engagement':
    case 'momentum': {
      const pct = node.type === 'momentum';
      // Momentum is a lift in the API (0.5 = +50 %); the form shows percent.
      const show = (v: number | undefined) =>
        v === undefined ? undefined : pct ? Math.round(v * 10000) / 100 : v;
      const keep = (v: number | undefined) => (v === undefined ? undefined : pct ? v / 100 : v);
      return (
        <>
          <NumberInput
            label={pct ? 'Min %' : 'Min'}
            value={show(node.min)}
            onChange={(v) => onChange({ ...node, min: keep(v) })}
          />
          <NumberInput
            label={pct ? 'Max %' : 'Max'}
            value={show(node.max)}
            onChange={(v) => onChange({ ...node, max: keep(v) })}
          />
        </>
      );
    }
    case 'intentSurge':
      return (
        <Select
          label="Topic"
          value={node.topicId ?? ''}
          options={[
            { value: '', label: 'Any topic' },
            ...choices.topics.map((t) => ({ value: t.id, label: t.name })),
          ]}
          onChange={(v) => onChange({ ...node, topicId: v || undefined })}
        />
      );
    case 'committee':
      return (
        <>
          <Select
            label="Role"
            value={node.role}
            options={RULE_COMMITTEE_ROLES.map((r) => ({ value: r, label: humanize(r) }))}
            onChange={(v) => v && onChange({ ...node, role: v })}
          />
          <Select
            label="Is"
            value={node.covered ? 'covered' : 'missing'}
            options={[
              { value: 'covered', label: 'covered' },
              { value: 'missing', label: 'missing' },
            ]}
            onChange={(v) => onChange({ ...node, covered: v === 'covered' })}
          />
        </>
      );
    case 'engagedPeople':
      return (
        <>
          <NumberInput
            label="At least"
            min={1}
            value={node.atLeast}
            onChange={(v) => onChange({ ...node, atLeast: v ?? 1 })}
          />
          <Select
            label="Counting"
            value={node.distinctPersonas ? 'personas' : 'people'}
            options={[
              { value: 'people', label: 'people' },
              { value: 'personas', label: 'distinct personas' },
            ]}
            onChange={(v) => onChange({ ...node, distinctPersonas: v === 'personas' })}
          />
          <NumberInput
            label="Within days"
            min={1}
            value={node.withinDays}
            onChange={(v) => onChange({ ...node, withinDays: v ?? 30 })}
          />
          <MultiPick
            legend="Only personas"
            options={choices.personas}
            value={node.personaIds}
            onChange={(v) => onChange({ ...node, personaIds: v })}
          />
        </>
      );
    case 'opportunity':
      return (
        <Select
          label="Has an opportunity that is"
          value={node.state}
          options={(['open', 'won', 'lost', 'any'] as const).map((s) => ({ value: s, label: s }))}
          onChange={(v) => v && onChange({ ...node, state: v })}
        />
      );
    case 'persona':
      return (
        <MultiPick
          legend="Any of the personas"
          options={choices.personas}
          value={node.personaIds}
          onChange={(v) => onChange({ ...node, personaIds: v ?? [] })}
        />
      );
    case 'activity':
      return <ActivityEditor node={node} onChange={onChange} />;
    case 'inSegment':
      return (
        <Select
          label="Member of"
          value={node.segmentId}
          options={[
            { value: '', label: 'Choose a segment…' },
            ...choices.segments
              .filter((s) => s.id !== choices.selfId)
              .map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(v) => onChange({ ...node, segmentId: v })}
        />
      );
    case 'peopleInSegment':
      return (
        <>
          <NumberInput
            label="At least"
            min={1}
            value={node.atLeast}
            onChange={(v) => onChange({ ...node, atLeast: v ?? 1 })}
          />
          <Select
            label="People in"
            value={node.segmentId}
            options={segmentOptions('contact')}
            onChange={(v) => onChange({ ...node, segmentId: v })}
          />
        </>
      );
    case 'accountInSegment':
      return (
        <Select
          label="Account in"
          value={node.segmentId}
          options={segmentOptions('account')}
          onChange={(v) => onChange({ ...node, segmentId: v })}
        />
      );
  }
}
