// Drift and restore (issue 11): a component changed here since the last deploy is shown and
// written only when the admin ticks "Overwrite"; a backup file restores what a deploy updated,
// and a malformed or foreign file is refused with nothing written. Every write is checked in the
// simulator's own state (GET /sim/accounts/<account>/config) and its request log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, setCheckbox } from './harness.mjs';

const harness = useHarness();

const GLOBEX = 'https://globex.zendesk.com';
const TIER2 = 'Tier 2 escalation';

async function config(account) {
  const res = await fetch(sim(`/sim/accounts/${account}/config`));
  assert.equal(res.status, 200, `GET /sim/accounts/${account}/config`);
  return res.json();
}

const norm = (s) => String(s ?? '').trim().toLowerCase();
const nameField = {
  groups: 'name', ticket_fields: 'title', trigger_categories: 'name', triggers: 'title', views: 'title', macros: 'title', custom_roles: 'name',
  automations: 'title', user_fields: 'title', organization_fields: 'title',
};

function find(cfg, kind, name) {
  return (cfg[kind] ?? []).filter((i) => norm(i[nameField[kind]]) === norm(name));
}

function one(cfg, kind, name) {
  const found = find(cfg, kind, name);
  assert.equal(found.length, 1, `one ${kind} "${name}" (found ${found.length})`);
  return found[0];
}

/// An item without what Zendesk sets itself on every write.
function comparable(item) {
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v)
        .filter(([k]) => !['updated_at', 'created_at', 'url'].includes(k))
        .map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return strip(item);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// A write through the simulator's proxy as that account's admin, as another admin would make
/// it in Zendesk's own screens.
async function write(h, account, method, url, body) {
  const answer = await h.proxy({ account, user: 'admin' }, {
    url, type: method, contentType: 'application/json', data: JSON.stringify(body), httpCompleteResponse: true,
  });
  assert.equal(answer.args[0].status, 200, `${method} ${url}: ${JSON.stringify(answer).slice(0, 300)}`);
}

async function openConfigurations(h) {
  const opened = await h.openHost({ location: 'nav_bar', user: 'admin' });
  const tab = opened.frame.getByRole('tab', { name: 'Configurations' });
  await h.visible(tab, 'the Configurations tab', opened.frame);
  await tab.click();
  await h.visible(opened.frame.locator('[data-testid=deploy-history]'), 'the deploy history', opened.frame);
  await h.settled(opened.frame);
  return opened;
}

async function openDeploy(h, configuration) {
  const opened = await openConfigurations(h);
  const source = opened.frame.locator(`article[data-source="${GLOBEX}"]`);
  await h.visible(source.locator('[data-state=ready]'), "globex's configurations", opened.frame);
  await source.getByRole('button', { name: `Review the deploy of ${configuration}` }).click();
  await h.visible(opened.frame.locator('[data-testid=deploy-plan]'), 'the plan', opened.frame);
  return opened;
}

async function rows(frame, attribute) {
  return frame.locator('[data-testid=deploy-plan] tbody tr').evaluateAll((trs, a) =>
    Object.fromEntries(trs.map((r) => [r.getAttribute('data-step'), r.getAttribute(a)])), attribute);
}

async function results(frame) {
  return frame.locator('[data-testid=deploy-report] tbody tr').evaluateAll((trs) =>
    Object.fromEntries(trs.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-result')])));
}

async function deploy(h, frame) {
  const button = frame.locator('[data-testid=deploy-button]');
  assert.equal(await button.getAttribute('aria-disabled'), 'false');
  await button.click();
  await h.visible(frame.locator('[data-testid=deploy-report]'), 'the report', frame, 120_000);
}

async function reviewAgain(h, frame) {
  await frame.locator('[data-testid=review-again]').click();
  await h.visible(frame.locator('[data-testid=deploy-plan]'), 'the plan again', frame);
}

async function overwrite(frame, step, on) {
  const id = await frame.locator(`tr[data-step="${step}"] [data-testid=overwrite]`).getAttribute('id');
  await setCheckbox(frame, id, on);
}

async function log(h) {
  const settings = (await h.apps('acme')).find((a) => a.app === 'console').settings;
  return JSON.parse(settings.deploy_log);
}

test('drift: a component changed here since the last deploy is shown, kept unless ticked, and overwritten when ticked', { timeout: 300_000 }, async () => {
  const h = harness();
  const { frame } = await openDeploy(h, TIER2);
  await deploy(h, frame);
  // The history keeps when each written item was as the deploy left it (Zendesk's clock).
  const first = (await log(h))[0];
  const groupItem = first.items.find((i) => i.type === 'groups');
  assert.equal(groupItem.updated_at, one(await config('acme'), 'groups', 'Tier 2').updated_at);

  // Timestamps are whole seconds: the changes below come a second after the deploy's writes.
  await sleep(1100);
  const acme = await config('acme');
  const group = one(acme, 'groups', 'Tier 2');
  const macro = one(acme, 'macros', 'Escalate: outage');
  await write(h, 'acme', 'PUT', `/api/v2/groups/${group.id}.json`, { group: { description: 'Changed by hand in acme' } });
  await write(h, 'acme', 'PUT', `/api/v2/macros/${macro.id}.json`, { macro: { description: 'Tweaked by hand in acme' } });
  // And the source moves on: an update that has not drifted.
  const globexRole = one(await config('globex'), 'custom_roles', 'Tier 2 agent');
  await write(h, 'globex', 'PUT', `/api/v2/custom_roles/${globexRole.id}.json`, { custom_role: { description: 'Escalations, revised' } });

  await reviewAgain(h, frame);
  const planned = await rows(frame, 'data-action');
  assert.equal(planned['groups:Tier 2'], 'update');
  assert.equal(planned['macros:Escalate: outage'], 'update');
  assert.equal(planned['custom_roles:Tier 2 agent'], 'update');
  const drift = await rows(frame, 'data-drift');
  assert.deepEqual(Object.entries(drift).filter(([, d]) => d !== null).sort(), [
    ['groups:Tier 2', 'kept'], ['macros:Escalate: outage', 'kept'],
  ], JSON.stringify(drift));
  const note = await frame.locator('tr[data-step="groups:Tier 2"] [data-testid=drift]').innerText();
  assert.match(note, /Changed here on .+, since the last deploy \(.+\)\./, note);
  assert.ok(note.includes('Overwrite the change made here'), note);
  const totals = await frame.locator('[data-testid=deploy-totals]').innerText();
  assert.ok(totals.includes('2 changed here since the last deploy'), totals);
  assert.ok(totals.includes('1 to update'), `only the role is written unless ticked: ${totals}`);
  await h.visible(frame.locator('[data-state=drift]'), 'the drift notice', frame);
  const button = frame.locator('[data-testid=deploy-button]');
  assert.equal((await button.innerText()).trim(), 'Deploy 1 changes');

  // The macro's change is overwritten, the group's kept.
  await overwrite(frame, 'macros:Escalate: outage', true);
  assert.equal((await button.innerText()).trim(), 'Deploy 2 changes');
  assert.deepEqual(Object.entries(await rows(frame, 'data-drift')).filter(([, d]) => d !== null).sort(), [
    ['groups:Tier 2', 'kept'], ['macros:Escalate: outage', 'overwrite'],
  ]);
  const seqBefore = (await h.requests()).length;
  await deploy(h, frame);
  const reported = await results(frame);
  assert.equal(reported['groups:Tier 2'], 'kept');
  assert.equal(reported['macros:Escalate: outage'], 'updated');
  assert.equal(reported['custom_roles:Tier 2 agent'], 'updated');
  const keptText = await frame.locator('[data-testid=deploy-report] tr[data-step="groups:Tier 2"]').innerText();
  assert.ok(keptText.includes('that change was kept'), keptText);
  // Respected: nothing was sent to the kept group; the macro and the role were written.
  const writes = (await h.requests()).slice(seqBefore)
    .filter((r) => r.account === 'acme' && r.method !== 'GET' && !r.url.includes('/apps/installations'));
  assert.deepEqual(writes.map((w) => `${w.method} ${w.url.replace(/\?.*$/, '')}`).sort(), [
    `PUT /api/v2/custom_roles/${one(acme, 'custom_roles', 'Tier 2 agent').id}.json`,
    `PUT /api/v2/macros/${macro.id}.json`,
  ]);
  let after = await config('acme');
  assert.equal(one(after, 'groups', 'Tier 2').description, 'Changed by hand in acme', 'the kept change stays');
  assert.equal(one(after, 'macros', 'Escalate: outage').description ?? null,
    one(await config('globex'), 'macros', 'Escalate: outage').description ?? null, 'the macro as in the source');
  assert.equal(one(after, 'custom_roles', 'Tier 2 agent').description, 'Escalations, revised');
  const second = (await log(h))[0];
  assert.equal(second.counts.kept, 1, JSON.stringify(second.counts));
  assert.equal(second.items.find((i) => i.type === 'groups').result, 'kept');

  // The next plan still shows the group as changed here (since the first deploy, the last that
  // wrote it); the macro, written since, has not drifted. Ticking overwrites it.
  await reviewAgain(h, frame);
  assert.deepEqual(Object.entries(await rows(frame, 'data-drift')).filter(([, d]) => d !== null), [['groups:Tier 2', 'kept']]);
  assert.equal(await frame.locator('[data-testid=deploy-button]').getAttribute('aria-disabled'), 'true',
    'nothing but the kept change: nothing to deploy');
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing to do', frame);
  await overwrite(frame, 'groups:Tier 2', true);
  await deploy(h, frame);
  assert.equal((await results(frame))['groups:Tier 2'], 'updated');
  after = await config('acme');
  assert.equal(one(after, 'groups', 'Tier 2').description, one(await config('globex'), 'groups', 'Tier 2').description);
  // A plan after that has nothing changed here and nothing to do.
  await reviewAgain(h, frame);
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing to do', frame);
  assert.equal(await frame.locator('[data-testid=drift]').count(), 0);
  assert.deepEqual(h.errors, []);
});

test('restore: the backup downloaded before a deploy puts back what the deploy updated', { timeout: 300_000 }, async () => {
  const h = harness();
  const before = await config('acme');
  const backedUp = one(before, 'ticket_fields', 'Escalation reason');
  const { frame } = await openDeploy(h, TIER2);
  const link = frame.locator('[data-testid=download-backup]');
  const file = await link.getAttribute('download');
  const text = decodeURIComponent((await link.getAttribute('href')).split(',').slice(1).join(','));
  const backup = JSON.parse(text);
  assert.deepEqual(backup.items.map((i) => `${i.type}:${i.name}`), ['ticket_fields:Escalation reason']);
  await deploy(h, frame);
  assert.notDeepEqual(comparable(one(await config('acme'), 'ticket_fields', 'Escalation reason')), comparable(backedUp), 'deployed');

  // Deploy history > Restore from a backup > the file.
  await frame.getByRole('button', { name: '← Configurations' }).click();
  const history = frame.locator('[data-testid=deploy-history]');
  await h.visible(history.locator('li[data-kind=deploy]'), 'the history', frame);
  await history.locator('[data-testid=restore-open]').click();
  await frame.locator('#restore-file').setInputFiles({ name: file, mimeType: 'application/json', buffer: Buffer.from(text) });
  const panel = frame.locator('[data-testid=deploy-panel][data-origin=backup]');
  await h.visible(panel.locator('[data-testid=deploy-plan]'), 'the restore plan', frame);
  const title = await panel.locator('#ds-deploy-title').innerText();
  assert.ok(title.includes(TIER2) && title.includes(file), title);
  assert.deepEqual(await rows(frame, 'data-action'), { 'ticket_fields:Escalation reason': 'update' });
  // The option the deploy added goes again: said before anything is written.
  await h.visible(panel.locator('[data-state=irreversible]'), 'the removed option', frame);
  assert.equal((await panel.locator('[data-testid=deploy-button]').innerText()).trim(), 'Restore 1 changes');
  const seqBefore = (await h.requests()).length;
  await deploy(h, frame);
  assert.deepEqual(await results(frame), { 'ticket_fields:Escalation reason': 'updated' });

  // The field is as backed up, in the simulator's state; only it was written.
  const restored = one(await config('acme'), 'ticket_fields', 'Escalation reason');
  assert.deepEqual(comparable(restored), comparable(backedUp));
  const writes = (await h.requests()).slice(seqBefore)
    .filter((r) => r.method !== 'GET' && !r.url.includes('/apps/installations'));
  assert.deepEqual(writes.map((w) => `${w.account} ${w.method} ${w.url}`), [`acme PUT /api/v2/ticket_fields/${backedUp.id}.json`]);
  // The history names the backup; the restore can be undone like a deploy.
  const entry = (await log(h))[0];
  assert.equal(entry.kind, 'restore');
  assert.equal(entry.source, file);
  assert.equal(entry.configuration, TIER2);
  assert.deepEqual(entry.counts, { updated: 1 });
  await reviewAgain(h, frame);
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing left to restore', frame);
  await frame.getByRole('button', { name: '← Deploy history' }).click();
  await h.visible(history.locator('li[data-kind=restore]'), 'the restore in the history', frame);
  const shown = await history.locator('li[data-kind=restore] summary').innerText();
  assert.ok(shown.includes(`Restored “${TIER2}” from the backup ${file}`), shown);
  await h.visible(history.locator('[data-testid=undo-last]'), 'undo of the restore', frame);
  assert.deepEqual(h.errors, []);
});

test('restore: a malformed file, a foreign backup and another file are refused saying why, and nothing is written', { timeout: 180_000 }, async () => {
  const h = harness();
  const before = await config('acme');
  const { frame } = await openConfigurations(h);
  const history = frame.locator('[data-testid=deploy-history]');
  await history.locator('[data-testid=restore-open]').click();
  await h.visible(history.locator('[data-testid=restore][data-state=restore-picking]'), 'the file picker', frame);
  const seqBefore = (await h.requests()).length;
  const refused = history.locator('[data-state=restore-refused]');

  await frame.locator('#restore-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"deskset_backup": {"account": "acme"') });
  await h.visible(refused, 'the refusal', frame);
  let said = await refused.innerText();
  assert.ok(said.includes('“broken.json” cannot be restored') && said.includes('it is not JSON'), said);

  // A backup of globex, dropped on the drop zone.
  const foreign = JSON.stringify({
    deskset_backup: { account: 'globex', at: '2026-12-01T09:00:00Z', source: 'https://initech.zendesk.com', configuration: 'X' },
    items: [{ type: 'groups', name: 'Tier 2', item: { id: 361001100006, name: 'Tier 2' } }],
  });
  const transfer = await frame.evaluateHandle((json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], 'globex-backup.json', { type: 'application/json' }));
    return dt;
  }, foreign);
  await history.locator('[data-testid=restore-drop]').dispatchEvent('drop', { dataTransfer: transfer });
  await h.visible(history.locator('[data-state=restore-refused]', { hasText: 'globex-backup.json' }), 'the foreign refusal', frame);
  said = await refused.innerText();
  assert.ok(said.includes('a backup of the account “globex”, not of this one'), said);

  // A role exported from the Roles tab is JSON, but not a backup.
  await frame.locator('#restore-file').setInputFiles({ name: 'role.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'Tier 1 agent', configuration: {} })) });
  await h.visible(history.locator('[data-state=restore-refused]', { hasText: 'role.json' }), 'the refusal of a role', frame);
  said = await refused.innerText();
  assert.ok(said.includes('It is not a deskset backup'), said);

  // Nothing was read for a plan, and nothing written; the account is as it was.
  const requests = (await h.requests()).slice(seqBefore);
  assert.deepEqual(requests.filter((r) => r.method !== 'GET'), [], 'no write');
  assert.deepEqual(requests.map((r) => r.url).filter((u) => !u.includes('/apps/installations')), [], 'no plan read');
  assert.deepEqual(comparable(await config('acme')), comparable(before));
  assert.equal(await frame.locator('[data-testid=deploy-plan]').count(), 0, 'no plan');
  // Cancel closes the picker.
  await history.locator('[data-testid=restore-cancel]').click();
  await h.visible(history.locator('[data-testid=restore-open]'), 'the restore button again', frame);
});
