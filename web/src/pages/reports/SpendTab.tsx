import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { fmtSignedPct } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { can, useSession } from '../../session.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { fmtMoney, fmtNum } from './figures.ts';
import { reportUrl } from './report-filters.ts';
import { CostImportResult, Costs, MODEL_LABELS, type Model, Roi } from './report-schemas.ts';

const BY = ['play', 'channel', 'campaign', 'event'] as const;

/** Spend and return under the chosen model by play, channel, campaign or event (GET /reports/roi). */
export function RoiPanel({
  period,
  segment,
  model,
  initialBy = 'play',
}: {
  period: string;
  segment: string;
  model: Model;
  initialBy?: (typeof BY)[number];
}) {
  const [by, setBy] = useState<(typeof BY)[number]>(initialBy);
  const url = reportUrl('roi', { period, segment, model, by });
  const roi = useApi(url, Roi);
  return (
    <Panel
      title={`ROI by ${by} (${MODEL_LABELS[model]})`}
      wide
      actions={
        <span>
          <label>
            By{' '}
            <select value={by} onChange={(e) => setBy(BY.find((b) => b === e.target.value) ?? 'play')}>
              {BY.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>{' '}
          <ExportLinks url={url} label="ROI" />
        </span>
      }
    >
      {roi.error && <ErrorState error={roi.error} retry={roi.reload} what="ROI" />}
      {roi.data?.rows.length === 0 && (
        <EmptyState>No costs or attributed pipeline in this period.</EmptyState>
      )}
      {roi.data && roi.data.rows.length > 0 && (
        <table className="grid" aria-label={`ROI by ${by}`}>
          <thead>
            <tr>
              <th scope="col">{by}</th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="num">
                Engaged accounts
              </th>
              <th scope="col" className="num">
                Opportunities
              </th>
              <th scope="col" className="num">
                Pipeline
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              <th scope="col" className="num">
                ROI
              </th>
              <th scope="col" className="num">
                Cost / engaged account
              </th>
              <th scope="col" className="num">
                Cost / opportunity
              </th>
              <th scope="col" className="num">
                Cost / won deal
              </th>
            </tr>
          </thead>
          <tbody>
            {roi.data.rows.map((r) => (
              <tr key={r.key ?? ''}>
                <th scope="row">{r.key ?? '(none)'}</th>
                <td className="num">{fmtMoney(r.cost)}</td>
                <td className="num">{fmtNum(r.engagedAccounts)}</td>
                <td className="num">{fmtNum(r.opportunities)}</td>
                <td className="num">{fmtMoney(r.pipeline)}</td>
                <td className="num">{fmtMoney(r.revenue)}</td>
                <td className="num">{r.roi === null ? '–' : fmtSignedPct(r.roi)}</td>
                <td className="num">{fmtMoney(r.costPerEngagedAccount)}</td>
                <td className="num">{fmtMoney(r.costPerOpportunity)}</td>
                <td className="num">{fmtMoney(r.costPerWonDeal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** Costs of the period, a form to enter one, and the ad-platform CSV import (marketers and admins). */
export function SpendTab({ period, segment, model }: { period: string; segment: string; model: Model }) {
  const session = useSession();
  const url = reportUrl('costs', { period });
  const costs = useApi(url, Costs);
  const [message, setMessage] = useState('');

  const enter = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = String(f.get(k) ?? '').trim();
      return v === '' ? undefined : v;
    };
    try {
      await api('/api/v1/reports/costs', {
        method: 'POST',
        json: {
          startsOn: text('startsOn'),
          endsOn: text('endsOn'),
          channel: text('channel'),
          play: text('play'),
          campaign: text('campaign'),
          amount: Number(text('amount') ?? 'NaN'),
          currency: text('currency'),
        },
      });
      setMessage('Cost saved.');
      costs.reload();
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  const importCsv = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    const csv = file instanceof File ? await file.text() : '';
    try {
      const result = CostImportResult.parse(
        await api('/api/v1/reports/costs/import', { method: 'POST', json: { csv, format: f.get('format') } }),
      );
      setMessage(`Imported: ${JSON.stringify(result)}`);
      costs.reload();
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  return (
    <>
      <RoiPanel period={period} segment={segment} model={model} />
      <Panel title="Costs" wide actions={<ExportLinks url={url} label="Costs" />}>
        {costs.error && <ErrorState error={costs.error} retry={costs.reload} what="costs" />}
        {costs.data?.data.length === 0 && <EmptyState>No costs in this period yet.</EmptyState>}
        {costs.data && costs.data.data.length > 0 && (
          <table className="grid" aria-label="Costs">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Channel</th>
                <th scope="col">Play</th>
                <th scope="col">Campaign</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {costs.data.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.startsOn}</td>
                  <td>{c.endsOn}</td>
                  <td>{c.channel}</td>
                  <td>{c.play ?? ''}</td>
                  <td>{c.campaign ?? ''}</td>
                  <td className="num">
                    {fmtMoney(c.amount)} {c.currency ?? ''}
                  </td>
                  <td>{c.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can(session, 'write') && (
          <>
            <form className="filters" onSubmit={(e) => void enter(e)} aria-label="Enter a cost">
              <label>
                From <input name="startsOn" type="date" required />
              </label>
              <label>
                To <input name="endsOn" type="date" />
              </label>
              <label>
                Channel <input name="channel" required placeholder="linkedin_ads" />
              </label>
              <label>
                Play <input name="play" />
              </label>
              <label>
                Campaign <input name="campaign" />
              </label>
              <label>
                Amount <input name="amount" type="number" min={0} step="0.01" required />
              </label>
              <label>
                Currency <input name="currency" maxLength={3} style={{ width: 60 }} />
              </label>
              <button type="submit">Add cost</button>
            </form>
            <form className="filters" onSubmit={(e) => void importCsv(e)} aria-label="Import ad costs">
              <label>
                Ad platform CSV <input name="file" type="file" accept=".csv,text/csv" required />
              </label>
              <label>
                Format{' '}
                <select name="format" defaultValue="auto">
                  <option value="auto">auto-detect</option>
                  <option value="linkedin">LinkedIn Campaign Manager</option>
                  <option value="google_ads">Google Ads</option>
                  <option value="generic">generic</option>
                </select>
              </label>
              <button type="submit">Import</button>
            </form>
          </>
        )}
        {message && <p role="status">{message}</p>}
      </Panel>
    </>
  );
}
