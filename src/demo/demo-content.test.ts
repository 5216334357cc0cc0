import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previewTemplate } from '../content/preview-template.ts';
import { templateRenderer } from '../content/template-renderer.ts';
import { useTestApp } from '../test/test-app.ts';
import { deriveDemoInsights } from './derive-demo-insights.ts';
import { loadDemoWorld } from './load-demo-world.ts';

describe('demo content', () => {
  const t = useTestApp({ withApp: false });

  test('the demo world has a library, shared blocks with persona variants and four templates that render', async () => {
    const db = t.database.db;
    const world = await loadDemoWorld(t.database, {
      seed: 5,
      accounts: 60,
      asOf: '2026-03-01',
      password: 'demo password',
    });
    await deriveDemoInsights(db, world.workspaceId);
    const ws = world.workspaceId;
    const assets = await db
      .selectFrom('content_assets')
      .select(['buying_stages', 'persona_ids'])
      .where('workspace_id', '=', ws)
      .execute();
    assert.ok(assets.length >= 12);
    for (const stage of ['problem', 'solutions', 'choice'])
      assert.ok(
        assets.some((a) => a.buying_stages.includes(stage)),
        `an asset for ${stage}`,
      );
    assert.ok(
      assets.every((a) => a.persona_ids.length > 0),
      'every asset names its personas',
    );
    const templates = await db
      .selectFrom('content_templates')
      .select(['id', 'name'])
      .where('workspace_id', '=', ws)
      .orderBy('name')
      .execute();
    assert.deepEqual(
      templates.map((x) => x.name),
      [
        'Executive intro',
        'Nurture 1: the problem',
        'Nurture 2: comparing solutions',
        'Nurture 3: the choice',
      ],
    );
    const intro = templates[0];
    assert.ok(intro);
    const personas = await db
      .selectFrom('personas')
      .select(['id', 'name'])
      .where('workspace_id', '=', ws)
      .execute();
    const variants = new Set<string>();
    for (const p of personas) {
      const preview = await previewTemplate(db, ws, { templateId: intro.id, personaId: p.id });
      const value = preview.blocks.find((b) => b.key === 'value');
      if (value) variants.add(value.variant);
      assert.ok(
        !preview.missingVariables.some((m) => m.startsWith('block:')),
        preview.missingVariables.join(),
      );
    }
    assert.ok(variants.size >= 4, `persona variants chosen: ${[...variants].join(', ')}`);
    const contacts = await db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', ws)
      .limit(50)
      .execute();
    for (const tpl of templates) {
      const render = await templateRenderer(db, ws, tpl.id, {
        unsubscribeUrl: (id) => `https://nimbus.example/u/${id}`,
      });
      const messages = await render.renderMany(contacts.map((c) => c.id));
      assert.equal(messages.size, contacts.length);
      for (const m of messages.values()) {
        assert.ok(m.subject.length > 0 && m.text.length > 0);
        assert.ok(!m.missingVariables.includes('unsubscribe_url'));
      }
    }
  });
});
