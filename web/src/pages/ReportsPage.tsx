import { useLocation } from 'wouter';
import { useApi } from '../hooks/useApi.ts';
import { AttributionTab } from './reports/AttributionTab.tsx';
import { ControlPanel } from './reports/ControlPanel.tsx';
import { DrillDown } from './reports/DrillDown.tsx';
import { FlowsTab } from './reports/FlowsTab.tsx';
import { JourneyTab } from './reports/JourneyTab.tsx';
import { ConversionPanel, VelocityPanel } from './reports/PipelineTab.tsx';
import { RetrospectiveTab } from './reports/RetrospectiveTab.tsx';
import { recentQuarters, reportUrl, useReportFilters } from './reports/report-filters.ts';
import {
  MODEL_LABELS,
  MODELS,
  PlayNames,
  Scorecard,
  SEGMENTS,
  TargetLists,
  UserNames,
} from './reports/report-schemas.ts';
import { ScorecardTab } from './reports/ScorecardTab.tsx';
import { SpendTab } from './reports/SpendTab.tsx';

const TABS = [
  { key: 'retrospective', label: 'Retrospective' },
  { key: 'scorecard', label: 'Scorecard' },
  { key: 'pipeline', label: 'Pipeline & velocity' },
  { key: 'flows', label: 'Stage flows' },
  { key: 'attribution', label: 'Attribution' },
  { key: 'spend', label: 'Spend & ROI' },
  { key: 'control', label: 'Target vs control' },
  { key: 'journey', label: 'Account journey' },
] as const;
type Tab = (typeof TABS)[number]['key'];

const SEGMENT_LABELS: Record<(typeof SEGMENTS)[number], string> = {
  all: 'All accounts',
  targets: 'Target accounts',
  non_targets: 'Non-targets',
  tier_1: 'Tier 1',
  tier_2: 'Tier 2',
  tier_3: 'Tier 3',
};

/** Reports: the period retrospective, scorecard with drill-down, pipeline, flows, attribution, ROI, control, journeys. */
export function ReportsPage({ tab: tabParam }: { tab?: string | undefined }) {
  const tab: Tab = TABS.find((t) => t.key === tabParam)?.key ?? 'retrospective';
  const [filters, setFilters] = useReportFilters();
  const [, navigate] = useLocation();
  const { period, segment, model, owner, play } = filters;
  const cardUrl = reportUrl('scorecard', { period, ownerId: owner, playId: play });
  const needsCard = tab === 'scorecard' || tab === 'pipeline';
  const card = useApi(needsCard ? cardUrl : null, Scorecard);
  const lists = useApi('/api/v1/target-lists', TargetLists);
  const users = useApi('/api/v1/users', UserNames);
  const plays = useApi('/api/v1/plays', PlayNames);
  const quarters = recentQuarters(8);
  const drill = (s: string, figure: string) => setFilters({ drill: `${s}:${figure}` });
  const search = new URLSearchParams({
    period,
    segment,
    model,
    ...(owner ? { owner } : {}),
    ...(play ? { play } : {}),
  }).toString();

  return (
    <section>
      <div className="page-head">
        <h1>Reports</h1>
        <span className="meta">
          Measure the period, review it together, carry the lessons into the next list.
        </span>
      </div>
      <search className="filters" aria-label="Report filters">
        <label>
          Period{' '}
          <select value={period} onChange={(e) => setFilters({ period: e.target.value, drill: null })}>
            {!quarters.includes(period) && !period.startsWith('list:') && (
              <option value={period}>{period}</option>
            )}
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
            {(lists.data?.data ?? []).map((l) => (
              <option key={l.id} value={`list:${l.id}`}>
                Target list {l.period} ({l.status})
              </option>
            ))}
          </select>
        </label>
        <label>
          Other period{' '}
          <input
            defaultValue=""
            placeholder="2026-09, 2026-H1"
            size={10}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.currentTarget.value.trim())
                setFilters({ period: e.currentTarget.value.trim(), drill: null });
            }}
          />
        </label>
        <label>
          Accounts{' '}
          <select
            value={segment}
            onChange={(e) => setFilters({ segment: SEGMENTS.find((s) => s === e.target.value) ?? 'targets' })}
          >
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {SEGMENT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label title="Narrows the scorecard, pipeline and drill-down">
          Owner{' '}
          <select
            value={owner ?? ''}
            onChange={(e) => setFilters({ owner: e.target.value || null, drill: null })}
          >
            <option value="">Any owner</option>
            {(users.data?.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.email}
              </option>
            ))}
          </select>
        </label>
        <label title="Accounts the play entered (held-out control accounts excluded); narrows the scorecard, pipeline and drill-down">
          Play{' '}
          <select
            value={play ?? ''}
            onChange={(e) => setFilters({ play: e.target.value || null, drill: null })}
          >
            <option value="">Any play</option>
            {(plays.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Attribution model{' '}
          <select
            value={model}
            onChange={(e) => setFilters({ model: MODELS.find((m) => m === e.target.value) ?? 'w_shaped' })}
          >
            {MODELS.map((m) => (
              <option key={m} value={m}>
                {MODEL_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </search>
      <div className="tabs" role="tablist" aria-label="Reports">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            onClick={() => navigate(`/reports/${t.key}?${search}`)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {filters.drill && (
        <DrillDown
          period={period}
          drill={filters.drill}
          ownerId={owner}
          playId={play}
          onClose={() => setFilters({ drill: null })}
        />
      )}
      {tab === 'retrospective' && (
        <RetrospectiveTab period={period} segment={segment} model={model} onDrill={drill} />
      )}
      {tab === 'scorecard' && <ScorecardTab card={card} url={cardUrl} onDrill={drill} />}
      {tab === 'pipeline' && (
        <>
          <VelocityPanel card={card} onDrill={drill} />
          <ConversionPanel period={period} segment={segment} onDrill={drill} />
        </>
      )}
      {tab === 'flows' && <FlowsTab period={period} segment={segment} />}
      {tab === 'attribution' && <AttributionTab period={period} segment={segment} model={model} />}
      {tab === 'spend' && <SpendTab period={period} segment={segment} model={model} />}
      {tab === 'control' && <ControlPanel period={period} />}
      {tab === 'journey' && (
        <JourneyTab account={filters.account} onAccount={(id) => setFilters({ account: id })} />
      )}
    </section>
  );
}
