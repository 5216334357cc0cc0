import type { SegmentKind, SegmentRule } from '../../../../src/contracts/segment-contract.ts';
import { ConditionEditor } from './ConditionEditor.tsx';
import { NumberInput } from './inputs.tsx';
import {
  childLevel,
  childPath,
  isLeaf,
  NODE_LABELS,
  newNode,
  ownErrors,
  type RuleErrors,
  typesFor,
} from './rule-tree.ts';

const isGroup = (t: SegmentRule['type']) => t === 'and' || t === 'or';

/** The node a type change leaves: AND ↔ OR keep their children, NOT keeps its one, the rest start fresh. */
function retype(node: SegmentRule, type: SegmentRule['type'], level: SegmentKind): SegmentRule {
  if ((type === 'and' || type === 'or') && (node.type === 'and' || node.type === 'or'))
    return { type, rules: node.rules };
  if (type === 'not' && node.type !== 'not') return { type: 'not', rule: node };
  return newNode(type, level);
}

/**
 * One node of the rule tree as a nested form: a group (AND / OR) with its children, NOT, the
 * level-crossing nodes ("the person's account", "at least N people"), or a condition. Errors the server
 * names at this node's path show beside it.
 */
export function RuleEditor({
  node,
  path,
  level,
  errors,
  onChange,
  onRemove,
}: {
  node: SegmentRule;
  path: string;
  level: SegmentKind;
  errors: RuleErrors;
  onChange: (next: SegmentRule) => void;
  onRemove?: () => void;
}) {
  const mine = ownErrors(errors, path);
  const inner = childLevel(node, level);
  const group = isGroup(node.type);
  return (
    <fieldset
      className={`rule-node ${group || node.type === 'not' ? 'rule-group' : 'rule-leaf'}${mine.length > 0 ? ' has-error' : ''}`}
      data-path={path || 'root'}
      aria-label={`Rule ${path || 'root'}`}
    >
      <div className="row">
        <label>
          {path ? 'Condition' : 'Match'}
          <select
            aria-label="Condition type"
            value={node.type}
            onChange={(e) => {
              const t = typesFor(level).find((x) => x === e.target.value);
              if (t) onChange(retype(node, t, level));
            }}
          >
            {typesFor(level).map((t) => (
              <option key={t} value={t}>
                {NODE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        {node.type === 'people' && (
          <NumberInput
            label="At least"
            min={1}
            value={node.atLeast}
            onChange={(v) => onChange({ ...node, atLeast: v ?? 1 })}
          />
        )}
        {isLeaf(node) && <ConditionEditor node={node} path={path} onChange={onChange} />}
        {onRemove && (
          <button type="button" className="remove" aria-label="Remove condition" onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
      {mine.length > 0 && (
        <div className="rule-error" role="alert">
          {mine.join('; ')}
        </div>
      )}
      {(node.type === 'and' || node.type === 'or') && (
        <div className="rule-children">
          {node.rules.map((child, i) => (
            <RuleEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: a node's identity is its position in the tree.
              key={i}
              node={child}
              path={childPath(path, `rules.${i}`)}
              level={inner}
              errors={errors}
              onChange={(next) =>
                onChange({ ...node, rules: node.rules.map((r, j) => (j === i ? next : r)) })
              }
              onRemove={
                node.rules.length > 1
                  ? () => onChange({ ...node, rules: node.rules.filter((_, j) => j !== i) })
                  : undefined
              }
            />
          ))}
          <div className="row">
            <button
              type="button"
              onClick={() =>
                onChange({
                  ...node,
                  rules: [...node.rules, newNode(inner === 'account' ? 'field' : 'contactField', inner)],
                })
              }
            >
              + Condition
            </button>
            <button
              type="button"
              onClick={() =>
                onChange({
                  ...node,
                  rules: [...node.rules, newNode(node.type === 'and' ? 'or' : 'and', inner)],
                })
              }
            >
              + Group
            </button>
          </div>
        </div>
      )}
      {(node.type === 'not' || node.type === 'account' || node.type === 'people') && (
        <div className="rule-children">
          <RuleEditor
            node={node.rule}
            path={childPath(path, 'rule')}
            level={inner}
            errors={errors}
            onChange={(next) => onChange({ ...node, rule: next })}
          />
        </div>
      )}
    </fieldset>
  );
}
