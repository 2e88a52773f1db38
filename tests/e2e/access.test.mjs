// Who may see what: the console's role restrictions, a plain agent, a page opened outside
// Zendesk, an account on a plan without custom roles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, tab, roleRows, TIMEOUT } from './harness.mjs';

const harness = useHarness();

/// Waits until the app has rendered past `loading` (some data-state other than loading).
async function settled(frame) {
  await harness().visible(frame.locator("[data-state]:not([data-state=loading])"), "a data-state other than loading", frame);
}

test('agents outside the console\'s roles do not get it; a role manager gets the Roles tab only', { timeout: 90_000 }, async () => {
  const h = harness();
  // The demo limits the console to admins and Team lead (the role that manages roles).
  for (const user of ['restricted', 'shared']) {
    const page = await h.newPage();
    await page.goto(sim(`/?location=nav_bar&user=${user}`), { waitUntil: 'load', timeout: TIMEOUT });
    assert.equal(await page.locator('iframe#app').count(), 0, `${user}: no console frame`);
    assert.match(await page.locator('#sim-no-app').innerText(), /not available/);
  }
  const { frame } = await h.openHost({ location: 'nav_bar', user: 'agent' });
  await h.visible(frame.locator('[data-testid=agent-notice]'), 'the agent notice', frame);
  await h.visible(roleRows(frame), 'the roles', frame);
  assert.equal(await frame.getByRole('button', { name: 'New role' }).count(), 1, 'Team lead manages roles');
  for (const name of ['Account', 'Configurations']) {
    assert.equal(await frame.getByRole('tab', { name }).count(), 0, `no ${name} tab for an agent`);
  }
});

test('a plain agent sees the agent notice and no admin tabs', { timeout: 90_000 }, async () => {
  const h = harness();
  // An account that did not restrict the console: every agent gets it, read-only.
  await h.setApp('acme', 'console', { role_restrictions: null });
  const { frame } = await h.openHost({ location: 'nav_bar', account: 'acme', user: 'restricted' });
  const notice = frame.locator('[data-testid=agent-notice]');
  await h.visible(notice, 'the agent notice', frame);
  const text = await notice.first().innerText();
  assert.match(text, /admins only/i, `the notice says what is for admins: ${JSON.stringify(text)}`);
  // The Roles tab says plainly that this agent can look but not change.
  const note = frame.locator('[data-testid=roles-readonly-note]');
  await h.visible(note, 'the read-only note', frame);
  assert.match(await note.innerText(), /view the custom roles/i);
  for (const name of ['New role', 'Import']) {
    assert.equal(await frame.getByRole('button', { name }).count(), 0, `no "${name}" for a plain agent`);
  }
  await settled(frame);
  // Admin-only tabs (Account, Configurations) arrive with their features; the notice already
  // names what they hold.
});

test('the app page opened outside Zendesk says so', { timeout: 90_000 }, async () => {
  const h = harness();
  const page = await h.newPage();
  // No origin / app_guid: ZAFClient.init() returns false.
  await page.goto(sim('/app/console/assets/iframe.html'), { waitUntil: 'load', timeout: TIMEOUT });
  const frame = page.mainFrame();
  const state = frame.locator('[data-state=outside-zendesk]');
  await h.visible(state, 'data-state=outside-zendesk', frame);
  const text = await state.first().innerText();
  assert.match(text, /zendesk/i, `the message mentions Zendesk: ${JSON.stringify(text)}`);
  assert.equal(await frame.locator('[data-state=loading]').count(), 0, 'nothing is left loading');
});

test('a blocked ZAF SDK gets its own message, not "open inside Zendesk"', { timeout: 90_000 }, async () => {
  const h = harness();
  await h.context.route('**/sim/zaf_sdk.js', (route) => route.abort());
  try {
    const { frame } = await h.openHost({ location: 'nav_bar', user: 'admin' });
    const state = frame.locator('[data-state=sdk-missing]');
    await h.visible(state, 'data-state=sdk-missing', frame);
    assert.match(await state.first().innerText(), /zdassets/);
    assert.equal(await frame.locator('[data-state=outside-zendesk]').count(), 0);
  } finally {
    await h.context.unroute('**/sim/zaf_sdk.js');
  }
});

test('an account on the Professional plan sees the plan notice instead of roles', { timeout: 90_000 }, async () => {
  const h = harness();
  const { frame } = await h.openHost({ location: 'nav_bar', account: 'acme', user: 'admin', plan: 'professional' });
  await settled(frame);
  const plan = frame.locator('[data-state=plan]');
  // The plan notice may sit behind the Roles tab rather than on the first screen.
  if ((await plan.count()) === 0) {
    const roles = tab(frame, 'Roles').first();
    if (await roles.isVisible()) await roles.click();
  }
  await h.visible(plan, 'data-state=plan', frame);
  assert.equal(await roleRows(frame).count(), 0, 'no roles table rows on a plan without custom roles');
});
