import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { z } from 'zod';
import { ApiError, api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime, fmtPct } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';

const Model = z.object({
  version: z.number(),
  trainedAt: z.string(),
  metrics: z.object({
    auc: z.number(),
    auc_sd: z.number().optional(),
    rule_auc: z.number().nullable().optional(),
    rows: z.number(),
    positives: z.number().optional(),
    base_rate: z.number().optional(),
    top_features: z
      .array(
        z.object({
          column: z.string(),
          importance: z.number(),
          share: z.number(),
          top: z.array(z.object({ feature: z.string(), coefficient: z.number() })),
        }),
      )
      .default([]),
    lift_by_decile: z
      .array(z.object({ decile: z.number(), lift: z.number(), rate: z.number(), rows: z.number() }))
      .optional(),
  }),
});

/** Train the fit model and read its report: AUC, decile lift, feature importance. */
export function ModelReport({ canEdit }: { canEdit: boolean }) {
  const model = useApi('/api/v1/fit/model', Model);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function train() {
    setBusy(true);
    setMessage(null);
    try {
      await api('/api/v1/fit/model/train', { method: 'POST', json: {} });
      setMessage({ ok: true, text: 'Trained a new model; accounts are rescored with it.' });
      model.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    } finally {
      setBusy(false);
    }
  }

  const noModel = model.error instanceof ApiError && model.error.status === 404;
  const m = model.data?.metrics;
  return (
    <div className="stack">
      <div className="row">
        {canEdit && (
          <button type="submit" onClick={() => void train()} disabled={busy}>
            {busy ? 'Training…' : 'Train model'}
          </button>
        )}
        <span className="muted">
          Learns which firmographics predict closed-won accounts (needs ≥ 50 customers).
        </span>
      </div>
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      {noModel && (
        <EmptyState>
          No model trained yet; accounts use the ICP rule score. Train one when you have enough won deals.
        </EmptyState>
      )}
      {model.error && !noModel && (
        <ErrorState error={model.error} retry={model.reload} what="the model report" />
      )}
      {model.data && m && (
        <div className="panels">
          <section className="panel" aria-label="Model quality">
            <h2>Model v{model.data.version}</h2>
            <p className="muted">
              Trained {fmtDateTime(model.data.trainedAt)} on {m.rows} accounts ({m.positives ?? '?'} won).
            </p>
            <p>
              <span className="stat">AUC {m.auc.toFixed(3)}</span>{' '}
              {m.auc_sd !== undefined && <span className="muted">± {m.auc_sd.toFixed(3)} across folds</span>}
            </p>
            {m.rule_auc !== undefined && m.rule_auc !== null && (
              <p className="muted">ICP rules alone: AUC {m.rule_auc.toFixed(3)}</p>
            )}
            {m.base_rate !== undefined && <p className="muted">Base win rate {fmtPct(m.base_rate)}</p>}
          </section>
          <section className="panel" aria-label="Decile lift">
            <h2>Lift by score decile</h2>
            {m.lift_by_decile ? (
              <div style={{ height: 200 }} role="img" aria-label="Decile lift chart">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={m.lift_by_decile}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="decile" />
                    <YAxis />
                    <Tooltip />
                    <ReferenceLine y={1} stroke="#b42318" />
                    <Bar dataKey="lift" fill="#2f5bd3" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            ) : (
              <EmptyState>This server's model report has no decile lift yet.</EmptyState>
            )}
          </section>
          <section className="panel wide" aria-label="Feature importance">
            <h2>Feature importance</h2>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Share</th>
                  <th scope="col">Strongest signals</th>
                </tr>
              </thead>
              <tbody>
                {m.top_features.map((f) => (
                  <tr key={f.column}>
                    <td>{f.column}</td>
                    <td>
                      <meter min={0} max={1} value={f.share} aria-label={`${f.column} share`} />{' '}
                      {fmtPct(f.share)}
                    </td>
                    <td style={{ whiteSpace: 'normal' }}>
                      {f.top
                        .map(
                          (t) => `${t.feature} (${t.coefficient > 0 ? '+' : ''}${t.coefficient.toFixed(3)})`,
                        )
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  );
}
