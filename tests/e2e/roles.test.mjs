// The Roles tab in the nav_bar console: listing, rate limits (429 + Retry-After), errors and retry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, roleRows, openRolesTab, urlPath, TIMEOUT } from './harness.mjs';

const ROLES_PATH = '/api/v2/custom_roles';
const isRolesList = (url) => /^\/api\/v2\/custom_roles(\.json)?$/.test(urlPath(url));

const harness = useHarness();

/// The rows' text, and a check that every role of the simulator has exactly one row.
async function assertRowsMatch(frame, roles) {
  const rows = await roleRows(frame).allInnerTexts();
  assert.equal(rows.length, roles.length, `one row per role; rows: ${JSON.stringify(rows)}`);
  for (const role of roles) {
    const matching = rows.filter((text) => text.includes(role.name));
    assert.equal(matching.length, 1, `exactly one row shows role ${JSON.stringify(role.name)}; rows: ${JSON.stringify(rows)}`);
  }
}

test('an admin sees the simulator\'s custom roles in the Roles tab', { timeout: 90_000 }, async () => {
  const h = harness();
  // The simulator's own answer, asked before the app runs.
  const roles = await h.simRoles('acme', 'admin');
  assert.ok(roles.length > 0, 'the demo account has custom roles');
  const before = (await h.requests()).length;

  const { page, frame } = await h.openHost({ location: 'nav_bar', account: 'acme', user: 'admin' });
  await openRolesTab(h, frame);
  await h.visible(roleRows(frame), 'the roles table rows', frame);
  await h.visible(frame.locator('[data-state=ready]'), 'data-state=ready', frame);
  await assertRowsMatch(frame, roles);

  // The app fetched them through the ZAF proxy as the admin of acme.
  const fetched = (await h.requests())
    .slice(before)
    .filter((r) => r.method === 'GET' && isRolesList(r.url) && r.status === 200);
  assert.ok(fetched.length >= 1, 'the request log shows the app\'s GET of the custom roles');
  for (const r of fetched) {
    assert.equal(r.account, 'acme');
    assert.equal(r.user, 'admin');
  }

  // An admin gets no agent notice, and the app spoke ZAF to the host.
  assert.equal(await frame.locator('[data-testid=agent-notice]').count(), 0, 'no agent notice for an admin');
  const messages = await h.simMessages(page);
  assert.ok(Array.isArray(messages) && messages.length > 0, 'the host recorded the app\'s messages');
});

test('a 429 with Retry-After: 1 is retried after a second and the roles show', { timeout: 90_000 }, async () => {
  const h = harness();
  const roles = await h.simRoles('acme', 'admin');
  await h.reset();
  await h.inject({ path: ROLES_PATH, status: 429, headers: { 'Retry-After': '1' }, body: { error: 'TooManyRequests' }, times: 1 });

  const { frame, proxyCalls } = await h.openHost({ user: 'admin' });
  await openRolesTab(h, frame);
  await h.visible(roleRows(frame), 'the roles table rows after a 429', frame);
  await assertRowsMatch(frame, roles);

  const log = (await h.requests()).filter((r) => r.method === 'GET' && isRolesList(r.url));
  const first429 = log.findIndex((r) => r.status === 429);
  assert.ok(first429 >= 0, `the request log shows the 429: ${JSON.stringify(log)}`);
  assert.ok(
    log.slice(first429 + 1).some((r) => r.status === 200),
    `the request log shows a successful retry after the 429: ${JSON.stringify(log)}`,
  );

  // Retry-After was honoured: the retry went out at least ~1 s after the 429'd request.
  const calls = proxyCalls.filter(
    (c) => c.options && (c.options.type ?? 'GET').toUpperCase() === 'GET' && isRolesList(c.options.url),
  );
  assert.ok(calls.length >= 2, `the app asked the host for the roles at least twice: ${calls.length}`);
  const limited = Math.max(0, calls.findIndex((c) => c.body?.args?.[0]?.status === 429));
  assert.ok(limited + 1 < calls.length, 'a request followed the 429');
  const gap = calls[limited + 1].at - calls[limited].at;
  assert.ok(gap >= 900, `the retry waited for Retry-After (1 s); it came after ${gap} ms`);
});

test('a 500 shows an error with "Try again", which then shows the roles', { timeout: 90_000 }, async () => {
  const h = harness();
  const roles = await h.simRoles('acme', 'admin');
  await h.reset();
  // Enough failures to outlast any automatic retries the app makes on its own.
  await h.inject({ path: ROLES_PATH, status: 500, body: { error: 'InternalError' }, times: 50 });

  const { frame } = await h.openHost({ user: 'admin' });
  await openRolesTab(h, frame);
  await h.visible(frame.locator('[data-state=error]'), 'data-state=error', frame);
  const retry = frame.getByRole('button', { name: 'Try again' });
  await h.visible(retry, 'the "Try again" button', frame);
  assert.equal(await roleRows(frame).count(), 0, 'no role rows while the error shows');

  // The fault is gone (reset clears faults); Try again must fetch again and show the roles.
  await h.reset();
  await retry.first().click();
  await h.visible(roleRows(frame), 'the roles table rows after Try again', frame, TIMEOUT);
  await assertRowsMatch(frame, roles);
  assert.equal(await frame.locator('[data-state=error]').count(), 0, 'the error state is gone');
  const again = (await h.requests()).filter((r) => r.method === 'GET' && isRolesList(r.url) && r.status === 200);
  assert.ok(again.length >= 1, 'Try again fetched the roles again');
});

test('an account without custom roles gets the empty state, not an empty table', { timeout: 90_000 }, async () => {
  const h = harness();
  await h.reset('empty');
  assert.equal((await h.simRoles('acme')).length, 0, 'the empty scenario has no roles');
  const { frame } = await h.openHost({ location: 'nav_bar', account: 'acme', user: 'admin' });
  const empty = frame.locator('[data-state=empty]');
  await h.visible(empty, 'data-state=empty', frame);
  assert.match(await empty.first().innerText(), /No custom roles/);
  assert.equal(await frame.locator('table[data-testid=roles-table]').count(), 0, 'no table');
});
