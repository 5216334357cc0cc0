import { useState } from 'react';
import { can, useSession } from '../session.ts';
import { Personas } from './settings/Personas.tsx';
import { Signals } from './settings/Signals.tsx';
import { Team } from './settings/Team.tsx';
import { Tracking } from './settings/Tracking.tsx';

const TABS = ['Users & API keys', 'Website tracking', 'Weights & stages', 'Personas'] as const;
type Tab = (typeof TABS)[number];

/** Settings: users and roles, API keys, write keys with the snippet, activity weights and stages, personas. */
export function SettingsPage() {
  const session = useSession();
  const [tab, setTab] = useState<Tab>('Users & API keys');
  const isAdmin = can(session, 'admin');
  return (
    <section>
      <h1>Settings</h1>
      <div className="tabs" role="tablist" aria-label="Settings">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'Users & API keys' && <Team isAdmin={isAdmin} />}
        {tab === 'Website tracking' && <Tracking isAdmin={isAdmin} />}
        {tab === 'Weights & stages' && <Signals canEdit={can(session, 'write')} />}
        {tab === 'Personas' && <Personas canEdit={can(session, 'write')} />}
      </div>
    </section>
  );
}
