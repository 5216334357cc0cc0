import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';

describe('content API: blocks, templates, preview', () => {
  const t = useTestApp();
  const call = t.call.bind(t);

  /** Accounts and contacts to render for: a CFO at a tier-1 German manufacturer in the engaged stage, a CIO elsewhere. */
  async function world() {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const [cfo, cio] = await db
      .insertInto('personas')
      .values([
        { workspace_id: ws, name: 'Finance Leader', committee_role: 'budget_holder' },
        { workspace_id: ws, name: 'IT & Security', committee_role: 'technical_evaluator' },
      ])
      .returning('id')
      .execute();
    const [acme, hostile] = await db
      .insertInto('accounts')
      .values([
        { workspace_id: ws, name: 'Acme Werke', industry: 'Manufacturing', country: 'DE', tier: 1 },
        {
          workspace_id: ws,
          name: '<script>alert("pwn")</script> "Quotes" & Co',
          industry: 'Software',
          country: 'US',
          tier: 3,
        },
      ])
      .returning('id')
      .execute();
    if (!cfo || !cio || !acme || !hostile) throw new Error('seed failed');
    await db
      .insertInto('account_stages')
      .values({ workspace_id: ws, account_id: acme.id, stage: 'engaged' })
      .execute();
    const [anna, bob, cara] = await db
      .insertInto('contacts')
      .values([
        { workspace_id: ws, account_id: acme.id, email: 'anna@acme.test', first_name: 'Anna', title: 'CFO' },
        { workspace_id: ws, account_id: hostile.id, email: 'bob@evil.test', first_name: 'Bob', title: 'CIO' },
        {
          workspace_id: ws,
          account_id: hostile.id,
          email: 'cara@evil.test',
          first_name: 'Cara',
          custom: { language: 'is' },
        },
      ])
      .returning('id')
      .execute();
    if (!anna || !bob || !cara) throw new Error('seed failed');
    await db
      .insertInto('contact_personas')
      .values([
        { workspace_id: ws, contact_id: anna.id, persona_id: cfo.id },
        { workspace_id: ws, contact_id: bob.id, persona_id: cio.id },
      ])
      .execute();
    return {
      cfo: cfo.id,
      cio: cio.id,
      acme: acme.id,
      hostile: hostile.id,
      anna: anna.id,
      bob: bob.id,
      cara: cara.id,
    };
  }

  let w: Awaited<ReturnType<typeof world>>;
  let templateId = '';
  let blockId = '';
  const preview = async (body: object) => {
    const res = await call('POST', '/content/preview', t.ws.keys.sales, body);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test('a template of shared blocks picks each block variant by persona, stage, tier, industry and language, else the default', async () => {
    w = await world();
    const block = await call('POST', '/content/blocks', t.ws.keys.marketer, {
      key: 'value',
      name: 'Value statement',
      variants: [
        { name: 'Default', body: '<p>We help teams like yours.</p>' },
        { name: 'CFO', when: { personaIds: [w.cfo] }, body: '<p>Close the books in 3 days.</p>' },
        { name: 'CIO', when: { personaIds: [w.cio] }, body: '<p>One platform, SSO included.</p>' },
        { name: 'Icelandic', when: { languages: ['is'] }, body: '<p>Við hjálpum teymum eins og þínu.</p>' },
        {
          name: 'Engaged manufacturer, tier 1',
          when: { stages: ['solutions'], tiers: [1], industries: ['manufacturing'] },
          body: '<p>See how Bosch compares vendors.</p>',
        },
        {
          name: 'Acme only',
          when: { accountIds: [w.hostile], personaIds: [w.cfo] },
          body: '<p>never chosen</p>',
        },
      ],
    });
    assert.equal(block.statusCode, 201, block.body);
    blockId = block.json().id;
    const created = await call('POST', '/content/templates', t.ws.keys.marketer, {
      name: 'Executive intro',
      subject: '{{ account.name }}: a question for {{ contact.first_name | default: "you" }}',
      preheader: 'For {{ contact.persona }}',
      html: '<html><body><h1>Hello {{ contact.first_name }}</h1>{% insert "value" %}<p>{{ owner.name }}</p></body></html>',
    });
    assert.equal(created.statusCode, 201, created.body);
    const tpl = created.json();
    templateId = tpl.id;
    assert.equal(tpl.version, 1);
    assert.deepEqual(tpl.blocks, ['value']);

    // Anna is a CFO and her account is an engaged tier-1 manufacturer: both variants hold, the one
    // with more conditions wins.
    const anna = await preview({ templateId, contactId: w.anna });
    assert.deepEqual(anna.blocks, [{ key: 'value', variant: 'Engaged manufacturer, tier 1' }]);
    assert.equal(anna.recipient.buyingStage, 'solutions');
    assert.equal(anna.recipient.language, 'de');
    const bob = await preview({ templateId, contactId: w.bob });
    assert.deepEqual(bob.blocks, [{ key: 'value', variant: 'CIO' }]);
    assert.ok(bob.html.includes('SSO included'));
    const cara = await preview({ templateId, contactId: w.cara });
    assert.deepEqual(cara.blocks, [{ key: 'value', variant: 'Icelandic' }]);
    const nobody = await preview({ templateId });
    assert.deepEqual(nobody.blocks, [{ key: 'value', variant: 'Default' }]);
    const asPersona = await preview({ templateId, personaId: w.cio });
    assert.equal(asPersona.recipient.contactId, w.bob, 'a persona preview renders for a contact in it');
    assert.deepEqual(asPersona.blocks, [{ key: 'value', variant: 'CIO' }]);
    // Missing variables are reported, not silently blank.
    assert.deepEqual(anna.missingVariables, ['owner.name']);
    assert.deepEqual(nobody.missingVariables, [
      'account.name',
      'contact.first_name',
      'contact.persona',
      'owner.name',
    ]);
  });

  test('hostile account names are escaped in HTML and literal in the subject and text part', async () => {
    const bob = await preview({ templateId, contactId: w.bob });
    assert.ok(!bob.html.includes('<script>'), bob.html);
    assert.ok(bob.text.includes('SSO included'));
    assert.equal(bob.subject, '<script>alert("pwn")</script> "Quotes" & Co: a question for Bob');
    const inline = await preview({
      template: {
        subject: 'x',
        html: '<p title="{{ account.name }}">{{ account.name }}</p>',
        locale: 'en-US',
      },
      contactId: w.bob,
    });
    assert.equal(
      inline.html,
      '<p title="&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &quot;Quotes&quot; &amp; Co">&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &quot;Quotes&quot; &amp; Co</p>',
    );
    assert.equal(inline.text, '<script>alert("pwn")</script> "Quotes" & Co');
  });

  test('editing a block changes every template using it; editing a template makes a new version', async () => {
    const other = await call('POST', '/content/templates', t.ws.keys.marketer, {
      name: 'Nurture 1',
      subject: 'Hi',
      html: '{% insert "value" %}',
      text: 'Plain: {% insert "value" %} -- {{ contact.first_name }}',
    });
    assert.equal(other.statusCode, 201, other.body);
    const blocks = (await call('GET', `/content/blocks/${blockId}`, t.ws.keys.sales)).json();
    assert.deepEqual(blocks.usedBy.map((u: { name: string }) => u.name).sort(), [
      'Executive intro',
      'Nurture 1',
    ]);
    const variants = blocks.variants.map((v: { name: string; body: string }) =>
      v.name === 'CIO' ? { ...v, body: '<p>Now with <b>audit logs</b>.</p>' } : v,
    );
    const edit = await call('PATCH', `/content/blocks/${blockId}`, t.ws.keys.marketer, { variants });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().version, 2);
    for (const id of [templateId, other.json().id]) {
      const bob = await preview({ templateId: id, contactId: w.bob });
      assert.ok(bob.html.includes('Now with <b>audit logs</b>.'), bob.html);
    }
    const nurture = await preview({ templateId: other.json().id, contactId: w.bob });
    assert.equal(nurture.text, 'Plain: Now with audit logs. -- Bob');

    const changed = await call('PATCH', `/content/templates/${templateId}`, t.ws.keys.marketer, {
      subject: 'New subject',
      baseVersion: 1,
    });
    assert.equal(changed.json().currentVersion, 2);
    const renamed = await call('PATCH', `/content/templates/${templateId}`, t.ws.keys.marketer, {
      name: 'Executive intro (EN)',
    });
    assert.equal(renamed.json().currentVersion, 2, 'a new name is not a new version');
    assert.equal(
      (
        await call('PATCH', `/content/templates/${templateId}`, t.ws.keys.marketer, {
          subject: 'y',
          baseVersion: 1,
        })
      ).statusCode,
      409,
    );
    const v1 = (await call('GET', `/content/templates/${templateId}/versions/1`, t.ws.keys.sales)).json();
    assert.match(v1.subject, /a question for/);
    const old = await preview({ templateId, version: 1, contactId: w.bob });
    assert.equal(old.templateVersion, 1);
    assert.match(old.subject, /a question for Bob/);
    const versions = (await call('GET', `/content/templates/${templateId}/versions`, t.ws.keys.sales)).json()
      .data;
    assert.deepEqual(
      versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
    assert.equal(
      (await call('DELETE', `/content/blocks/${blockId}`, t.ws.keys.marketer)).statusCode,
      409,
      'a used block stays',
    );
    assert.equal(
      (await call('PATCH', `/content/blocks/${blockId}`, t.ws.keys.marketer, { key: 'renamed' })).statusCode,
      409,
    );
  });

  test('bad templates and blocks are a 400 naming the field: syntax, unknown filters, file tags, size, runaway loops, self-insertion', async () => {
    const bad = async (payload: object, path: string, message?: RegExp) => {
      const res = await call('POST', '/content/templates', t.ws.keys.marketer, {
        name: `Bad ${Math.random()}`,
        subject: 'ok',
        html: '<p>ok</p>',
        ...payload,
      });
      assert.equal(res.statusCode, 400, res.body);
      const error = res.json().errors[0];
      assert.equal(error.path, path, res.body);
      if (message) assert.match(error.message, message);
    };
    await bad({ html: '<p>{% if x %}unclosed</p>' }, 'body.html', /not closed/);
    await bad({ subject: '{{ contact.first_name | shout }}' }, 'body.subject', /undefined filter: shout/);
    await bad({ text: '{% include "/etc/passwd" %}' }, 'body.text', /include/);
    await bad({ html: 'x'.repeat(200_001) }, 'body.html');
    await bad({ html: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }, 'body.html');
    await bad(
      { html: '{% for i in (1..4000) %}{% for j in (1..4000) %}{% endfor %}{% endfor %}' },
      'body.html',
      /limit|exceed/i,
    );
    await bad({ html: '{% insert nope %}' }, 'body.html', /insert takes a block key/);
    await bad({ locale: 'not a locale!' }, 'body.locale');
    const loop = await call('POST', '/content/blocks', t.ws.keys.marketer, {
      key: 'loop',
      name: 'Loop',
      variants: [{ name: 'Default', body: '<p>{% insert "loop" %}</p>' }],
    });
    assert.equal(loop.statusCode, 400, loop.body);
    assert.equal(loop.json().errors[0].path, 'body.variants.0.body');
    const twoDefaults = await call('POST', '/content/blocks', t.ws.keys.marketer, {
      key: 'two',
      name: 'Two',
      variants: [
        { name: 'A', body: 'a' },
        { name: 'B', when: {}, body: 'b' },
      ],
    });
    assert.equal(twoDefaults.statusCode, 400);
    assert.equal(twoDefaults.json().errors[0].path, 'body.variants');
    const badVariant = await call('POST', '/content/blocks', t.ws.keys.marketer, {
      key: 'bad',
      name: 'Bad',
      variants: [
        { name: 'Default', body: 'ok' },
        { name: 'X', when: { tiers: [1] }, body: '{{ account.name | nope }}' },
      ],
    });
    assert.equal(badVariant.json().errors[0].path, 'body.variants.1.body');
    const badPreview = await call('POST', '/content/preview', t.ws.keys.sales, {
      template: { subject: 'x', html: '{% for %}', locale: 'en-US' },
    });
    assert.equal(badPreview.statusCode, 400);
    assert.equal(badPreview.json().errors[0].path, 'body.template.html');
    assert.equal(
      (await call('POST', '/content/templates', t.ws.keys.sales, { name: 'x', subject: 'x', html: 'x' }))
        .statusCode,
      403,
    );
  });

  test("another workspace's templates, blocks and contacts are not found", async () => {
    const other = await t.workspace();
    assert.equal((await call('GET', `/content/templates/${templateId}`, other.keys.admin)).statusCode, 404);
    assert.equal((await call('GET', `/content/blocks/${blockId}`, other.keys.admin)).statusCode, 404);
    assert.equal(
      (await call('PATCH', `/content/blocks/${blockId}`, other.keys.admin, { name: 'x' })).statusCode,
      404,
    );
    assert.equal((await call('POST', '/content/preview', other.keys.admin, { templateId })).statusCode, 404);
    const own = await call('POST', '/content/templates', other.keys.admin, {
      name: 'Mine',
      subject: 'x',
      html: '{% insert "value" %}',
    });
    assert.equal(own.statusCode, 201, own.body);
    const res = await call('POST', '/content/preview', other.keys.admin, {
      templateId: own.json().id,
      contactId: w.bob,
    });
    assert.equal(res.statusCode, 404);
    const alone = await call('POST', '/content/preview', other.keys.admin, { templateId: own.json().id });
    assert.deepEqual(
      alone.json().missingVariables,
      ['block:value'],
      "the other workspace's block is not used",
    );
    const foreignPersona = await call('POST', '/content/blocks', other.keys.admin, {
      key: 'x',
      name: 'X',
      variants: [
        { name: 'Default', body: 'x' },
        { name: 'CFO', when: { personaIds: [w.cfo] }, body: 'y' },
      ],
    });
    assert.equal(foreignPersona.statusCode, 400);
    assert.equal(foreignPersona.json().errors[0].path, 'body.variants.1.when.personaIds.0');
  });
});
