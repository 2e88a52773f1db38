// Every configuration type (issue 11): globex's "Full service desk" (one component of each of the
// fourteen types, referring to each other and to the people, brands, targets and webhooks a
// trigger names) deploys into a target that has half of it (acme as in the demo) and into one that
// has none of it (`bare_target`), re-plans unchanged, and undoes to the exact prior state: checked
// in the simulator's own state (GET /sim/accounts/<account>/config), not only on the screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, sim } from './harness.mjs';

const harness = useHarness();

const GLOBEX = 'https://globex.zendesk.com';
const FULL = 'Full service desk';
const COMPONENTS = [
  ['groups', 'Field engineering'],
  ['trigger_categories', 'Routing'],
  ['ticket_fields', 'Product line'],
  ['user_fields', 'VIP level'],
  ['organization_fields', 'Contract tier'],
  ['custom_roles', 'Tier 1 agent'],
  ['macros', 'Close and thank the customer'],
  ['triggers', 'Route hardware requests'],
  ['automations', 'Nudge waiting VIPs'],
  ['views', 'Unassigned tickets'],
  ['ticket_forms', 'Hardware request'],
  ['sla_policies', 'VIP response'],
  ['dynamic_content', 'Greeting'],
  ['schedules', 'Support hours'],
];
const NAME = {
  groups: 'name', ticket_fields: 'title', trigger_categories: 'name', triggers: 'title', views: 'title', macros: 'title',
  custom_roles: 'name', automations: 'title', user_fields: 'title', organization_fields: 'title', ticket_forms: 'name',
  sla_policies: 'title', dynamic_content: 'name', schedules: 'name', brands: 'name', targets: 'title', webhooks: 'name',
  organizations: 'name',
};

/// An account's configuration, with the users its rules name (Pat Lee) as `users`.
async function config(account, h = null) {
  const res = await fetch(sim(`/sim/accounts/${account}/config`));
  assert.equal(res.status, 200, `GET /sim/accounts/${account}/config`);
  const cfg = await res.json();
  if (h) {
    const answer = await h.proxy({ account, user: 'admin' }, {
      url: '/api/v2/users/search.json?query=email:pat.lee@example.com', httpCompleteResponse: true,
    });
    cfg.users = answer.args[0].responseJSON?.users ?? [];
  }
  return cfg;
}

const norm = (s) => String(s ?? '').trim().toLowerCase();
const one = (cfg, kind, name) => {
  const found = (cfg[kind] ?? []).filter((i) => i.deleted !== true && norm(i[NAME[kind]]) === norm(name));
  assert.equal(found.length, 1, `${kind} "${name}": one (found ${found.length})`);
  return found[0];
};

/// An account's ids as the names of what they point to (users by email), so that two accounts
/// compare equal when their references point to same-named items.
function namer(cfg) {
  const maps = Object.fromEntries(Object.keys(NAME).map((k) => [k, new Map((cfg[k] ?? []).map((i) => [String(i.id), i[NAME[k]]]))]));
  const users = new Map((cfg.users ?? []).map((u) => [String(u.id), u.email]));
  const options = new Map((cfg.ticket_fields ?? []).flatMap((f) => (f.custom_field_options ?? []).map((o) => [String(o.id), `${f.title}/${o.value}`])));
  const of = (kind, id) => (maps[kind].has(String(id)) ? `${kind}:${maps[kind].get(String(id))}` : `?${kind}:${id}`);
  const field = (name) => name.replace(/^(custom_fields_|ticket_fields_)(\d+)$/, (_, p, id) => `${p}${of('ticket_fields', id)}`);
  const ENTRY = {
    group_id: 'groups', ticket_form_id: 'ticket_forms', brand_id: 'brands', organization_id: 'organizations', set_schedule: 'schedules',
  };
  const FIRST = { notification_webhook: 'webhooks', notification_target: 'targets', notification_group: 'groups' };
  const text = (v) => (typeof v === 'string'
    ? v.replace(/\{\{ticket\.ticket_field_(option_title_)?(\d+)\}\}/g, (_, o, id) => `{{${o ?? ''}${of('ticket_fields', id)}}}`)
    : v);
  const entry = (e, optionIds = false) => {
    let value = Array.isArray(e.value) ? e.value.map(text) : text(e.value);
    if (ENTRY[e.field]) value = Array.isArray(value) ? value.map((v) => of(ENTRY[e.field], v)) : of(ENTRY[e.field], value);
    if (e.field === 'assignee_id' && /^\d+$/.test(String(value))) value = `user:${users.get(String(value)) ?? `?${value}`}`;
    if (FIRST[e.field] && Array.isArray(value)) value = [of(FIRST[e.field], value[0]), ...value.slice(1)];
    if (optionIds && /^(custom_fields_|ticket_fields_)/.test(e.field)) {
      const opt = (v) => options.get(String(v)) ?? v;
      value = Array.isArray(value) ? value.map(opt) : opt(value);
    }
    return { field: field(e.field), operator: e.operator ?? null, value };
  };
  const conditions = (list) => (list ?? []).map((c) => ({
    parent: of('ticket_fields', c.parent_field_id),
    value: c.value,
    children: (c.child_fields ?? []).map((ch) => ({ id: of('ticket_fields', ch.id), is_required: ch.is_required })),
  }));
  return {
    ticket_forms: (i) => ({
      name: i.name, active: i.active, end_user_visible: i.end_user_visible,
      fields: (i.ticket_field_ids ?? []).map((id) => of('ticket_fields', id)),
      agent: conditions(i.agent_conditions), end_user: conditions(i.end_user_conditions),
    }),
    sla_policies: (i) => ({
      title: i.title, description: i.description,
      all: (i.filter?.all ?? []).map((e) => entry(e, true)), any: (i.filter?.any ?? []).map((e) => entry(e, true)),
      metrics: [...(i.policy_metrics ?? [])].sort((a, b) => `${a.priority}${a.metric}`.localeCompare(`${b.priority}${b.metric}`)),
    }),
    dynamic_content: (i) => ({
      name: i.name, default_locale_id: i.default_locale_id,
      variants: (i.variants ?? []).map(({ locale_id, content, active, default: d }) => ({ locale_id, content, active, default: d }))
        .sort((a, b) => a.locale_id - b.locale_id),
    }),
    schedules: (i) => ({
      name: i.name, time_zone: i.time_zone, intervals: i.intervals,
      holidays: (i.holidays ?? []).map(({ name, start_date, end_date }) => ({ name, start_date, end_date })),
    }),
    triggers: (i) => ({
      title: i.title, category: of('trigger_categories', i.category_id),
      all: (i.conditions?.all ?? []).map((e) => entry(e)), any: (i.conditions?.any ?? []).map((e) => entry(e)),
      actions: (i.actions ?? []).map((e) => entry(e)),
    }),
  };
}

/// The state a deploy and its undo touch, without what Zendesk sets itself (times, urls, the ids
/// of sub-items put back anew).
function comparable(cfg) {
  const strip = (v, depth = 0) => {
    if (Array.isArray(v)) return v.map((x) => strip(x, depth + 1));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v)
        .filter(([k]) => !['updated_at', 'created_at', 'url', 'outdated'].includes(k) && !(k === 'id' && depth > 1))
        .map(([k, x]) => [k, strip(x, depth + 1)]));
    }
    return v;
  };
  const out = {};
  for (const kind of Object.keys(NAME)) {
    out[kind] = strip(cfg[kind] ?? []).filter((i) => i.deleted !== true);
  }
  return out;
}

async function openDeploy(h, configuration) {
  const opened = await h.openHost({ location: 'nav_bar', user: 'admin' });
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

const rows = (frame, testid, attr) => frame.locator(`[data-testid=${testid}] tbody tr`).evaluateAll((trs, a) =>
  Object.fromEntries(trs.map((r) => [r.getAttribute('data-step'), r.getAttribute(a)])), attr);

/// Plans, deploys, re-plans and undoes "Full service desk" in acme, checking the state each time;
/// `expect(planned)` checks the first plan.
async function deployEveryType(h, expect) {
  const before = await config('acme');
  const { frame } = await openDeploy(h, FULL);
  const planned = await rows(frame, 'deploy-plan', 'data-action');
  assert.deepEqual(Object.keys(planned).sort(), COMPONENTS.map(([k, n]) => `${k}:${n}`).sort(), JSON.stringify(planned));
  assert.ok(Object.values(planned).every((a) => a !== 'blocked'), `nothing blocked: ${JSON.stringify(planned)}\n${await h.describe(frame)}`);
  expect(planned);
  const button = frame.locator('[data-testid=deploy-button]');
  assert.equal(await button.getAttribute('aria-disabled'), 'false');
  await button.click();
  await h.visible(frame.locator('[data-testid=deploy-report]'), 'the report', frame, 180_000);
  const reported = await rows(frame, 'deploy-report', 'data-result');
  for (const [step, action] of Object.entries(planned)) {
    const want = { create: 'created', update: 'updated', unchanged: 'unchanged' }[action];
    assert.equal(reported[step], want, `${step}: ${JSON.stringify(reported)}`);
  }

  // The target holds the source's components, every reference by the target's own ids.
  const after = await config('acme', h);
  const globex = await config('globex', h);
  assert.equal(after.users.length, 1, 'Pat Lee in acme');
  const [s, t] = [namer(globex), namer(after)];
  for (const kind of ['ticket_forms', 'sla_policies', 'dynamic_content', 'schedules', 'triggers']) {
    const [, name] = COMPONENTS.find(([k]) => k === kind);
    const [from, to] = [one(globex, kind, name), one(after, kind, name)];
    assert.notEqual(String(to.id), String(from.id), `${kind} ${name} has acme's own id`);
    assert.deepEqual(t[kind](to), s[kind](from), `${kind} ${name} as in globex`);
    assert.ok(!JSON.stringify(t[kind](to)).includes('?'), `${kind} ${name}: every reference is one of acme's items: ${JSON.stringify(t[kind](to))}`);
  }
  // The trigger names acme's Pat Lee, brand, organization, webhook and target, which existed
  // before (never created): none was added.
  for (const kind of ['brands', 'targets', 'webhooks', 'organizations']) {
    assert.equal((after[kind] ?? []).length, (before[kind] ?? []).length, `no ${kind} created`);
  }
  const trigger = one(after, 'triggers', 'Route hardware requests');
  const assignee = trigger.actions.find((a) => a.field === 'assignee_id');
  assert.equal(String(assignee.value), String(after.users[0].id), "acme's Pat Lee");

  // A second plan has nothing to do.
  await frame.locator('[data-testid=review-again]').click();
  await h.visible(frame.locator('[data-state=nothing-to-do]'), 'nothing to do', frame);
  const again = await rows(frame, 'deploy-plan', 'data-action');
  assert.ok(Object.values(again).every((a) => a === 'unchanged'), JSON.stringify(again));

  // Undo: acme exactly as before, sub-items (variants, holidays, work week) included.
  await frame.getByRole('button', { name: '← Configurations' }).click();
  const history = frame.locator('[data-testid=deploy-history]');
  await h.visible(history.locator('li[data-kind=deploy]'), 'the history entry', frame);
  await history.locator('[data-testid=undo-last]').click();
  await history.locator('[data-testid=confirm-undo]').click();
  await h.visible(history.locator('[data-testid=undo-report]'), 'the undo report', frame, 180_000);
  assert.deepEqual(comparable(await config('acme')), comparable(before), 'acme as before the deploy');
  // globex was only read.
  const globexWrites = (await h.requests()).filter((r) => r.url.startsWith(GLOBEX) && r.method !== 'GET');
  assert.deepEqual(globexWrites.map((r) => `${r.method} ${r.url}`), []);
  assert.deepEqual(h.errors, []);
}

test('every type deploys into a target that has half of it, re-plans unchanged and undoes exactly', { timeout: 400_000 }, async () => {
  const h = harness();
  await deployEveryType(h, (planned) => {
    // acme has some of it already (same names, other ids and settings): those update or stay.
    const there = Object.entries(planned).filter(([, a]) => a !== 'create').map(([s]) => s);
    assert.ok(there.length > 0, `acme holds part of it: ${JSON.stringify(planned)}`);
    for (const kind of ['ticket_forms', 'sla_policies', 'dynamic_content', 'schedules']) {
      const step = Object.keys(planned).find((s) => s.startsWith(`${kind}:`));
      assert.equal(planned[step], 'create', `acme has no ${kind}`);
    }
  });
});

test('every type deploys into a target that has none of it', { timeout: 400_000 }, async () => {
  const h = harness();
  await h.fresh('bare_target');
  await deployEveryType(h, (planned) => {
    assert.ok(Object.values(planned).every((a) => a === 'create'), JSON.stringify(planned));
  });
});
