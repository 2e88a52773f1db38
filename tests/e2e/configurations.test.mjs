// The Configurations tab (issue 5): a source defines named configurations from its own roles,
// groups, fields, macros, triggers and views; a target lists them through its share.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, setCheckbox, TIMEOUT } from './harness.mjs';

// `unshared`: the demo without acme's share with globex: these tests add acme's share with globex themselves.
const harness = useHarness({ scenario: 'unshared' });

const GLOBEX_TOKEN = 'globexDemoToken00000000000000000000000001';
const GRETA = 'greta.globex@globex.example';

async function openTab(h, name, switches = {}) {
  const opened = await h.openHost({ location: 'nav_bar', user: 'admin', ...switches });
  const tab = opened.frame.getByRole('tab', { name });
  await h.visible(tab, `the ${name} tab`, opened.frame);
  await tab.click();
  return opened;
}

async function addGlobexShare(h) {
  const { frame, page } = await openTab(h, 'Account');
  await h.visible(frame.locator('#share-url'), 'the share form', frame);
  await frame.fill('#share-url', 'globex');
  await frame.fill('#share-username', GRETA);
  await frame.fill('#share-token', GLOBEX_TOKEN);
  await frame.press('#share-token', 'Enter');
  await h.visible(frame.locator('[data-state=share-added]'), 'the share added', frame);
  return { frame, page };
}

/// Shows a type's tab in the configuration form and waits for its list (read to its end).
async function showKind(h, frame, key) {
  await frame.locator(`#tab-${key}`).click();
  const panel = frame.locator(`.ds-picker[data-kind=${key}]`);
  await h.visible(
    frame.locator(`.ds-picker[data-kind=${key}][data-state=ready], .ds-picker[data-kind=${key}][data-state=empty]`),
    `the ${key} list`,
    frame,
  );
  return panel;
}

/// Ticks (or unticks) the item called `name` of type `key` in the configuration form, on the
/// page the picker shows.
async function tick(h, frame, key, name, on = true) {
  const panel = await showKind(h, frame, key);
  const row = panel.locator(`.ds-check[data-name="${name}"]`);
  await h.visible(row, `${name} among the ${key}`, frame);
  await setCheckbox(frame, await row.locator('input').getAttribute('id'), on);
}

test("a target lists the source's configurations and their components, read through the share", { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame, page } = await addGlobexShare(h);
  const messagesBefore = (await h.simMessages(page)).length;
  await frame.getByRole('tab', { name: 'Configurations' }).click();
  const source = frame.locator('article[data-source="https://globex.zendesk.com"]');
  await h.visible(source.locator('[data-state=ready]'), "globex's configurations", frame);
  const names = await source.locator('li.ds-config').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  assert.deepEqual(names, ['Service desk starter', 'Field service', 'Tier 2 escalation', 'Customer care', 'Key accounts routing', 'Full service desk']);
  const starter = await source.locator('li[data-name="Service desk starter"]').innerText();
  for (const part of ['Groups', 'Service desk', 'Custom roles', 'Tier 1 agent, Tier 2 agent', 'Macros', 'Close and thank the customer', 'Triggers', 'Views']) {
    assert.ok(starter.includes(part), `shows ${part}: ${starter}`);
  }
  // Read with the saved credentials: only the placeholder travels.
  const later = JSON.stringify((await h.simMessages(page)).slice(messagesBefore));
  assert.ok(later.includes('Bearer {{setting.share_auth_1}}'), "the share's token, as a placeholder");
  assert.ok(!later.includes(GLOBEX_TOKEN));
  // Each shared configuration can be reviewed for a deploy (tests/e2e/deploy.test.mjs).
  assert.equal(await source.locator('[data-testid=review-deploy]').count(), names.length);
});

test('a share whose token the source revoked says what to do, and adding it again reads it', { timeout: 120_000 }, async () => {
  const h = harness();
  await addGlobexShare(h);
  // The source's admin revokes the share's token (Admin Center > OAuth clients, or the API).
  const oauth = await (await fetch(sim('/sim/accounts/globex/oauth'))).json();
  const [token] = oauth.tokens;
  const revoke = await h.proxy({ account: 'acme', user: 'admin' }, {
    url: `https://globex.zendesk.com/api/v2/oauth/tokens/${token.id}.json`,
    type: 'DELETE',
    headers: { Authorization: `Basic ${btoa(`${GRETA}/token:${GLOBEX_TOKEN}`)}` },
    httpCompleteResponse: true,
  });
  assert.equal(revoke.args[0].status, 204, JSON.stringify(revoke).slice(0, 300));
  let { frame } = await openTab(h, 'Configurations');
  const refused = frame.locator('article[data-source="https://globex.zendesk.com"] [data-state=refused]');
  await h.visible(refused, 'the refused state', frame);
  assert.ok((await refused.innerText()).includes('Remove the share and add it again'));
  // Try again asks again (still refused: the token is gone for good).
  await refused.getByRole('button', { name: 'Try again' }).click();
  await h.visible(refused, 'refused again', frame);
  // Removed and added again: a new token, and the configurations read.
  await frame.getByRole('tab', { name: 'Account' }).click();
  await frame.getByRole('button', { name: 'Remove the share with https://globex.zendesk.com' }).click();
  await frame.locator('[data-testid=confirm-remove]').click();
  await h.visible(frame.locator('[data-state=no-shares]'), 'removed', frame);
  ({ frame } = await addGlobexShare(h));
  await frame.getByRole('tab', { name: 'Configurations' }).click();
  await h.visible(frame.locator('article[data-source="https://globex.zendesk.com"] [data-state=ready]'), 'read with the new token', frame);
});

test('a source defines, edits and deletes a configuration; the target sees the change', { timeout: 180_000 }, async () => {
  const h = harness();
  await addGlobexShare(h);
  let { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await h.visible(frame.locator('[data-testid=new-configuration]'), 'New configuration', frame);
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await showKind(h, frame, 'macros');

  // Refusals keep what was typed.
  await form.locator('[data-testid=save-configuration]').click();
  await h.visible(form.locator('[data-field=name] .ds-error'), 'name required', frame);
  await frame.fill('#configuration-name', 'field service');
  await frame.fill('#configuration-description', 'Night shift');
  await form.locator('[data-testid=save-configuration]').click();
  assert.ok((await form.locator('[data-field=name] .ds-error').innerText()).includes('already has this name'));
  await frame.fill('#configuration-name', 'Night shift');
  await form.locator('[data-testid=save-configuration]').click();
  await h.visible(form.locator('[data-field=components]'), 'pick a component', frame);
  assert.equal(await frame.inputValue('#configuration-description'), 'Night shift');

  await tick(h, frame, 'macros', 'Ask for the order number');
  await tick(h, frame, 'groups', 'Service desk');
  await form.locator('[data-testid=save-configuration]').click();
  const item = frame.locator('[data-testid=own-configurations] li[data-name="Night shift"]');
  await h.visible(item, 'the new configuration', frame);
  assert.ok((await item.innerText()).includes('Ask for the order number'));

  // The target sees it through the share.
  const target = await openTab(h, 'Configurations');
  await h.visible(
    target.frame.locator('article[data-source="https://globex.zendesk.com"] li[data-name="Night shift"]'),
    'the new configuration in the target',
    target.frame,
  );

  // Edit: drop the macro.
  ({ frame } = await openTab(h, 'Configurations', { account: 'globex' }));
  await frame.getByRole('button', { name: 'Edit Night shift' }).click();
  const edit = frame.locator('[data-state=configuration-form]');
  // What the configuration holds is ticked, and counted on its type's tab.
  await h.visible(edit.getByRole('tab', { name: 'Macros (1)' }), 'the count of picked macros', frame);
  const picked = (await showKind(h, frame, 'macros')).locator('.ds-check[data-name="Ask for the order number"] input');
  assert.equal(await picked.isChecked(), true);
  await tick(h, frame, 'macros', 'Ask for the order number', false);
  await edit.locator('[data-testid=save-configuration]').click();
  const edited = frame.locator('[data-testid=own-configurations] li[data-name="Night shift"]');
  await frame.waitForFunction(
    () => !document.querySelector('[data-testid=own-configurations] li[data-name="Night shift"]')?.innerText.includes('Ask for the order number'),
    null,
    { timeout: TIMEOUT },
  );
  assert.ok((await edited.innerText()).includes('Service desk'));

  // Delete, after confirming.
  await frame.getByRole('button', { name: 'Delete Night shift' }).click();
  await frame.locator('[data-testid=confirm-delete-configuration]').click();
  await frame.waitForFunction(
    () => !document.querySelector('li[data-name="Night shift"]') && document.querySelectorAll('[data-testid=own-configurations] li').length === 6,
    null,
    { timeout: TIMEOUT },
  );
  const names = await frame.locator('[data-testid=own-configurations] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  assert.deepEqual(names, ['Service desk starter', 'Field service', 'Tier 2 escalation', 'Customer care', 'Key accounts routing', 'Full service desk'], 'the others kept');
});

test("a share whose user is no longer the source's admin says so", { timeout: 120_000 }, async () => {
  const h = harness();
  await addGlobexShare(h);
  const res = await fetch(sim('/sim/accounts/globex/users/admin'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'agent' }),
  });
  assert.ok(res.ok);
  const { frame } = await openTab(h, 'Configurations');
  const state = frame.locator('article[data-source="https://globex.zendesk.com"] [data-state=not-admin]');
  await h.visible(state, 'the not-admin state', frame);
  assert.ok((await state.innerText()).includes('no longer an admin'));
});

test('on a plan without custom roles the configuration picker still offers the other components', { timeout: 120_000 }, async () => {
  const h = harness();
  await h.setAccount('globex', { plan: 'professional' });
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await frame.locator('[data-testid=new-configuration]').click();
  await showKind(h, frame, 'groups');
  const roles = await showKind(h, frame, 'custom_roles');
  assert.equal(await roles.getAttribute('data-state'), 'empty');
  assert.equal(await roles.locator('input').count(), 0, 'no roles to pick');
  assert.ok((await roles.innerText()).includes('None in this account'));
  // The other types are there still.
  assert.equal(await (await showKind(h, frame, 'macros')).getAttribute('data-state'), 'ready');
});

test('a configuration name another admin took meanwhile is refused with its message, nothing lost', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await frame.fill('#configuration-name', 'Night shift');
  await tick(h, frame, 'groups', 'Service desk');
  // Meanwhile another admin saves a configuration with that name.
  const theirs = [{ name: 'night shift', components: [{ type: 'groups', name: 'Field engineering' }] }];
  const answer = await h.proxy(
    { account: 'globex', user: 'admin' },
    {
      url: '/api/v2/apps/installations/361000870001.json',
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({ settings: { configurations: JSON.stringify(theirs) } }),
      httpCompleteResponse: true,
    },
  );
  assert.ok(answer.done);
  await form.locator('[data-testid=save-configuration]').click();
  const refused = frame.locator('[data-state=invalid]');
  await h.visible(refused, 'the clash', frame);
  assert.ok((await refused.innerText()).includes('already has this name'));
  assert.equal(await frame.inputValue('#configuration-name'), 'Night shift', 'what was typed is kept');
});

test('a double click on Save saves a configuration once and reports nothing taken', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await h.visible(frame.locator('[data-testid=new-configuration]'), 'New configuration', frame);
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await showKind(h, frame, 'macros');
  await frame.fill('#configuration-name', 'Twice clicked');
  await setCheckbox(frame, 'cfg-macros-0', true);
  const putsBefore = (await h.requests()).filter((r) => r.method === 'PUT').length;
  // Two clicks before the first save has answered.
  await form.locator('[data-testid=save-configuration]').dblclick();
  await h.visible(frame.locator('[data-testid=own-configurations] li[data-name="Twice clicked"]'), 'the saved configuration', frame);
  assert.equal(await frame.locator('[data-state=invalid], [data-state=error]').count(), 0, `no refusal\n${await h.describe(frame)}`);
  const puts = (await h.requests()).filter((r) => r.method === 'PUT').length - putsBefore;
  assert.equal(puts, 1, 'one write');
  const answer = await h.proxy({ account: 'globex', user: 'admin' }, { url: '/api/v2/apps/installations/361000870001.json', httpCompleteResponse: true });
  const saved = JSON.parse(answer.args[0].responseJSON.settings.configurations);
  assert.equal(saved.filter((c) => c.name === 'Twice clicked').length, 1, 'saved once');
});

/// The simulator's own state of an account (every item of every type, as stored).
async function simConfig(account) {
  const res = await fetch(sim(`/sim/accounts/${account}/config`));
  assert.equal(res.status, 200, `GET /sim/accounts/${account}/config`);
  return res.json();
}

/// The English count "2,000 of 2,000" and its numbers.
async function counts(panel) {
  const count = panel.locator('[data-testid=picker-count]');
  return {
    text: (await count.innerText()).trim(),
    matches: Number(await count.getAttribute('data-matches')),
    total: Number(await count.getAttribute('data-total')),
  };
}

async function rowNames(panel) {
  return panel.locator('.ds-pick-list .ds-check').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
}

async function pageOf(panel) {
  const p = panel.locator('[data-testid=picker-page]');
  return [Number(await p.getAttribute('data-page')), Number(await p.getAttribute('data-pages')), (await p.innerText()).trim()];
}

/// Waits until the picker shows page `n`.
async function onPage(h, frame, panel, n) {
  await h.visible(panel.locator(`[data-testid=picker-page][data-page="${n}"]`), `page ${n}`, frame);
}

test('the configuration editor at 2,000 macros and 500 ticket fields filters, pages, and saves exactly what was picked', { timeout: 300_000 }, async () => {
  const h = harness();
  await h.reset('large');
  // What acme holds, from the simulator itself: the shared macros in Zendesk's list order (id).
  const stored = await simConfig('acme');
  const shared = stored.macros
    .filter((m) => m.restriction?.type !== 'User')
    .sort((a, b) => a.id - b.id)
    .map((m) => m.title);
  assert.equal(shared.length, 2000);
  const customFields = stored.ticket_fields.filter((f) => f.removable === true);
  assert.equal(customFields.length, 500);
  const allFields = stored.ticket_fields.length;

  // The first page of macros fails once: its tab says so, and Try again reads the list.
  await h.inject({ path: '/api/v2/macros', status: 500, times: 1 });
  const { frame } = await openTab(h, 'Configurations');
  await h.visible(frame.locator('[data-testid=new-configuration]'), 'New configuration', frame);
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  // Every type is offered, as a tab.
  const kinds = await form.getByRole('tab').evaluateAll((els) => els.map((e) => e.id.replace(/^tab-/, '')));
  for (const kind of ['groups', 'trigger_categories', 'ticket_fields', 'user_fields', 'organization_fields', 'custom_roles', 'macros', 'triggers', 'automations', 'views']) {
    assert.ok(kinds.includes(kind), `${kind} offered: ${kinds}`);
  }
  await frame.locator('#tab-macros').click();
  const macros = frame.locator('.ds-picker[data-kind=macros]');
  const failed = frame.locator('.ds-picker[data-kind=macros][data-state=error]');
  await h.visible(failed, 'the macros error', frame);
  // The other types did not wait for it.
  await showKind(h, frame, 'groups');
  await frame.locator('#tab-macros').click();
  await failed.getByRole('button', { name: 'Try again' }).click();
  await showKind(h, frame, 'macros');

  // Every macro, read to the end: 2,000 (the agents' personal macros are not offered).
  let c = await counts(macros);
  assert.deepEqual(c, { text: '2,000 of 2,000', matches: 2000, total: 2000 });
  assert.deepEqual(await rowNames(macros), shared.slice(0, 50), 'the first page: 50 in the account\'s order');
  assert.deepEqual(await pageOf(macros), [1, 40, 'Page 1 of 40']);

  // Paging by keyboard: Next, twice, from the keyboard.
  const next = macros.locator('[data-testid=picker-next]');
  await next.focus();
  await frame.page().keyboard.press('Enter');
  await onPage(h, frame, macros, 2);
  await frame.page().keyboard.press('Enter');
  await onPage(h, frame, macros, 3);
  assert.deepEqual(await rowNames(macros), shared.slice(100, 150));
  const onPage3 = shared[104];
  await tick(h, frame, 'macros', onPage3);

  // To the last page.
  for (let page = 4; page <= 40; page++) {
    await next.click();
    await onPage(h, frame, macros, page);
  }
  assert.deepEqual(await pageOf(macros), [40, 40, 'Page 40 of 40']);
  assert.equal(await next.isDisabled(), true, 'no page after the last');
  assert.deepEqual(await rowNames(macros), shared.slice(1950));

  // The filter: trimmed, any case, on the name; back to page 1.
  await frame.fill('#picker-filter', '  REFUND request ');
  await h.visible(macros.locator('[data-testid=picker-count][data-matches="100"]'), 'the refund macros', frame);
  const refunds = shared.filter((t) => t.toLowerCase().includes('refund request'));
  assert.equal(refunds.length, 100);
  c = await counts(macros);
  assert.deepEqual(c, { text: '100 of 2,000', matches: 100, total: 2000 });
  assert.deepEqual(await pageOf(macros), [1, 2, 'Page 1 of 2']);
  assert.deepEqual(await rowNames(macros), refunds.slice(0, 50));
  // Accents fold too.
  await frame.fill('#picker-filter', 'ÉCHANGE');
  await h.visible(macros.locator('[data-testid=picker-count][data-matches="100"]'), 'the exchange macros', frame);
  assert.ok((await rowNames(macros)).every((n) => n.startsWith('Échange de matériel')));
  // Enter in the filter does not submit the form.
  await frame.press('#picker-filter', 'Enter');
  await frame.fill('#picker-filter', 'no such macro');
  await h.visible(macros.locator('[data-state=no-match]'), 'nothing matches', frame);
  assert.equal(await form.locator('[data-field=name] .ds-error').count(), 0, 'not submitted');

  // Ticket fields: 500 custom ones and the system fields, one found by the filter.
  const fields = await showKind(h, frame, 'ticket_fields');
  c = await counts(fields);
  assert.equal(c.total, allFields);
  assert.equal(c.text, `${allFields.toLocaleString('en-US')} of ${allFields.toLocaleString('en-US')}`);
  assert.deepEqual(await pageOf(fields), [1, Math.ceil(allFields / 50), `Page 1 of ${Math.ceil(allFields / 50)}`]);
  await frame.fill('#picker-filter', 'cost centre 125');
  await h.visible(fields.locator('[data-testid=picker-count][data-matches="1"]'), 'the one field', frame);
  assert.deepEqual(await rowNames(fields), ['Cost centre 125']);
  assert.equal(await fields.locator('[data-testid=picker-page]').count(), 0, 'one page: no pager');
  await tick(h, frame, 'ticket_fields', 'Cost centre 125');

  // The macro picked on page 3 is still picked, whatever the filter did meanwhile.
  await frame.locator('#tab-macros').click();
  await h.visible(form.getByRole('tab', { name: 'Macros (1)' }), 'one macro picked', frame);
  await h.visible(form.getByRole('tab', { name: 'Ticket fields (1)' }), 'one field picked', frame);
  await frame.fill('#picker-filter', '');
  await onPage(h, frame, macros, 1);
  await next.click();
  await next.click();
  await onPage(h, frame, macros, 3);
  assert.equal(await macros.locator(`.ds-check[data-name="${onPage3}"] input`).isChecked(), true);
  assert.equal(await macros.locator('[data-testid=picker-selected]').getAttribute('data-count'), '1');
  await setCheckbox(frame, 'picker-selected-only', true);
  await h.visible(macros.locator('[data-testid=picker-count][data-matches="1"]'), 'the selected only', frame);
  assert.deepEqual(await rowNames(macros), [onPage3]);

  // Saved: exactly those two components in acme's settings, as the simulator holds them.
  await frame.fill('#configuration-name', 'Large account picks');
  await form.locator('[data-testid=save-configuration]').click();
  await h.visible(frame.locator('[data-testid=own-configurations] li[data-name="Large account picks"]'), 'the saved configuration', frame);
  const console = (await h.apps('acme')).find((a) => a.app === 'console');
  const saved = JSON.parse(console.settings.configurations).filter((x) => x.name === 'Large account picks');
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0].components, [
    { type: 'macros', name: onPage3 },
    { type: 'ticket_fields', name: 'Cost centre 125' },
  ]);
});
