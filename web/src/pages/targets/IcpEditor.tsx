import { useEffect, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { EmptyState } from '../../components/States.tsx';
import { describeError } from '../../hooks/useApi.ts';

const Criterion = z.object({
  id: z.string().optional(),
  label: z.string().optional(),
  weight: z.number(),
  field: z.string(),
  op: z.string(),
  values: z.array(z.string()).optional(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
type CriterionT = z.infer<typeof Criterion>;
const Icp = z.object({ criteria: z.array(Criterion), updatedAt: z.string().nullable() });

const FIELDS = [
  'industry',
  'country',
  'region',
  'city',
  'lifecycle',
  'employeeCount',
  'annualRevenue',
  'technologies',
];
const opsFor = (field: string) =>
  field === 'employeeCount' || field === 'annualRevenue'
    ? ['between']
    : field === 'technologies'
      ? ['includesAny', 'includesAll']
      : ['in', 'equals'];

/** Edit the ICP criteria (field, operator, values, weight); saving rescores every account. */
export function IcpEditor({ canEdit }: { canEdit: boolean }) {
  const [rows, setRows] = useState<CriterionT[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    api('/api/v1/fit/icp')
      .then((b) => setRows(Icp.parse(b).criteria))
      .catch((e: unknown) => setMessage({ ok: false, text: describeError(e) }));
  }, []);

  function update(i: number, patch: Partial<CriterionT>) {
    setRows((r) => (r ? r.map((c, j) => (j === i ? { ...c, ...patch } : c)) : r));
  }

  async function save() {
    if (!rows) return;
    setMessage(null);
    try {
      const body = await api('/api/v1/fit/icp', { method: 'PUT', json: { criteria: rows } });
      const rescored =
        typeof body === 'object' && body !== null && 'rescored' in body ? Number(body.rescored) : 0;
      setMessage({ ok: true, text: `Saved; ${rescored} accounts rescored.` });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  if (!rows)
    return message ? <div className="error-box">{message.text}</div> : <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      {rows.length === 0 && (
        <EmptyState>
          No ICP criteria yet. Add what makes a good-fit account (industry, size, country…).
        </EmptyState>
      )}
      {rows.length > 0 && (
        <table className="grid" aria-label="ICP criteria">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Operator</th>
              <th scope="col">Values / range</th>
              <th scope="col">Weight</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: criteria are edited in place
              <tr key={i}>
                <td>
                  <select
                    aria-label={`Criterion ${i + 1} field`}
                    value={c.field}
                    disabled={!canEdit}
                    onChange={(e) =>
                      update(i, { field: e.target.value, op: opsFor(e.target.value)[0] ?? 'in' })
                    }
                  >
                    {FIELDS.map((f) => (
                      <option key={f}>{f}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Criterion ${i + 1} operator`}
                    value={c.op}
                    disabled={!canEdit}
                    onChange={(e) => update(i, { op: e.target.value })}
                  >
                    {opsFor(c.field).map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {c.op === 'between' ? (
                    <span className="row">
                      <input
                        aria-label={`Criterion ${i + 1} minimum`}
                        type="number"
                        value={c.min ?? ''}
                        disabled={!canEdit}
                        onChange={(e) =>
                          update(i, { min: e.target.value === '' ? undefined : Number(e.target.value) })
                        }
                        style={{ width: 110 }}
                      />
                      –
                      <input
                        aria-label={`Criterion ${i + 1} maximum`}
                        type="number"
                        value={c.max ?? ''}
                        disabled={!canEdit}
                        onChange={(e) =>
                          update(i, { max: e.target.value === '' ? undefined : Number(e.target.value) })
                        }
                        style={{ width: 110 }}
                      />
                    </span>
                  ) : c.op === 'equals' ? (
                    <input
                      aria-label={`Criterion ${i + 1} value`}
                      value={String(c.value ?? '')}
                      disabled={!canEdit}
                      onChange={(e) => update(i, { value: e.target.value })}
                    />
                  ) : (
                    <input
                      aria-label={`Criterion ${i + 1} values, comma separated`}
                      value={(c.values ?? []).join(', ')}
                      disabled={!canEdit}
                      onChange={(e) =>
                        update(i, {
                          values: e.target.value
                            .split(',')
                            .map((v) => v.trim())
                            .filter(Boolean),
                        })
                      }
                      size={40}
                    />
                  )}
                </td>
                <td>
                  <input
                    aria-label={`Criterion ${i + 1} weight`}
                    type="number"
                    min={1}
                    max={100}
                    value={c.weight}
                    disabled={!canEdit}
                    onChange={(e) => update(i, { weight: Number(e.target.value) })}
                    style={{ width: 70 }}
                  />
                </td>
                <td>
                  {canEdit && (
                    <button
                      type="button"
                      onClick={() => setRows(rows.filter((_, j) => j !== i))}
                      aria-label={`Remove criterion ${i + 1}`}
                    >
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit ? (
        <div className="row">
          <button
            type="button"
            onClick={() => setRows([...rows, { field: 'industry', op: 'in', values: [], weight: 10 }])}
          >
            Add criterion
          </button>
          <button type="submit" onClick={() => void save()}>
            Save ICP and rescore
          </button>
        </div>
      ) : (
        <p className="muted">Marketers and admins edit the ICP.</p>
      )}
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
    </div>
  );
}
