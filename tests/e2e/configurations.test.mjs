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
  await h.visible(form.locator('fieldset[data-kind=macros] input'), 'the macro choices', frame);

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

  const macro = form.locator('fieldset[data-kind=macros] .ds-check', { hasText: 'Ask for the order number' });
  await setCheckbox(frame, await macro.locator('input').getAttribute('id'), true);
  const group = form.locator('fieldset[data-kind=groups] .ds-check', { hasText: 'Service desk' });
  await setCheckbox(frame, await group.locator('input').getAttribute('id'), true);
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
  const macroAgain = edit.locator('fieldset[data-kind=macros] .ds-check', { hasText: 'Ask for the order number' });
  await h.visible(macroAgain, 'the macro choice', frame);
  await setCheckbox(frame, await macroAgain.locator('input').getAttribute('id'), false);
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

test('on a plan without custom roles the picker still offers the other components', { timeout: 120_000 }, async () => {
  const h = harness();
  await h.setAccount('globex', { plan: 'professional' });
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await h.visible(form.locator('fieldset[data-kind=groups] input'), 'the groups', frame);
  assert.equal(await form.locator('fieldset[data-kind=custom_roles] input').count(), 0, 'no roles to pick');
  assert.ok((await form.locator('fieldset[data-kind=custom_roles]').innerText()).includes('None in this account'));
});

test('a name another admin took meanwhile is refused with its message, nothing lost', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await h.visible(form.locator('fieldset[data-kind=groups] input'), 'the group choices', frame);
  await frame.fill('#configuration-name', 'Night shift');
  const group = form.locator('fieldset[data-kind=groups] .ds-check', { hasText: 'Service desk' });
  await setCheckbox(frame, await group.locator('input').getAttribute('id'), true);
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

test('a double click on Save saves once and reports nothing taken', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await openTab(h, 'Configurations', { account: 'globex' });
  await h.visible(frame.locator('[data-testid=new-configuration]'), 'New configuration', frame);
  await frame.locator('[data-testid=new-configuration]').click();
  const form = frame.locator('[data-state=configuration-form]');
  await h.visible(form.locator('fieldset[data-kind=macros] input'), 'the macro choices', frame);
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
