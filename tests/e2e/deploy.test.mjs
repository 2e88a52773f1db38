// Deploying a shared configuration (issue 10): plan, deploy, report, history, undo, checked in the
// simulator's own state (GET /sim/accounts/<account>/config), not only on the screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim, setCheckbox, TIMEOUT } from './harness.mjs';

const harness = useHarness();

const GLOBEX = 'https://globex.zendesk.com';
const TIER2 = 'Tier 2 escalation';
const TIER2_COMPONENTS = [
  ['groups', 'Tier 2'],
  ['ticket_fields', 'Escalation reason'],
  ['trigger_categories', 'Escalation'],
  ['triggers', 'Escalate to Tier 2'],
  ['views', 'Tier 2 queue'],
  ['macros', 'Escalate: outage'],
  ['custom_roles', 'Tier 2 agent'],
];
/// Read-only permissions: Zendesk keeps its own value whatever is sent.
const READ_ONLY = ['chat_access', 'group_access', 'light_agent', 'moderate_forums', 'organization_notes_editing'];

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

/// An account's items with every id they hold replaced by the name of what it points to, so that
/// two accounts compare equal when the references point to the same-named items.
function byNames(cfg) {
  const names = (kind) => new Map((cfg[kind] ?? []).map((i) => [String(i.id), i[nameField[kind]]]));
  const groups = names('groups');
  const fields = names('ticket_fields');
  const categories = names('trigger_categories');
  const group = (id) => (groups.has(String(id)) ? `group:${groups.get(String(id))}` : id);
  const text = (s) => (typeof s === 'string'
    ? s.replace(/\{\{ticket\.ticket_field_(option_title_)?(\d+)\}\}/g, (_, o, id) => `{{field:${o ?? ''}${fields.get(id) ?? id}}}`)
    : s);
  const entry = (e) => {
    let field = e.field;
    const m = /^custom_fields_(\d+)$/.exec(field ?? '');
    if (m) field = `field:${fields.get(m[1]) ?? m[1]}`;
    let value = e.value;
    if (e.field === 'group_id') value = group(value);
    if (Array.isArray(value)) {
      value = value.map((v, i) => (i === 0 && e.field === 'notification_group' ? group(v) : text(v)));
    } else {
      value = text(value);
    }
    return { field, operator: e.operator ?? null, value };
  };
  const restriction = (r) => (r ? { type: r.type, ids: (r.ids ?? [r.id]).map(group) } : null);
  const column = (c) => {
    const id = typeof c === 'object' && c !== null ? c.id : c;
    return fields.has(String(id)) ? `field:${fields.get(String(id))}` : id;
  };
  return {
    groups: (i) => ({ name: i.name, description: i.description, is_public: i.is_public }),
    ticket_fields: (i) => ({
      type: i.type, title: i.raw_title ?? i.title, active: i.active,
      options: (i.custom_field_options ?? []).map((o) => ({ name: o.raw_name ?? o.name, value: o.value })),
    }),
    trigger_categories: (i) => ({ name: i.name }),
    triggers: (i) => ({
      title: i.title, active: i.active, category: categories.get(String(i.category_id)) ?? i.category_id,
      all: (i.conditions?.all ?? []).map(entry), any: (i.conditions?.any ?? []).map(entry), actions: (i.actions ?? []).map(entry),
    }),
    views: (i) => ({
      title: i.title, active: i.active, restriction: restriction(i.restriction),
      all: (i.conditions?.all ?? []).map(entry), any: (i.conditions?.any ?? []).map(entry),
      columns: (i.execution?.columns ?? []).map(column),
    }),
    macros: (i) => ({ title: i.title, active: i.active, restriction: restriction(i.restriction), actions: (i.actions ?? []).map(entry) }),
    custom_roles: (i, source) => ({
      name: i.name,
      configuration: Object.fromEntries(Object.keys(source.configuration ?? {}).filter((k) => !READ_ONLY.includes(k)).map((k) => [k, i.configuration?.[k]])),
    }),
  };
}

/// Each component in the target equals the source's, references pointing to the same names.
function assertDeployed(source, target, components) {
  const s = byNames(source);
  const t = byNames(target);
  for (const [kind, name] of components) {
    const [from] = find(source, kind, name);
    const found = find(target, kind, name);
    assert.equal(found.length, 1, `${kind} ${name}: one in the target (found ${found.length})`);
    assert.deepEqual(t[kind](found[0], from), s[kind](from, from), `${kind} ${name} as in the source`);
    assert.notEqual(String(found[0].id), String(from.id), `${kind} ${name} has the target's own id`);
  }
}

/// The state of an account a deploy and its undo touch, without what Zendesk sets itself.
function comparable(cfg) {
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v)
        .filter(([k]) => !['updated_at', 'created_at', 'url'].includes(k))
        .map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  const out = {};
  for (const kind of Object.keys(nameField)) {
    // Zendesk keeps a deleted group, marked deleted: gone from every list the app reads.
    out[kind] = strip(cfg[kind] ?? []).filter((i) => i.deleted !== true).map((i) => {
      if (kind === 'ticket_fields' && Array.isArray(i.custom_field_options)) {
        // A restored option is a new option of the same name and tag (its id is new).
        return { ...i, custom_field_options: i.custom_field_options.map(({ id, ...o }) => o) };
      }
      return i;
    });
  }
  return out;
}

async function openDeploy(h, configuration, switches = {}) {
  const opened = await h.openHost({ location: 'nav_bar', user: 'admin', ...switches });
  const tab = opened.frame.getByRole('tab', { name: 'Configurations' });
  await h.visible(tab, 'the Configurations tab', opened.frame);
  await tab.click();
  const source = opened.frame.locator(`article[data-source="${GLOBEX}"]`);
  await h.visible(source.locator('[data-state=ready]'), "globex's configurations", opened.frame);
  await h.settled(opened.frame);
  await source.getByRole('button', { name: `Review the deploy of ${configuration}` }).click();
  await h.visible(opened.frame.locator('[data-testid=deploy-plan]'), 'the plan', opened.frame);
  return opened;
}

async function actions(frame) {
  return frame.locator('[data-testid=deploy-plan] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-action')])));
}

async function results(frame) {
  return frame.locator('[data-testid=deploy-report] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-result')])));
}

async function deploy(h, frame) {
  const button = frame.locator('[data-testid=deploy-button]');
  assert.equal(await button.getAttribute('aria-disabled'), 'false');
  await button.click();
  await h.visible(frame.locator('[data-testid=deploy-report]'), 'the report', frame, 120_000);
}

async function consoleSettings(h, account = 'acme') {
  return (await h.apps(account)).find((a) => a.app === 'console').settings;
}

test('a deploy writes what the plan says, in the target only, and a second plan has nothing to do', { timeout: 240_000 }, async () => {
  const h = harness();
  const before = await config('acme');
  const source = await config('globex');
  const { frame } = await openDeploy(h, TIER2);
  const planned = await actions(frame);
  for (const [kind, name] of TIER2_COMPONENTS) {
    assert.ok(planned[`${kind}:${name}`], `${kind} ${name} in the plan: ${JSON.stringify(planned)}`);
  }
  assert.equal(planned['groups:Tier 2'], 'create');
  assert.equal(planned['custom_roles:Tier 2 agent'], 'create');
  assert.equal(planned['ticket_fields:Escalation reason'], 'update', 'acme has a field of that title');
  // The field's difference in words: its options by name and tag.
  const fieldRow = frame.locator('[data-testid=deploy-plan] tr[data-step="ticket_fields:Escalation reason"]');
  const difference = await fieldRow.innerText();
  assert.ok(difference.includes('Options') && difference.includes('(esc_security)'), difference);
  // The trigger's references are named, not numbered: what it will use in this account.
  const triggerRow = await frame.locator('[data-testid=deploy-plan] tr[data-step="triggers:Escalate to Tier 2"]').innerText();
  assert.ok(triggerRow.includes('Created in this account'), triggerRow);
  const totals = await frame.locator('[data-testid=deploy-totals]').innerText();
  assert.ok(totals.includes('to create') && totals.includes('to update'), totals);
  // Nothing was written while planning.
  assert.deepEqual(comparable(await config('acme')), comparable(before), 'planning writes nothing');

  const seqBefore = (await h.requests()).length;
  await deploy(h, frame);
  const reported = await results(frame);
  for (const [kind, name] of TIER2_COMPONENTS) {
    assert.ok(['created', 'updated'].includes(reported[`${kind}:${name}`]), `${kind} ${name}: ${reported[`${kind}:${name}`]}`);
  }
  const after = await config('acme');
  assertDeployed(source, after, TIER2_COMPONENTS);

  // Only reads went to the source; one write per change to the target (plus its settings).
  const requests = (await h.requests()).slice(seqBefore);
  // Over the whole test (the log starts empty): the plan's reads, the deploy's none.
  const toSource = (await h.requests()).filter((r) => r.url.startsWith(GLOBEX));
  assert.ok(toSource.some((r) => r.url.includes('/api/v2/triggers')), 'the plan read the source');
  assert.ok(toSource.every((r) => r.method === 'GET'), `writes to the source: ${JSON.stringify(toSource.filter((r) => r.method !== 'GET'))}`);
  const writes = requests.filter((r) => r.account === 'acme' && r.method !== 'GET' && !r.url.includes('/apps/installations'));
  assert.equal(writes.length, TIER2_COMPONENTS.length, JSON.stringify(writes.map((w) => `${w.method} ${w.url}`)));

  // The history keeps it.
  const log = JSON.parse((await consoleSettings(h)).deploy_log);
  assert.equal(log[0].configuration, TIER2);
  assert.equal(log[0].source, GLOBEX);
  assert.deepEqual(log[0].counts, { created: 6, updated: 1 });

  // Review again: everything unchanged, nothing to deploy.
  await frame.locator('[data-testid=review-again]').click();
  await h.visible(frame.locator('[data-testid=deploy-plan]'), 'the second plan', frame);
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing to do', frame);
  const second = await actions(frame);
  assert.ok(Object.values(second).every((a) => a === 'unchanged'), JSON.stringify(second));
  assert.equal(await frame.locator('[data-testid=deploy-button]').getAttribute('aria-disabled'), 'true');
  assert.deepEqual(h.errors, []);
});

test("the share's stored credential and every other secret stay out of the page through a deploy", { timeout: 180_000 }, async () => {
  const h = harness();
  const { page, frame } = await openDeploy(h, TIER2);
  await deploy(h, frame);
  await frame.getByRole('button', { name: '← Configurations' }).click();
  await h.visible(frame.locator('[data-testid=deploy-history] li[data-kind=deploy]'), 'the history', frame);
  const seen = await h.exposed(page, frame);
  assert.ok(seen.includes('Bearer {{setting.share_auth_1}}'), 'the source was read through the placeholder');
  assert.deepEqual(await h.secretsIn(seen), [], 'no secret in DOM, storage, console or messages');
  // The scan does find a secret when one is there.
  assert.deepEqual(await h.secretsIn(`x ${'globexDemoToken00000000000000000000000001'} y`), ['globex: API token 0']);
});

test('a blocked component and what depends on it are skipped while the rest deploys', { timeout: 180_000 }, async () => {
  const h = harness();
  const { frame } = await openDeploy(h, 'Key accounts routing');
  const planned = await actions(frame);
  const blocked = Object.entries(planned).filter(([, a]) => a === 'blocked').map(([k]) => k);
  assert.deepEqual(blocked, ['triggers:Route key accounts to Key accounts']);
  const row = frame.locator('tr[data-step="triggers:Route key accounts to Key accounts"]');
  const why = await row.innerText();
  assert.ok(why.includes('Key accounts') && why.includes('neither in the configuration nor in this account'), why);
  await deploy(h, frame);
  const reported = await results(frame);
  assert.equal(reported['triggers:Route key accounts to Key accounts'], 'blocked');
  const created = Object.entries(reported).filter(([, r]) => r === 'created');
  assert.deepEqual(created.map(([k]) => k), ['macros:Ask for the order number'], JSON.stringify(reported));
  const after = await config('acme');
  assert.equal(find(after, 'triggers', 'Route key accounts to Key accounts').length, 0, 'the blocked trigger was not written');
  for (const [step] of created) {
    const [kind, ...name] = step.split(':');
    assert.equal(find(after, kind, name.join(':')).length, 1, `${step} written`);
  }
});

test('a component blocked in the plan blocks what uses it, and the rest deploys', { timeout: 180_000 }, async () => {
  const h = harness();
  const before = await config('acme');
  // acme lists an "Escalation reason" of another type (a text field): a type cannot change.
  await h.inject({
    account: 'acme', method: 'GET', path: '/api/v2/ticket_fields', status: 200, times: 1,
    body: {
      ticket_fields: [
        ...before.ticket_fields.filter((f) => norm(f.raw_title ?? f.title) !== 'escalation reason'),
        { id: 360009990001, type: 'text', title: 'Escalation reason', raw_title: 'Escalation reason', active: true, removable: true },
      ],
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { next: null, prev: null },
    },
  });
  const { frame } = await openDeploy(h, TIER2);
  const planned = await actions(frame);
  const dependents = ['triggers:Escalate to Tier 2', 'views:Tier 2 queue', 'macros:Escalate: outage'];
  for (const step of ['ticket_fields:Escalation reason', ...dependents]) {
    assert.equal(planned[step], 'blocked', `${step}: ${planned[step]}`);
  }
  const why = await frame.locator('tr[data-step="triggers:Escalate to Tier 2"]').innerText();
  assert.ok(why.includes('Escalation reason') && why.includes('cannot be deployed'), why);
  const field = await frame.locator('tr[data-step="ticket_fields:Escalation reason"]').innerText();
  assert.ok(field.includes('type cannot change'), field);
  await deploy(h, frame);
  const reported = await results(frame);
  for (const step of ['ticket_fields:Escalation reason', ...dependents]) assert.equal(reported[step], 'blocked', step);
  for (const step of ['groups:Tier 2', 'trigger_categories:Escalation', 'custom_roles:Tier 2 agent']) {
    assert.equal(reported[step], 'created', step);
  }
  const after = await config('acme');
  for (const [kind, name] of dependents.map((d) => d.split(':'))) {
    assert.equal(find(after, kind, name).length, 0, `${kind} ${name} not written`);
  }
  assert.deepEqual(find(after, 'ticket_fields', 'Escalation reason'), find(before, 'ticket_fields', 'Escalation reason'), 'the field untouched');
  assert.equal(find(after, 'groups', 'Tier 2').length, 1);
});

test('a refused write skips its dependents, the rest goes on, and the report and history say so', { timeout: 180_000 }, async () => {
  const h = harness();
  const { frame } = await openDeploy(h, TIER2);
  await h.inject({
    method: 'POST', path: '/api/v2/groups', status: 422,
    body: { error: 'RecordInvalid', description: 'Record validation errors', details: { name: [{ description: 'Name: is too similar to another group', error: 'InvalidValue' }] } },
  });
  await deploy(h, frame);
  const reported = await results(frame);
  assert.equal(reported['groups:Tier 2'], 'failed');
  for (const step of ['triggers:Escalate to Tier 2', 'views:Tier 2 queue', 'macros:Escalate: outage']) {
    assert.equal(reported[step], 'skipped', step);
    const text = await frame.locator(`[data-testid=deploy-report] tr[data-step="${step}"]`).innerText();
    assert.ok(text.includes('Tier 2') && text.includes('not deployed'), text);
  }
  assert.equal(reported['trigger_categories:Escalation'], 'created');
  assert.equal(reported['custom_roles:Tier 2 agent'], 'created');
  assert.equal(reported['ticket_fields:Escalation reason'], 'updated');
  const failed = await frame.locator('[data-testid=deploy-report] tr[data-step="groups:Tier 2"]').innerText();
  assert.ok(failed.includes('Name: is too similar to another group'), failed);
  const after = await config('acme');
  assert.equal(find(after, 'groups', 'Tier 2').length, 0);
  assert.equal(find(after, 'triggers', 'Escalate to Tier 2').length, 0);
  assert.equal(find(after, 'trigger_categories', 'Escalation').length, 1);
  const log = JSON.parse((await consoleSettings(h)).deploy_log);
  assert.deepEqual(log[0].counts, { created: 2, updated: 1, failed: 1, skipped: 3 });
  const item = log[0].items.find((i) => i.type === 'groups');
  assert.equal(item.result, 'failed');
  assert.ok(item.message.includes('too similar'), item.message);
});

test('a 429 with Retry-After is waited out and the deploy completes', { timeout: 180_000 }, async () => {
  const h = harness();
  const { frame } = await openDeploy(h, TIER2);
  await h.inject({ method: 'POST', path: '/api/v2/trigger_categories', status: 429, headers: { 'Retry-After': '1' }, body: { error: 'APIRateLimitExceeded' } });
  const seqBefore = (await h.requests()).length;
  await deploy(h, frame);
  const reported = await results(frame);
  assert.ok(Object.values(reported).every((r) => r === 'created' || r === 'updated'), JSON.stringify(reported));
  const posts = (await h.requests()).slice(seqBefore).filter((r) => r.method === 'POST' && r.url.includes('/trigger_categories'));
  assert.deepEqual(posts.map((p) => p.status), [429, 200], 'refused once, then written');
  assert.ok(posts[1].answered_ms - posts[0].answered_ms >= 1000, `waited ${posts[1].answered_ms - posts[0].answered_ms} ms, Retry-After said 1 s`);
  assert.equal(find(await config('acme'), 'trigger_categories', 'Escalation').length, 1);
});

test('undo puts the target back as it was before the deploy', { timeout: 240_000 }, async () => {
  const h = harness();
  const before = comparable(await config('acme'));
  const { frame } = await openDeploy(h, TIER2);
  await deploy(h, frame);
  assert.notDeepEqual(comparable(await config('acme')), before);
  await frame.getByRole('button', { name: '← Configurations' }).click();
  const history = frame.locator('[data-testid=deploy-history]');
  await h.visible(history.locator(`li[data-kind=deploy]`), 'the history entry', frame);
  await history.locator('[data-testid=undo-last]').click();
  await history.locator('[data-testid=confirm-undo]').click();
  await h.visible(history.locator('[data-testid=undo-report]'), 'the undo report', frame, 120_000);
  const undone = await history.locator('[data-testid=undo-report] li').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-result')])));
  assert.equal(undone['groups:Tier 2'], 'deleted');
  assert.equal(undone['custom_roles:Tier 2 agent'], 'deleted');
  assert.equal(undone['ticket_fields:Escalation reason'], 'restored');
  assert.deepEqual(comparable(await config('acme')), before, 'the target as before the deploy');
  const settings = await consoleSettings(h);
  const log = JSON.parse(settings.deploy_log);
  assert.equal(log[0].kind, 'undo');
  assert.equal(settings.deploy_undo, '', 'nothing left to undo');
  await h.visible(history.locator('li[data-kind=undo]'), 'the undo in the history', frame);
  assert.equal(await history.locator('[data-testid=undo-last]').count(), 0, 'undo is not offered twice');
});

test('without undo data the deploy waits for the backup and a confirmation', { timeout: 180_000 }, async () => {
  const h = harness();
  const before = comparable(await config('acme'));
  const { frame } = await openDeploy(h, TIER2);
  const installation = (await h.apps('acme')).find((a) => a.app === 'console').installation_id;
  await h.inject({ method: 'PUT', path: `/api/v2/apps/installations/${installation}.json`, status: 500, body: { error: 'InternalError' } });
  await frame.locator('[data-testid=deploy-button]').click();
  await h.visible(frame.locator('[data-state=no-undo]'), 'the undo could not be saved', frame);
  assert.deepEqual(comparable(await config('acme')), before, 'nothing written');
  const button = frame.locator('[data-testid=deploy-button]');
  assert.equal(await button.getAttribute('aria-disabled'), 'true');
  await setCheckbox(frame, 'deploy-confirm', true);
  assert.equal(await button.getAttribute('aria-disabled'), 'true', 'the backup first');
  const link = frame.locator('[data-testid=download-backup]');
  const backup = JSON.parse(decodeURIComponent((await link.getAttribute('href')).split(',').slice(1).join(',')));
  assert.deepEqual(backup.items.map((i) => `${i.type}:${i.name}`), ['ticket_fields:Escalation reason']);
  const field = find(await config('acme'), 'ticket_fields', 'Escalation reason')[0];
  assert.equal(backup.items[0].item.id, field.id);
  assert.deepEqual(backup.items[0].item.custom_field_options.map((o) => o.value), field.custom_field_options.map((o) => o.value));
  await link.click();
  assert.equal(await button.getAttribute('aria-disabled'), 'false');
  await deploy(h, frame);
  assertDeployed(await config('globex'), await config('acme'), TIER2_COMPONENTS);
  const settings = await consoleSettings(h);
  assert.equal(JSON.parse(settings.deploy_log)[0].configuration, TIER2);
  await frame.getByRole('button', { name: '← Configurations' }).click();
  await h.visible(frame.locator('[data-testid=deploy-history] li[data-kind=deploy]'), 'the history', frame);
  assert.equal(await frame.locator('[data-testid=undo-last]').count(), 0, 'no undo without undo data');
});

test("a deploy whose end was not saved shows as unfinished, and its undo data still undoes it", { timeout: 240_000 }, async () => {
  const h = harness();
  const before = comparable(await config('acme'));
  const { frame } = await openDeploy(h, TIER2);
  const installation = (await h.apps('acme')).find((a) => a.app === 'console').installation_id;
  // The role's write is told to wait 3 s (429 Retry-After): time to make the history's save fail
  // once the undo data is in.
  await h.inject({ account: 'acme', method: 'POST', path: '/api/v2/custom_roles', status: 429, headers: { 'Retry-After': '3' }, body: { error: 'APIRateLimitExceeded' } });
  await frame.locator('[data-testid=deploy-button]').click();
  await h.visible(frame.locator('[data-testid=deploy-progress]'), 'the progress', frame);
  const started = JSON.parse((await consoleSettings(h)).deploy_log)[0];
  assert.equal(started.status, 'started', 'the started entry is saved with the undo data, before the first write');
  assert.equal(started.configuration, TIER2);
  await h.inject({ method: 'PUT', path: `/api/v2/apps/installations/${installation}.json`, status: 500, body: { error: 'InternalError' } });
  await h.visible(frame.locator('[data-testid=deploy-report]'), 'the report', frame, 120_000);
  await h.visible(frame.locator('[data-state=history-unsaved]'), 'the history could not be saved', frame);
  assert.notDeepEqual(comparable(await config('acme')), before);
  await frame.getByRole('button', { name: '← Configurations' }).click();
  const history = frame.locator('[data-testid=deploy-history]');
  await h.visible(history.locator('li[data-kind=deploy] [data-state=unfinished]'), 'the unfinished deploy', frame);
  await history.locator('[data-testid=undo-last]').click();
  await history.locator('[data-testid=confirm-undo]').click();
  await h.visible(history.locator('[data-testid=undo-report]'), 'the undo report', frame, 120_000);
  assert.equal(await history.locator('[data-testid=undo-report] li[data-step="custom_roles:Tier 2 agent"]').getAttribute('data-result'), 'deleted',
    'found by name: the undo data of an unfinished deploy has no created ids');
  assert.deepEqual(comparable(await config('acme')), before, 'the target as before the deploy');
  assert.equal(JSON.parse((await consoleSettings(h)).deploy_log)[0].kind, 'undo');
});

test('automations, user and organization fields deploy by name and key, re-plan unchanged, and undo', { timeout: 240_000 }, async () => {
  const h = harness();
  const before = comparable(await config('acme'));
  const { frame } = await openDeploy(h, 'Customer care');
  const planned = await actions(frame);
  assert.deepEqual(planned, {
    'user_fields:VIP level': 'update',
    'organization_fields:Contract tier': 'create',
    'automations:Close solved after 4 days': 'create',
    'automations:Nudge waiting VIPs': 'create',
  });
  await deploy(h, frame);
  const reported = await results(frame);
  assert.equal(Object.keys(reported).length, 4, JSON.stringify(reported));
  assert.ok(Object.values(reported).every((r) => r === 'created' || r === 'updated'), JSON.stringify(reported));
  const after = await config('acme');
  const globex = await config('globex');
  // The user field keeps acme's id and key and gains the option; the organization field is new.
  const vip = after.user_fields.find((f) => f.key === 'vip_level');
  const vipBefore = before.user_fields.find((f) => f.key === 'vip_level');
  assert.equal(vip.id, vipBefore.id);
  // Its options kept their ids (sent with them, as the spec asks): users keep their VIP level.
  for (const o of vipBefore.custom_field_options) {
    assert.equal(vip.custom_field_options.find((x) => x.value === o.value)?.id, o.id, o.value);
  }
  assert.deepEqual(vip.custom_field_options.map((o) => o.value), globex.user_fields.find((f) => f.key === 'vip_level').custom_field_options.map((o) => o.value));
  const tier = after.organization_fields.find((f) => f.key === 'contract_tier');
  assert.ok(tier && tier.id !== globex.organization_fields.find((f) => f.key === 'contract_tier').id);
  // The automations as in globex, naming the user field by its key.
  for (const title of ['Close solved after 4 days', 'Nudge waiting VIPs']) {
    const [made] = find(after, 'automations', title);
    const [source] = find(globex, 'automations', title);
    assert.ok(made && made.id !== source.id, title);
    assert.deepEqual(made.conditions, source.conditions, title);
    assert.deepEqual(made.actions, source.actions, title);
  }
  // A second plan has nothing to do.
  await frame.locator('[data-testid=review-again]').click();
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing to do', frame);
  const again = await actions(frame);
  assert.equal(Object.keys(again).length, 4);
  assert.ok(Object.values(again).every((a) => a === 'unchanged'), JSON.stringify(again));
  // Undo: the account as before.
  await frame.getByRole('button', { name: '← Configurations' }).click();
  const history = frame.locator('[data-testid=deploy-history]');
  await h.visible(history.locator('li[data-kind=deploy]'), 'the history entry', frame);
  await history.locator('[data-testid=undo-last]').click();
  await history.locator('[data-testid=confirm-undo]').click();
  await h.visible(history.locator('[data-testid=undo-report]'), 'the undo report', frame, 120_000);
  assert.deepEqual(comparable(await config('acme')), before, 'the target as before the deploy');
  assert.deepEqual(h.errors, []);
});

test('agents never see Deploy, and the simulator refuses their writes', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await h.openHost({ location: 'nav_bar', user: 'agent' });
  await h.visible(frame.getByRole('tab', { name: 'Roles' }), 'the console', frame);
  assert.equal(await frame.getByRole('tab', { name: 'Configurations' }).count(), 0);
  assert.equal(await frame.locator('[data-testid=review-deploy]').count(), 0);
  for (const [url, body] of [
    ['/api/v2/groups', { group: { name: 'Agent group' } }],
    ['/api/v2/triggers', { trigger: { title: 'T', conditions: { all: [{ field: 'status', operator: 'is', value: 'new' }] }, actions: [{ field: 'status', value: 'open' }] } }],
    ['/api/v2/ticket_fields', { ticket_field: { type: 'text', title: 'F' } }],
  ]) {
    const answer = await h.proxy({ account: 'acme', user: 'agent' }, {
      url, type: 'POST', contentType: 'application/json', data: JSON.stringify(body), httpCompleteResponse: true,
    });
    assert.equal(answer.args[0].status, 403, `${url}: ${JSON.stringify(answer).slice(0, 300)}`);
  }
});
