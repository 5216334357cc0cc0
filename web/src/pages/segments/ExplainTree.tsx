import { useEffect, useState } from 'react';
import type { ExplainedNodeT } from '../../../../src/contracts/segment-contract.ts';
import { describeError } from '../../hooks/useApi.ts';
import { NODE_LABELS } from './rule-tree.ts';
import { Explained } from './segment-schemas.ts';

const isNodeType = (t: string): t is keyof typeof NODE_LABELS => t in NODE_LABELS;

/** A condition's own settings in a line (`field: tier, op: eq, value: 1`). */
function describe(node: ExplainedNodeT): string {
  const rest = Object.entries(node.condition).filter(([k]) => k !== 'type');
  return rest.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
}

function Node({ node }: { node: ExplainedNodeT }) {
  return (
    <li>
      <span className={node.holds ? 'badge good' : 'badge missing'}>
        {node.holds ? 'holds' : 'does not hold'}
      </span>{' '}
      <strong>{isNodeType(node.type) ? NODE_LABELS[node.type] : node.type}</strong>{' '}
      <span className="muted">{describe(node)}</span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.path} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Which conditions of a rule hold for one account or person (`load` asks the explain endpoint). */
export function ExplainTree({ name, load }: { name: string; load: () => Promise<unknown> }) {
  const [tree, setTree] = useState<ExplainedNodeT | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load()
      .then((body) => {
        if (!live) return;
        const parsed = Explained.safeParse(body);
        if (parsed.success) setTree(parsed.data);
        else setFailure('Unexpected answer from explain');
      })
      .catch((e: unknown) => live && setFailure(describeError(e)));
    return () => {
      live = false;
    };
  }, [load]);
  return (
    <section className="explain" aria-label={`Explain ${name}`}>
      <h3>
        Why {name} is {tree ? (tree.holds ? 'in' : 'not in') : '…'}
      </h3>
      {failure && (
        <div className="error-box" role="alert">
          {failure}
        </div>
      )}
      {tree && (
        <ul className="explain-tree">
          <Node node={tree} />
        </ul>
      )}
    </section>
  );
}
