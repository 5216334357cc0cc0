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
        email: `ada-${Math.random().toString(36).slice(2)}@example.test`,
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
      .onConflict((oc) => oc.doNothing())
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

  test('misspelt fields and roots are reported; dates, money and numbers follow the locale; default and if see a missing value as empty', async () => {
    const { contactId, templateId } = await seed('Acme');
    const db = t.database.db;
    await db
      .updateTable('content_template_versions')
      .set({
        subject: '{{ acount.name }}{{ account.industy }}',
        html: '<p>{{ "2026-03-05" | format_date: "long" }} {{ 1234.5 | format_number: 1 }} {{ 99 | money: "EUR", "en-US" }}</p><p>{{ contact.custom.nickname | default: "friend" }}{% if account.industry %}never{% endif %}{{ account.industry | upcase }}</p>',
        text: 'Hi {{ contact.first_name | upcase }}',
      })
      .where('template_id', '=', templateId)
      .execute();
    const m = await (await templateRenderer(db, t.ws.workspaceId, templateId)).renderMany([
      contactId,
      '00000000-0000-4000-8000-000000000000',
    ]);
    assert.equal(m.size, 1, 'a contact not in the workspace is absent');
    const message = m.get(contactId);
    assert.ok(message);
    assert.equal(
      message.html,
      '<div data-preheader style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all">About</div><p>5. März 2026 1.234,5 €99.00</p><p>friend</p>',
    );
    assert.equal(message.text, 'Hi ADA');
    assert.deepEqual(message.missingVariables, ['account.industry', 'account.industy', 'acount.name']);
  });

  test('a render over the time limit fails with the part named; another workspace cannot render the template', async () => {
    const { contactId, templateId } = await seed('Slow');
    const db = t.database.db;
    await db
      .updateTable('content_template_versions')
      .set({
        html: '{% for i in (1..3000) %}{% for j in (1..3000) %}{{ contact.first_name }}{% endfor %}{% endfor %}',
      })
      .where('template_id', '=', templateId)
      .execute();
    const render = await templateRenderer(db, t.ws.workspaceId, templateId);
    await assert.rejects(
      render(contactId),
      (e: Error & { field?: string }) => e.name === 'TemplateError' && e.field === 'html',
    );
    const other = await t.workspace();
    await assert.rejects(
      templateRenderer(db, other.workspaceId, templateId),
      (e: Error & { status?: number }) => e.status === 404,
    );
  });
});
