// The Account tab (issues 5, 9): registration, shares between two simulated accounts (the typed
// API token exchanged for a read-only OAuth token; every refusal leaves the data as it was),
// removing a share (its token revoked), the API token nowhere after, support access.
//
// Data (docs/contracts.md): acme (target) and globex (source, registered by Greta), initech
// (no deskset). Tokens are the account's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, TIMEOUT } from './harness.mjs';

// `unshared`: the demo without acme's share with globex: these tests add (and remove) acme's share with globex themselves.
const harness = useHarness({ scenario: 'unshared' });

const GLOBEX_TOKEN = 'globexDemoToken00000000000000000000000001';
const INITECH_TOKEN = 'initechDemoToken0000000000000000000000001';
const GRETA = 'greta.globex@globex.example';
const GIL = 'gil.agent@globex.example';
const IRENE = 'irene.initech@initech.example';
const INSTALLATION = { acme: 360000870001, globex: 361000870001 };

async function control(path, body) {
  const res = await fetch(sim(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(res.ok, `${path} -> ${res.status}: ${await res.text()}`);
}

/// deskset's readable settings in an account, as its admin's API answers them.
async function settingsOf(h, account = 'acme', user = 'admin') {
  const answer = await h.proxy(
    { account, user },
    { url: `/api/v2/apps/installations/${INSTALLATION[account]}.json`, type: 'GET', httpCompleteResponse: true },
  );
  assert.ok(answer.done, JSON.stringify(answer).slice(0, 300));
  const res = answer.args[0];
  return (res.responseJSON ?? JSON.parse(res.responseText)).settings;
}

async function putSettings(h, account, settings) {
  const answer = await h.proxy(
    { account, user: 'admin' },
    {
      url: `/api/v2/apps/installations/${INSTALLATION[account]}.json`,
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({ settings }),
      httpCompleteResponse: true,
    },
  );
  assert.ok(answer.done, JSON.stringify(answer).slice(0, 300));
}

async function openAccount(h, switches = {}) {
  const opened = await h.openHost({ location: 'nav_bar', user: 'admin', ...switches });
  const tab = opened.frame.getByRole('tab', { name: 'Account' });
  await h.visible(tab, 'the Account tab', opened.frame);
  await tab.click();
  await h.visible(opened.frame.locator('[data-testid=add-share], [data-testid=registration]'), 'the Account tab content', opened.frame);
  return opened;
}

async function addShare(frame, url, username, token) {
  await frame.fill('#share-url', url);
  await frame.fill('#share-username', username);
  await frame.fill('#share-token', token);
  await frame.press('#share-token', 'Enter');
}

/// The message shown for a refused share (next to a field or for the form).
async function refusal(h, frame) {
  const message = frame.locator('[data-field] .ds-error, [data-state=share-refused]');
  await h.visible(message, 'a refusal message', frame);
  return (await message.first().innerText()).trim();
}

test('the whole flow: the source registers, the target adds a share, the token is gone for good', { timeout: 120_000 }, async () => {
  const h = harness();
  await putSettings(h, 'globex', { registration: '' });
  // The source's admin registers it.
  const source = await openAccount(h, { account: 'globex' });
  await h.visible(source.frame.locator('[data-testid=registration][data-state=not-registered]'), 'not registered', source.frame);
  await source.frame.locator('[data-testid=register]').click();
  await h.visible(source.frame.locator('[data-testid=registration][data-state=registered]'), 'registered', source.frame);
  assert.ok((await source.frame.locator('[data-testid=registration]').innerText()).includes(GRETA));
  const registration = JSON.parse((await settingsOf(h, 'globex')).registration);
  assert.equal(registration.admin_email, GRETA);

  // The target's admin adds the share.
  const target = await openAccount(h);
  await addShare(target.frame, 'https://globex.zendesk.com/agent/tickets/2001', GRETA, GLOBEX_TOKEN);
  await h.visible(target.frame.locator('[data-state=share-added]'), 'the share added', target.frame);
  const row = target.frame.locator('[data-testid=shares-table] tbody tr');
  await h.visible(row, 'the share row', target.frame);
  assert.equal(await row.getAttribute('data-source'), 'https://globex.zendesk.com');
  assert.ok((await row.innerText()).includes(GRETA));
  for (const id of ['#share-url', '#share-username', '#share-token']) {
    assert.equal(await target.frame.inputValue(id), '', `${id} cleared`);
  }
  const shares = JSON.parse((await settingsOf(h)).shares);
  assert.equal(shares.length, 1);
  assert.equal(shares[0].slot, 1);
  assert.equal(shares[0].source_url, 'https://globex.zendesk.com');
  assert.ok(!JSON.stringify(await settingsOf(h)).includes('share_auth'), 'the credentials are secure: never read back');

  // The slot holds a read-only OAuth token of globex's, the one the entry names; the source's
  // state shows it, made for Greta by this target's client.
  const console = (await h.apps('acme')).find((a) => a.app === 'console');
  const slot = console.secure.share_auth_1;
  assert.equal(slot.kind, 'oauth_token', JSON.stringify(slot));
  assert.equal(slot.account, 'globex');
  assert.deepEqual(slot.scopes, ['read']);
  assert.equal(slot.revoked, false);
  assert.equal(shares[0].token_id, slot.token_id, 'the entry names its token');
  const oauth = await (await fetch(sim('/sim/accounts/globex/oauth'))).json();
  assert.equal(oauth.clients.length, 1);
  assert.equal(oauth.clients[0].identifier, 'deskset_share_acme');
  assert.equal(oauth.tokens.find((t) => t.id === slot.token_id)?.user_id, 382000000001);
  // The typed API token is in none of the simulator's stored settings, secure ones included.
  const stored = JSON.stringify(await h.apps('acme'));
  assert.ok(!stored.includes(GLOBEX_TOKEN), 'not stored');
  assert.ok(!stored.includes('api_token'), 'no secure setting holds an API token');

  // With the slot, the source can be read but not written.
  const bearer = { Authorization: 'Bearer {{setting.share_auth_1}}' };
  const read = await h.proxy({ account: 'acme', user: 'admin' }, {
    url: 'https://globex.zendesk.com/api/v2/apps/installations.json', headers: bearer, secure: true, httpCompleteResponse: true,
  });
  assert.equal(read.args[0].status, 200, 'a read works');
  const write = await h.proxy({ account: 'acme', user: 'admin' }, {
    url: `https://globex.zendesk.com/api/v2/apps/installations/${INSTALLATION.globex}.json`, type: 'PUT',
    contentType: 'application/json', data: JSON.stringify({ settings: { registration: '' } }),
    headers: bearer, secure: true, httpCompleteResponse: true,
  });
  assert.equal(write.args[0].status, 403, 'a write is refused by the source');
  assert.ok(JSON.parse((await settingsOf(h, 'globex')).registration).admin_email, 'nothing changed there');

  // After the share is added, the token is nowhere: DOM, storage, console, later messages.
  const messagesAtAdd = (await h.simMessages(target.page)).length;
  await target.frame.getByRole('tab', { name: 'Roles' }).click();
  await target.frame.getByRole('tab', { name: 'Account' }).click();
  await h.visible(target.frame.locator('[data-testid=shares-table]'), 'the shares again', target.frame);
  assert.ok(!(await target.frame.content()).includes(GLOBEX_TOKEN), 'not in the DOM');
  const storage = await target.frame.evaluate(() => {
    const all = {};
    try { for (let i = 0; i < localStorage.length; i++) all[localStorage.key(i)] = localStorage.getItem(localStorage.key(i)); } catch {}
    try { for (let i = 0; i < sessionStorage.length; i++) all[sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i)); } catch {}
    return JSON.stringify(all);
  });
  assert.ok(!storage.includes(GLOBEX_TOKEN), 'not in storage');
  const later = JSON.stringify((await h.simMessages(target.page)).slice(messagesAtAdd));
  assert.ok(!later.includes(GLOBEX_TOKEN) && !later.includes(btoa(`${GRETA}/token:${GLOBEX_TOKEN}`)), 'not in later messages');
  assert.ok(!h.console.join('\n').includes(GLOBEX_TOKEN), 'not in the console (any level)');

  // And the source's configurations are listed in the target.
  await target.frame.getByRole('tab', { name: 'Configurations' }).click();
  const listed = target.frame.locator('article[data-source="https://globex.zendesk.com"] li.ds-config');
  await h.visible(listed, "the source's configurations", target.frame);
  assert.equal(await listed.count(), 6);

  // Remove revokes the token in the source first, then clears the slot.
  await target.frame.getByRole('tab', { name: 'Account' }).click();
  await target.frame.getByRole('button', { name: 'Remove the share with https://globex.zendesk.com' }).click();
  await target.frame.locator('[data-testid=confirm-remove]').click();
  await h.visible(target.frame.locator('[data-state=no-shares]'), 'no shares left', target.frame);
  const after = await (await fetch(sim('/sim/accounts/globex/oauth'))).json();
  assert.equal(after.tokens.find((t) => t.id === slot.token_id)?.revoked, true, 'revoked in the source');
  const cleared = (await h.apps('acme')).find((a) => a.app === 'console');
  assert.equal(cleared.secure.share_auth_1.kind, 'empty');
  const deletes = (await h.requests()).filter((r) => r.method === 'DELETE');
  assert.equal(deletes.length, 1);
  assert.equal(deletes[0].url, 'https://globex.zendesk.com/api/v2/oauth/tokens/current.json');
  assert.equal(await target.frame.locator('[data-state=share-not-revoked]').count(), 0);
});

test('each failure of the exchange has its own message and stores nothing', { timeout: 180_000 }, async () => {
  const h = harness();
  const target = await openAccount(h);
  const before = JSON.stringify(await settingsOf(h));
  const attempt = async (fault, words) => {
    await h.inject({ account: 'globex', method: 'POST', path: '/api/v2/oauth/tokens.json', ...fault });
    await addShare(target.frame, 'globex', GRETA, GLOBEX_TOKEN);
    await target.frame.waitForFunction(
      () => !document.querySelector('[data-testid=add-share-submit]')?.textContent.includes('Checking'),
      null,
      { timeout: TIMEOUT },
    );
    const message = await refusal(h, target.frame);
    assert.ok(message.includes(words), `"${message}" says "${words}"`);
    // Nothing typed is lost.
    assert.equal(await target.frame.inputValue('#share-username'), GRETA);
    assert.equal(await target.frame.inputValue('#share-token'), GLOBEX_TOKEN);
  };
  await attempt({ status: 403, body: { error: 'Forbidden', description: 'OAuth is not allowed' } }, 'refused to create a read-only access token');
  await attempt({ status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details: { scopes: [{ description: 'Scopes: is invalid' }] } } }, 'refused the request for a read-only access token');
  assert.ok((await target.frame.locator('[data-state=share-refused]').innerText()).includes('Scopes: is invalid'), "Zendesk's words too");
  await attempt({ status: 401, body: { error: "Couldn't authenticate you" } }, 'did not let this API token create');
  assert.equal(JSON.stringify(await settingsOf(h)), before, 'settings exactly as before');
  assert.equal((await h.requests()).filter((r) => r.method === 'PUT').length, 0, 'no settings written');
  const stored = (await h.apps('acme')).find((a) => a.app === 'console');
  assert.deepEqual(stored.secure, {}, 'no slot written');
});

test('a share whose source refuses the revoke is still removed, and the tab says its token was not revoked', { timeout: 120_000 }, async () => {
  const h = harness();
  const target = await openAccount(h);
  await addShare(target.frame, 'globex', GRETA, GLOBEX_TOKEN);
  await h.visible(target.frame.locator('[data-state=share-added]'), 'the share added', target.frame);
  // The source refuses to revoke (as Zendesk's docs say a read-scoped token's DELETE may be).
  await h.inject({ account: 'globex', method: 'DELETE', path: '/api/v2/oauth/tokens/current.json', status: 403, body: { error: 'Forbidden' } });
  await target.frame.getByRole('button', { name: 'Remove the share with https://globex.zendesk.com' }).click();
  await target.frame.locator('[data-testid=confirm-remove]').click();
  const notice = target.frame.locator('[data-state=share-not-revoked]');
  await h.visible(notice, 'the not-revoked notice', target.frame);
  assert.match(await notice.innerText(), /could not be revoked/);
  await h.visible(target.frame.locator('[data-state=no-shares]'), 'removed here all the same', target.frame);
  const oauth = await (await fetch(sim('/sim/accounts/globex/oauth'))).json();
  assert.equal(oauth.tokens.filter((t) => !t.revoked).length, 1, 'the token is still valid there');
});

test('each refusal shows its message and leaves the shares and settings as they were', { timeout: 240_000 }, async () => {
  const h = harness();
  // One share already there, for "already shared".
  const target = await openAccount(h);
  await addShare(target.frame, 'globex', GRETA, GLOBEX_TOKEN);
  await h.visible(target.frame.locator('[data-state=share-added]'), 'the first share', target.frame);
  const before = JSON.stringify(await settingsOf(h));
  const puts = async () => (await h.requests()).filter((r) => r.method === 'PUT').length;
  const putsBefore = await puts();

  const cases = [
    ['', GRETA, GLOBEX_TOKEN, "Enter the source account's URL."],
    ['http://globex.zendesk.com', GRETA, GLOBEX_TOKEN, 'must start with https://'],
    ['https://globex.example.com', GRETA, GLOBEX_TOKEN, 'not a Zendesk account URL'],
    ['acme.zendesk.com', GRETA, GLOBEX_TOKEN, 'this account itself'],
    ['globex', GRETA, GLOBEX_TOKEN, 'already has a share with that source'],
    ['initech', IRENE, 'wrong-token', 'refused this user name and API token'],
    ['initech', IRENE, INITECH_TOKEN, 'deskset is not installed'],
    ['initech', 'ivo.agent@initech.example', INITECH_TOKEN, 'not an admin of the source'],
    ['nosuchaccount', 'a@b.example', 'x', 'no Zendesk account at this URL'],
    ['globex', GRETA, '', 'Enter the API token.'],
  ];
  for (const [url, user, token, words] of cases) {
    await addShare(target.frame, url, user, token);
    await target.frame.waitForFunction(
      () => !document.querySelector('[data-testid=add-share-submit]')?.textContent.includes('Checking'),
      null,
      { timeout: TIMEOUT },
    );
    const message = await refusal(h, target.frame);
    assert.ok(message.includes(words), `${url} / ${user}: "${message}" says "${words}"`);
    // A field's message is announced with the field.
    const fieldError = target.frame.locator('[data-field] .ds-error');
    assert.equal(await fieldError.count(), 1, 'each of these belongs to a field');
    const field = await fieldError.getAttribute('id');
    {
      const input = field.replace(/-error$/, '');
      const describedBy = await target.frame.locator(`#${input}`).getAttribute('aria-describedby');
      assert.ok(describedBy.split(' ').includes(field), `#${input} is described by ${field}`);
    }
    // Nothing typed is lost.
    assert.equal(await target.frame.inputValue('#share-url'), url);
    assert.equal(await target.frame.inputValue('#share-username'), user);
  }
  assert.equal(await puts(), putsBefore, 'no settings written');
  assert.equal(JSON.stringify(await settingsOf(h)), before, 'settings exactly as before');
});

test('source-side refusals: token access off, not registered, not the registering admin', { timeout: 180_000 }, async () => {
  const h = harness();
  const target = await openAccount(h);
  const before = JSON.stringify(await settingsOf(h));
  const attempt = async (user, words) => {
    await addShare(target.frame, 'globex.zendesk.com', user, GLOBEX_TOKEN);
    await target.frame.waitForFunction(
      () => !document.querySelector('[data-testid=add-share-submit]')?.textContent.includes('Checking'),
      null,
      { timeout: TIMEOUT },
    );
    const message = await refusal(h, target.frame);
    assert.ok(message.includes(words), `"${message}" says "${words}"`);
  };
  await control('/sim/accounts/globex', { token_access: false });
  await attempt(GRETA, 'token access is turned on');
  await control('/sim/accounts/globex', { token_access: true });
  await putSettings(h, 'globex', { registration: '' });
  await attempt(GRETA, 'nobody registered it');
  await h.reset();
  await control('/sim/accounts/globex/users/agent', { role: 'admin' });
  await attempt(GIL, 'not the admin who registered');
  assert.equal(JSON.stringify(await settingsOf(h)), before, 'settings exactly as before');
  assert.equal(await target.frame.locator('[data-testid=shares-table]').count(), 0, 'no share listed');
});

test('a share added while another admin changed the shares keeps theirs and takes the next slot', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await openAccount(h);
  await h.visible(frame.locator('[data-state=no-shares]'), 'no shares yet', frame);
  // Meanwhile, another admin's share (this page still shows none).
  const theirs = [{ slot: 1, source_url: 'https://other.zendesk.com', username: 'x@other.example', created_at: '2026-11-01T10:00:00Z', created_by: 'someone@acme.example' }];
  await putSettings(h, 'acme', { shares: JSON.stringify(theirs) });
  await addShare(frame, 'globex', GRETA, GLOBEX_TOKEN);
  await h.visible(frame.locator('[data-state=share-added]'), 'the share added', frame);
  const shares = JSON.parse((await settingsOf(h)).shares);
  assert.deepEqual(shares.map((s) => [s.slot, s.source_url]), [[1, 'https://other.zendesk.com'], [2, 'https://globex.zendesk.com']]);
  await h.visible(frame.locator('tr[data-source="https://other.zendesk.com"]'), 'their share listed too', frame);
});

test('ten shares is the most; removing one asks first, then clears its slot and entry', { timeout: 120_000 }, async () => {
  const h = harness();
  const ten = Array.from({ length: 10 }, (_, i) => ({
    slot: i + 1,
    source_url: `https://source${i + 1}.zendesk.com`,
    username: `admin@source${i + 1}.example`,
    created_at: '2026-11-01T10:00:00Z',
    created_by: 'ada.admin@acme.example',
    note: 'kept',
  }));
  await putSettings(h, 'acme', { shares: JSON.stringify(ten) });
  const { frame, proxyCalls } = await openAccount(h);
  await h.visible(frame.locator('[data-state=shares-full]'), 'the limit notice', frame);
  await addShare(frame, 'globex', GRETA, GLOBEX_TOKEN);
  assert.ok((await refusal(h, frame)).includes('10 shares'));

  const row = frame.locator('[data-testid=shares-table] tbody tr[data-source="https://source3.zendesk.com"]');
  await row.getByRole('button', { name: 'Remove the share with https://source3.zendesk.com' }).click();
  await row.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(JSON.parse((await settingsOf(h)).shares).length, 10, 'Cancel removes nothing');
  await row.getByRole('button', { name: 'Remove the share with https://source3.zendesk.com' }).click();
  await frame.waitForFunction(() => document.activeElement?.dataset?.testid === 'confirm-remove', null, { timeout: TIMEOUT });
  // From the keyboard: the confirmation has the focus.
  await frame.press('[data-testid=confirm-remove]', 'Enter');
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=shares-table] tbody tr').length === 9, null, { timeout: TIMEOUT });
  const shares = JSON.parse((await settingsOf(h)).shares);
  assert.deepEqual(shares.map((s) => s.slot), [1, 2, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(shares.every((s) => s.note === 'kept'), 'unknown fields survive');
  const put = proxyCalls.find((c) => c.options?.type === 'PUT');
  assert.equal(JSON.parse(put.options.data).settings.share_auth_3, '', 'the slot is cleared');
});

test('registration that no longer holds says why', { timeout: 120_000 }, async () => {
  const h = harness();
  // Gil becomes an admin to look; Greta, who registered globex, is no longer one.
  await control('/sim/accounts/globex/users/agent', { role: 'admin' });
  await control('/sim/accounts/globex/users/admin', { role: 'agent' });
  let { frame } = await openAccount(h, { account: 'globex', user: 'agent', locale: 'en-US' });
  let reg = frame.locator('[data-testid=registration][data-state=registration-invalid]');
  await h.visible(reg, 'the invalid registration', frame);
  assert.ok((await reg.innerText()).includes('no longer an admin'));
  await control('/sim/accounts/globex/users/admin', { active: false });
  ({ frame } = await openAccount(h, { account: 'globex', user: 'agent', locale: 'en-US' }));
  reg = frame.locator('[data-testid=registration][data-state=registration-invalid]');
  await h.visible(reg, 'the invalid registration', frame);
  assert.ok((await reg.innerText()).includes('no longer in this account'));
  // Register again: Gil is now the registering admin.
  await frame.locator('[data-testid=register]').click();
  await h.visible(frame.locator('[data-testid=registration][data-state=registered]'), 'registered again', frame);
  assert.equal(JSON.parse((await settingsOf(h, 'globex', 'agent')).registration).admin_email, GIL);
});

test('agents see no admin tabs, and the simulator refuses the admin endpoints to them', { timeout: 90_000 }, async () => {
  const h = harness();
  // Alan (Team lead) may open the console: it shows him the Roles tab only.
  const { frame } = await h.openHost({ location: 'nav_bar', user: 'agent' });
  await h.visible(frame.getByRole('tab', { name: 'Roles' }), 'the Roles tab', frame);
  assert.equal(await frame.getByRole('tab', { name: 'Account' }).count(), 0);
  for (const [url, type] of [
    [`/api/v2/apps/installations/${INSTALLATION.acme}.json`, 'GET'],
    ['/api/v2/apps/installations.json', 'GET'],
    ['/api/v2/security_settings', 'GET'],
    ['/api/v2/security_settings', 'PUT'],
  ]) {
    const answer = await h.proxy({ account: 'acme', user: 'restricted' }, { url, type, httpCompleteResponse: true, contentType: 'application/json', data: '{}' });
    assert.equal(answer.args[0].status, 403, `${type} ${url}`);
  }
});

test('support access: off by default, granted for a week, changed, turned off, expiring, trial', { timeout: 120_000 }, async () => {
  const h = harness();
  let { frame } = await openAccount(h);
  const access = () => frame.locator('[data-testid=support-access]');
  await h.visible(frame.locator('[data-testid=support-access][data-state=off]'), 'off by default', frame);
  await frame.selectOption('#access-duration', 'week');
  const preview = await frame.locator('[data-testid=access-preview]').innerText();
  const day = /on (.+?) at /.exec(preview)?.[1];
  assert.ok(day, `the preview names the end: ${preview}`);
  await frame.locator('[data-testid=access-grant]').click();
  await h.visible(frame.locator('[data-testid=support-access][data-state=until]'), 'on until', frame);
  const text = await access().innerText();
  assert.ok(/in 7 days|next week/.test(text), text);
  assert.ok(text.includes(day), `Zendesk's end (${text}) is the one previewed (${day})`);

  await frame.selectOption('#access-duration', 'always');
  await frame.locator('[data-testid=access-grant]').click();
  await h.visible(frame.locator('[data-testid=support-access][data-state=indefinitely]'), 'indefinitely', frame);
  assert.equal(await frame.inputValue('#access-duration'), 'always', 'the select shows the grant in force');
  await frame.locator('[data-testid=access-off]').click();
  await h.visible(frame.locator('[data-testid=support-access][data-state=off]'), 'off again', frame);

  // A grant that ran out reads as off.
  await control('/sim/accounts/acme', { assumption_duration: 'day' });
  await control('/sim/accounts/acme', { assumption_expiration: '2020-01-01T00:00:00Z' });
  ({ frame } = await openAccount(h));
  await h.visible(frame.locator('[data-testid=support-access][data-state=off]'), 'expired is off', frame);

  // A trial account: always on, no control.
  await control('/sim/accounts/acme', { trial: true });
  ({ frame } = await openAccount(h));
  await h.visible(frame.locator('[data-testid=support-access][data-state=trial]'), 'trial', frame);
  assert.equal(await frame.locator('#access-duration').count(), 0, 'the control is hidden');
});

test('a refused write says so and links to Admin Center', { timeout: 90_000 }, async () => {
  const h = harness();
  await h.inject({ method: 'PUT', path: '/api/v2/security_settings', status: 403, body: { error: 'Forbidden', description: 'You do not have access' } });
  const { frame } = await openAccount(h);
  await h.visible(frame.locator('[data-testid=support-access][data-state=off]'), 'off', frame);
  await frame.locator('[data-testid=access-grant]').click();
  const refused = frame.locator('[data-state=access-refused]');
  await h.visible(refused, 'the refusal', frame);
  assert.equal(
    await refused.getByRole('link').getAttribute('href'),
    'https://acme.zendesk.com/admin/account/security/advanced',
  );
  await h.visible(frame.locator('[data-testid=support-access][data-state=off]'), 'still off', frame);
});
