import { describeStart, describeStep, type Names } from './describe-step.ts';
import { BOX_H, BOX_W, type FlowEdge, HEAD_H, layoutFlow } from './flow-layout.ts';
import type { PlayDefinition } from './play-schemas.ts';

const KIND_COLOR: Record<string, string> = {
  email: '#eef2fb',
  wait: '#f4f4f5',
  branch: '#fff7e6',
  trigger_track: '#fdeee8',
  task: '#ecfdf3',
  alert: '#ecfdf3',
  webhook: '#f0f0fb',
  set_field: '#f0f0fb',
  end: '#ffffff',
};
const EDGE_COLOR: Record<FlowEdge['kind'], string> = {
  next: '#8a94a6',
  yes: '#12805c',
  no: '#b42318',
  back: '#8a94a6',
  trigger: '#d9480f',
  activity: '#d9480f',
};

function edgePath(e: FlowEdge): string {
  const { from: a, to: b } = e;
  if (e.kind === 'back') return `M ${a.x} ${a.y} C ${a.x + 40} ${a.y}, ${b.x + 40} ${b.y}, ${b.x} ${b.y}`;
  if (e.kind === 'trigger' || e.kind === 'activity') {
    const mid = (a.x + b.x) / 2;
    return `M ${a.x} ${a.y} C ${mid} ${a.y}, ${mid} ${b.y}, ${b.x} ${b.y}`;
  }
  const dy = Math.max(16, (b.y - a.y) / 2);
  return `M ${a.x} ${a.y} C ${a.x} ${a.y + dy}, ${b.x} ${b.y - dy}, ${b.x} ${b.y}`;
}

/** Cut a label to fit a box (SVG text does not wrap). */
const fit = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The play as a diagram: one lane per persona track, its steps as boxes with arrows, a branch's yes and
 * no sides next to each other, and cross-persona arrows (a trigger step starting another track, a
 * persona's activity starting a track). `selected` highlights a step (`track:step`); clicking one selects it.
 */
export function PlayDiagram({
  definition,
  names,
  selected,
  onSelect,
  counts,
}: {
  definition: PlayDefinition;
  names: Names;
  selected?: string | null;
  onSelect?: (key: string) => void;
  /** Accounts that reached each step (`track:step`), shown under the box. */
  counts?: ReadonlyMap<string, number>;
}) {
  const layout = layoutFlow(definition);
  const trackName = (key: string) => definition.tracks.find((t) => t.key === key)?.name ?? key;
  return (
    <div className="play-diagram">
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={`Flow of ${definition.tracks.length} track(s): ${definition.tracks.map((t) => t.name).join(', ')}`}
      >
        <defs>
          {Object.entries(EDGE_COLOR).map(([kind, color]) => (
            <marker
              key={kind}
              id={`arrow-${kind}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={color} />
            </marker>
          ))}
        </defs>
        {layout.lanes.map((lane) => (
          <g key={lane.track.key} data-lane={lane.track.key}>
            <rect
              x={lane.x - 6}
              y={4}
              width={lane.width + 12}
              height={layout.height - 8}
              rx={10}
              fill="#fafbfc"
              stroke="#e4e7ec"
            />
            <rect x={lane.x} y={12} width={BOX_W} height={HEAD_H - 8} rx={8} fill="#1d2430" />
            <text x={lane.x + 10} y={32} fill="#fff" fontWeight={600} fontSize={13}>
              {fit(lane.track.name, 26)}
            </text>
            <text x={lane.x + 10} y={50} fill="#c9d1de" fontSize={11}>
              {fit(
                `${lane.track.personaId ? (names.get(lane.track.personaId) ?? 'persona') : 'account'} · ${describeStart(lane.track, names)}`,
                34,
              )}
            </text>
          </g>
        ))}
        {layout.edges.map((e) => (
          <g key={e.id} data-edge={e.id} data-kind={e.kind}>
            <path
              d={edgePath(e)}
              fill="none"
              stroke={EDGE_COLOR[e.kind]}
              strokeWidth={e.kind === 'trigger' || e.kind === 'activity' ? 2 : 1.5}
              strokeDasharray={e.kind === 'back' || e.kind === 'activity' ? '5 4' : undefined}
              markerEnd={`url(#arrow-${e.kind})`}
            />
            {e.label && (
              <text
                x={(e.from.x + e.to.x) / 2 + (e.kind === 'yes' || e.kind === 'no' ? 6 : 0)}
                y={(e.from.y + e.to.y) / 2 - 4}
                fontSize={11}
                fill={EDGE_COLOR[e.kind]}
                textAnchor={e.kind === 'yes' || e.kind === 'no' ? 'start' : 'middle'}
              >
                {e.label}
              </text>
            )}
          </g>
        ))}
        {layout.nodes.map((n) => {
          const track = definition.tracks.find((t) => t.key === n.track);
          const step = track?.steps.find((s) => s.id === n.step);
          if (n.kind === 'end' || !track || !step) {
            return (
              <g key={n.key} data-node={n.key}>
                <rect
                  x={n.x + BOX_W / 2 - 30}
                  y={n.y}
                  width={60}
                  height={24}
                  rx={12}
                  fill="#fff"
                  stroke="#c4cad4"
                />
                <text x={n.x + BOX_W / 2} y={n.y + 16} textAnchor="middle" fontSize={11} fill="#5b6575">
                  end
                </text>
              </g>
            );
          }
          const summary = describeStep(step, names, definition.tracks);
          const isSelected = selected === n.key;
          const count = counts?.get(n.key);
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
            <g
              key={n.key}
              data-node={n.key}
              role="button"
              tabIndex={onSelect ? 0 : -1}
              aria-label={`${trackName(n.track)}: ${step.name ?? step.id} — ${summary}`}
              style={{ cursor: onSelect ? 'pointer' : 'default' }}
              onClick={() => onSelect?.(n.key)}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') onSelect?.(n.key);
              }}
            >
              <title>{summary}</title>
              <rect
                x={n.x}
                y={n.y}
                width={BOX_W}
                height={step.type === 'branch' ? BOX_H : BOX_H}
                rx={step.type === 'branch' ? 18 : 6}
                fill={KIND_COLOR[n.kind] ?? '#fff'}
                stroke={isSelected ? '#2f5bd3' : '#c4cad4'}
                strokeWidth={isSelected ? 2.5 : 1}
              />
              <text x={n.x + 10} y={n.y + 20} fontSize={12} fontWeight={600} fill="#1d2430">
                {fit(step.name ?? step.id, 28)}
              </text>
              <text x={n.x + 10} y={n.y + 38} fontSize={11} fill="#5b6575">
                {fit(summary, 32)}
              </text>
              {count !== undefined && (
                <text x={n.x + BOX_W - 8} y={n.y + 20} fontSize={11} textAnchor="end" fill="#2f5bd3">
                  {count}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
