import { useEffect, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { describeError } from '../../hooks/useApi.ts';

const Weights = z.object({
  halfLifeDays: z.number(),
  weights: z.array(z.object({ type: z.string(), points: z.number(), perMinute: z.boolean().optional() })),
  keyPagePatterns: z.array(z.string()),
});
type WeightsT = z.infer<typeof Weights>;

/** Activity weights, decay half-life and key pages; and the stage model as JSON. Marketers and admins edit. */
export function Signals({ canEdit }: { canEdit: boolean }) {
  const [w, setW] = useState<WeightsT | null>(null);
  const [stages, setStages] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    api('/api/v1/signals/weights')
      .then((b) => setW(Weights.parse(b)))
      .catch((e: unknown) => setMessage({ ok: false, text: describeError(e) }));
    api('/api/v1/signals/stages')
      .then((b) => {
        const parsed = z.object({ stages: z.array(z.unknown()) }).parse(b);
        setStages(JSON.stringify(parsed.stages, null, 2));
      })
      .catch((e: unknown) => setMessage({ ok: false, text: describeError(e) }));
  }, []);

  async function run(fn: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await fn() });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  const saveWeights = () =>
    run(async () => {
      if (!w) return '';
      await api('/api/v1/signals/weights', {
        method: 'PUT',
        json: { halfLifeDays: w.halfLifeDays, weights: w.weights, keyPagePatterns: w.keyPagePatterns },
      });
      return 'Weights saved; every score and stage was recomputed.';
    });

  const saveStages = () =>
    run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(stages);
      } catch (e) {
        throw new Error(`The stage model is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      await api('/api/v1/signals/stages', { method: 'PUT', json: { stages: parsed } });
      return 'Stages saved.';
    });

  return (
    <div className="stack">
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      <h2>Activity weights</h2>
      {w && (
        <>
          <label style={{ maxWidth: 200 }}>
            Half-life (days)
            <input
              type="number"
              min={0.1}
              step="any"
              value={w.halfLifeDays}
              disabled={!canEdit}
              onChange={(e) => setW({ ...w, halfLifeDays: Number(e.target.value) })}
            />
          </label>
          <table className="grid" aria-label="Activity weights" style={{ maxWidth: 480 }}>
            <thead>
              <tr>
                <th scope="col">Activity type</th>
                <th scope="col" className="num">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {w.weights.map((row, i) => (
                <tr key={row.type}>
                  <td>{row.type}</td>
                  <td className="num">
                    <input
                      aria-label={`Points for ${row.type}`}
                      type="number"
                      step="any"
                      value={row.points}
                      disabled={!canEdit}
                      onChange={(e) =>
                        setW({
                          ...w,
                          weights: w.weights.map((x, j) =>
                            j === i ? { ...x, points: Number(e.target.value) } : x,
                          ),
                        })
                      }
                      style={{ width: 90 }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Key pages (one pattern per line, * wildcard)
            <textarea
              rows={3}
              value={w.keyPagePatterns.join('\n')}
              disabled={!canEdit}
              onChange={(e) =>
                setW({
                  ...w,
                  keyPagePatterns: e.target.value
                    .split('\n')
                    .map((s) => s.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
          {canEdit && (
            <div>
              <button type="submit" onClick={() => void saveWeights()}>
                Save weights and recompute
              </button>
            </div>
          )}
        </>
      )}
      <h2>Stages</h2>
      <p className="muted">
        Stages in order; an account is in the last stage whose rules (any group of all-true conditions) it
        meets.
      </p>
      <label>
        Stage model (JSON)
        <textarea
          rows={14}
          value={stages}
          disabled={!canEdit}
          onChange={(e) => setStages(e.target.value)}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
        />
      </label>
      {canEdit && (
        <div className="row">
          <button type="submit" onClick={() => void saveStages()}>
            Save stages
          </button>
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await api('/api/v1/signals/recompute', { method: 'POST', json: {} });
                return 'Scores and stages recomputed.';
              })
            }
          >
            Recompute now
          </button>
        </div>
      )}
      {!canEdit && <p className="muted">Marketers and admins change weights and stages.</p>}
    </div>
  );
}
