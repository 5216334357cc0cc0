import { useState } from 'react';
import { can, useSession } from '../session.ts';
import { AssetLibrary } from './content/AssetLibrary.tsx';
import { BlockEditor } from './content/BlockEditor.tsx';
import { TemplateEditor } from './content/TemplateEditor.tsx';

const TABS = ['Library', 'Templates', 'Blocks'] as const;
type Tab = (typeof TABS)[number];

/** Content: the asset library by persona and buying stage, templates with live preview, shared blocks. */
export function ContentPage() {
  const session = useSession();
  const [tab, setTab] = useState<Tab>('Library');
  const canEdit = can(session, 'write');
  return (
    <section>
      <h1>Content</h1>
      <div className="tabs" role="tablist" aria-label="Content">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'Library' && <AssetLibrary canEdit={canEdit} />}
        {tab === 'Templates' && <TemplateEditor canEdit={canEdit} />}
        {tab === 'Blocks' && <BlockEditor canEdit={canEdit} />}
      </div>
    </section>
  );
}
