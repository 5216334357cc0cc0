import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { templateRenderer } from './template-renderer.ts';

describe('templateRenderer', () => {
  const t = useTestApp({ withApp: false });

  async function seed(accountName: string) {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const account = await db
      .insertInto('accounts')
      .values({
        workspace_id: ws,
        name: accountName,
        industry: null,
        annual_revenue: 1234567.5,
        currency: 'EUR',
        country: 'DE',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contact = await db
      .insertInto('contacts')
      .values({
        workspace_id: ws,
        account_id: account.id,
        email: 'ada@example.test',
        first_name: 'Ada',
        last_name: "O'Neil",
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('content_blocks')
      .values({
        workspace_id: ws,
        key: 'intro',
        name: 'Intro',
        variants: JSON.stringify([
          { name: 'Default', when: {}, body: '<p>Hello {{ contact.first_name }} at {{ account.name }}</p>' },
        ]),
      })
      .execute();
    const template = await db
      .insertInto('content_templates')
      .values({ workspace_id: ws, name: `T ${accountName}`, locale: 'de-DE' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('content_template_versions')
      .values({
        workspace_id: ws,
        template_id: template.id,
        version: 1,
        subject: 'For {{ account.name }}',
        preheader: 'About {{ account.industry }}',
        html: '<html><body>{% insert "intro" %}<p>Revenue {{ account.annual_revenue | money: account.currency }}</p><p>{{ contact.custom.nickname }}</p></body></html>',
        text: null,
      })
      .execute();
    return { contactId: contact.id, templateId: template.id };
  }

  test('escapes hostile names in HTML, keeps them literal in text and subject, reports missing variables', async () => {
    const { contactId, templateId } = await seed('<script>alert("x")</script> & Co');
    const render = await templateRenderer(t.database.db, t.ws.workspaceId, templateId);
    assert.equal(render.templateVersion, 1);
    const m = await render(contactId);
    assert.equal(m.subject, 'For <script>alert("x")</script> & Co');
    assert.ok(m.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'), m.html);
    assert.ok(!m.html.includes('<script>'), m.html);
    assert.ok(m.text.includes('Hello Ada at <script>alert("x")</script> & Co'), m.text);
    assert.ok(m.html.includes('1.234.567,50'), m.html);
    assert.deepEqual(m.missingVariables, ['account.industry', 'contact.custom.nickname']);
    assert.ok(!m.text.includes('About'), 'the preheader is not part of the text');
  });
});
