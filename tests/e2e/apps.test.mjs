// Two apps with their own audiences (issue 9): the console in nav_bar for admins and role
// managers, the tile in the other locations for every agent, each with its own installation,
// settings and whitelist. An agent in the tile cannot use a share's token, even from devtools.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, TIMEOUT } from './harness.mjs';

// `unshared`: the demo without acme's share with globex: the share test adds acme's share with globex itself.
const harness = useHarness({ scenario: 'unshared' });

const GLOBEX_TOKEN = 'globexDemoToken00000000000000000000000001';
const GRETA = 'greta.globex@globex.example';

/// A ZAF request sent from inside an app's frame, as a person could from devtools.
async function requestFromFrame(frame, options) {
  return frame.evaluate(async (options) => {
    // One client per frame: each init() adds a client that answers (and re-sends) too.
    window.__devtoolsClient ??= window.ZAFClient.init();
    const client = window.__devtoolsClient;
    try {
      const res = await client.request({ ...options, httpCompleteResponse: true });
      return { done: true, status: res.status };
    } catch (e) {
      return { done: false, status: e?.status ?? null, text: String(e?.responseText ?? e) };
    }
  }, options);
}

test("each location opens its app, with that installation's settings only", { timeout: 120_000 }, async () => {
  const h = harness();
  const consoleApp = await h.openHost({ location: 'nav_bar', user: 'admin' });
  assert.equal(await consoleApp.page.locator('iframe#app').getAttribute('data-app'), 'console');
  await h.visible(consoleApp.frame.locator('#deskset-root[data-location=nav_bar]'), 'the console', consoleApp.frame);
  const consoleSettings = await consoleApp.frame.evaluate(async () => (await (window.__devtoolsClient ??= window.ZAFClient.init()).metadata()).settings);
  assert.equal(consoleSettings.name, 'deskset');
  assert.ok(!('autotask_username' in consoleSettings), 'the console holds no Autotask settings');

  const tileApp = await h.openHost({ location: 'ticket_sidebar', user: 'shared' });
  assert.equal(await tileApp.page.locator('iframe#app').getAttribute('data-app'), 'tile');
  await h.visible(tileApp.frame.locator('[data-testid=autotask-tile]'), 'the tile', tileApp.frame);
  const tileSettings = await tileApp.frame.evaluate(async () => (await (window.__devtoolsClient ??= window.ZAFClient.init()).metadata()).settings);
  assert.equal(tileSettings.name, 'deskset tile');
  assert.ok(!('shares' in tileSettings) && !('registration' in tileSettings), 'the tile holds no console data');
  const apps = await h.apps('acme');
  const tile = apps.find((a) => a.app === 'tile');
  assert.ok(Object.keys(tile.secure).every((k) => k.startsWith('autotask_')), JSON.stringify(tile.secure));
});

test("an agent in the tile cannot use a share's token, and cannot load the console", { timeout: 180_000 }, async () => {
  const h = harness();
  // An admin adds the share: acme's console now holds a token for globex.
  const admin = await h.openHost({ location: 'nav_bar', user: 'admin' });
  await admin.frame.getByRole('tab', { name: 'Account' }).click();
  await h.visible(admin.frame.locator('#share-url'), 'the share form', admin.frame);
  await admin.frame.fill('#share-url', 'globex');
  await admin.frame.fill('#share-username', GRETA);
  await admin.frame.fill('#share-token', GLOBEX_TOKEN);
  await admin.frame.press('#share-token', 'Enter');
  await h.visible(admin.frame.locator('[data-state=share-added]'), 'the share added', admin.frame);

  // Sam, a plain agent: the console is not his (its role restrictions leave him out).
  const page = await h.newPage();
  await page.goto(sim('/?location=nav_bar&user=shared'), { waitUntil: 'load', timeout: TIMEOUT });
  assert.equal(await page.locator('iframe#app').count(), 0, 'no console frame for Sam');

  const tokenBefore = (await (await fetch(sim('/sim/accounts/globex/oauth'))).json()).tokens[0];
  assert.equal(tokenBefore.used_at, null, 'not used yet');

  // In the tile, from devtools: the slot's placeholder to globex, with every method.
  const { frame } = await h.openHost({ location: 'top_bar', user: 'shared' });
  await h.visible(frame.locator('[data-testid=autotask-tile]'), 'the tile', frame);
  const seqBefore = (await h.requests()).length;
  for (const type of ['GET', 'PUT', 'DELETE']) {
    const answer = await requestFromFrame(frame, {
      url: 'https://globex.zendesk.com/api/v2/apps/installations.json',
      type,
      secure: true,
      headers: { Authorization: 'Bearer {{setting.share_auth_1}}' },
    });
    assert.equal(answer.done, false, `${type} refused`);
    assert.equal(answer.status, 403, `${type}: ${JSON.stringify(answer)}`);
  }
  // (The tile's own Autotask load runs beside these.)
  const tried = (await h.requests()).slice(seqBefore).filter((r) => r.url.includes('zendesk.com'));
  assert.equal(tried.length, 3, JSON.stringify(tried));
  for (const r of tried) {
    assert.equal(r.app, 'tile');
    assert.match(r.refused ?? '', /domainWhitelist/, 'zendesk.com is not in the tile\'s whitelist');
  }
  // Nor is there a slot to fill toward its own whitelisted host: the tile installation has no
  // share settings at all.
  const tile = (await h.apps('acme')).find((a) => a.app === 'tile');
  assert.equal(tile.secure.share_auth_1, undefined, 'no share slot in the tile installation');
  // globex never saw its token used.
  const tokenAfter = (await (await fetch(sim('/sim/accounts/globex/oauth'))).json()).tokens[0];
  assert.equal(tokenAfter.used_at, null, 'the token was never used');
});
