import { useState } from 'react';
import { z } from 'zod';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { fmtInt } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { IcpEditor } from './targets/IcpEditor.tsx';
import { ModelReport } from './targets/ModelReport.tsx';
import { TargetLists } from './targets/TargetLists.tsx';

const Proposal = z.object({
  counts: z.object({ tier1: z.number(), tier2: z.number(), tier3: z.number() }),
  data: z.array(z.object({ accountId: z.string(), tier: z.number(), reason: z.string().nullable() })),
});

const TABS = ['Target lists', 'ICP', 'Model', 'Tiers'] as const;
type Tab = (typeof TABS)[number];

function Tiers() {
  const proposal = useApi('/api/v1/fit/tiers/proposal?limit=1', Proposal);
  if (proposal.error)
    return <ErrorState error={proposal.error} retry={proposal.reload} what="the tier proposal" />;
  if (!proposal.data) return <p className="muted">Loading…</p>;
  const c = proposal.data.counts;
  if (c.tier1 + c.tier2 + c.tier3 === 0)
    return (
      <EmptyState>No account qualifies for a tier yet. Define the ICP so accounts get fit scores.</EmptyState>
    );
  return (
    <p>
      Proposed from fit, value and seller capacity: <strong>{fmtInt(c.tier1)}</strong> Tier 1,{' '}
      <strong>{fmtInt(c.tier2)}</strong> Tier 2, <strong>{fmtInt(c.tier3)}</strong> Tier 3. Create a target
      list to review and approve them.
    </p>
  );
}

/** ICP & targets: target lists with approvals and diffs, the ICP editor, the fit model report, tiers. */
export function TargetsPage() {
  const session = useSession();
  const [tab, setTab] = useState<Tab>('Target lists');
  return (
    <section>
      <h1>ICP &amp; targets</h1>
      <div className="tabs" role="tablist" aria-label="ICP and targets">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'Target lists' && <TargetLists role={session.role} />}
        {tab === 'ICP' && <IcpEditor canEdit={can(session, 'write')} />}
        {tab === 'Model' && <ModelReport canEdit={can(session, 'write')} />}
        {tab === 'Tiers' && <Tiers />}
      </div>
    </section>
  );
}
