// The host page's timeline (window.__simTimeline) and its get_delay_ms switch (contracts.md): what
// the bench's critical path and the boot-order tests read must keep recording what happened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, openRolesTab, roleRows } from './harness.mjs';

const harness = useHarness();

/// The console's Roles table, opened, and the host page's timeline once it shows.
async function rolesAndTimeline(h, switches) {
  const { page, frame } = await h.openHost({ location: 'nav_bar', user: 'admin', ...switches });
  await openRolesTab(h, frame);
  await h.visible(roleRows(frame), 'the Roles table', frame);
  const timeline = await page.evaluate(() => window.__simTimeline);
  const messages = await h.simMessages(page);
  return { timeline, messages };
}

/// Each `get` the app sent, with the host's answer to it: { asked, answered }.
function getsAndAnswers(timeline) {
  return timeline
    .filter((e) => e.dir === 'in' && e.request === 'get')
    .map((asked) => ({
      asked,
      answered: timeline.find((e) => e.dir === 'out' && e.request === 'get' && e.id === asked.id),
    }));
}

test('the timeline records every message from and to the app, with epoch times in order', { timeout: 120_000 }, async () => {
  const h = harness();
  const before = Date.now();
  const { timeline, messages } = await rolesAndTimeline(h, {});
  const after = Date.now();
  assert.ok(timeline.length > 0, 'no timeline');
  // Every message the app posted is there, in the same order.
  const incoming = timeline.filter((e) => e.dir === 'in');
  assert.equal(incoming.length, messages.length);
  incoming.forEach((e, i) => assert.equal(e.key ?? e.request, messages[i].key ?? messages[i].request, `entry ${i}`));
  for (let i = 1; i < timeline.length; i++) assert.ok(timeline[i].t >= timeline[i - 1].t, `entry ${i} goes back in time`);
  assert.ok(timeline[0].t >= before - 1000 && timeline.at(-1).t <= after + 1000, 'times are ms since the epoch');

  const handshake = timeline.findIndex((e) => e.dir === 'in' && e.key === 'iframe.handshake');
  const registered = timeline.findIndex((e) => e.dir === 'out' && e.key === 'zaf.app.registered');
  assert.ok(handshake >= 0 && registered > handshake, 'the handshake, then the registration');
  assert.ok(timeline[registered].detail?.context?.location === 'nav_bar', 'the registration message is recorded');

  const gets = getsAndAnswers(timeline);
  assert.ok(gets.some((g) => JSON.stringify(g.asked.detail).includes('currentUser')), 'get(currentUser) recorded');
  for (const { asked, answered } of gets) {
    assert.ok(answered, `get ${asked.id} has its answer`);
    assert.ok(answered.detail && typeof answered.detail === 'object', 'the answer carries its result');
    // Answered at once without the switch.
    assert.ok(answered.t - asked.t < 100, `get ${asked.id} answered after ${answered.t - asked.t} ms`);
  }

  const sent = timeline.find((e) => e.dir === 'in' && /^request:\d+$/.test(e.key ?? '') && /\/api\/v2\/custom_roles/.test(e.detail?.url));
  assert.ok(sent, 'request:N for custom_roles recorded with its URL');
  const n = sent.key.split(':')[1];
  const answer = timeline.find((e) => e.dir === 'out' && e.key === `zaf.request:${n}.done`);
  assert.ok(answer && answer.t >= sent.t, 'its answer recorded after it');
  assert.equal(answer.detail.url, sent.detail.url);
  assert.equal(answer.detail.status, 200);
});

test('get_delay_ms=N posts every answer to get N ms late, and the app still starts', { timeout: 120_000 }, async () => {
  const h = harness();
  const { timeline } = await rolesAndTimeline(h, { get_delay_ms: 400 });
  const gets = getsAndAnswers(timeline);
  assert.ok(gets.length > 0, 'the app asked something');
  for (const { asked, answered } of gets) {
    assert.ok(answered, `get ${asked.id} answered`);
    // Timers never fire early; 1 ms for the clocks' rounding.
    assert.ok(answered.t - asked.t >= 399, `get ${asked.id} answered after ${answered.t - asked.t} ms`);
  }
  // Only gets wait: the registration goes out at once.
  const handshake = timeline.find((e) => e.dir === 'in' && e.key === 'iframe.handshake');
  const registered = timeline.find((e) => e.dir === 'out' && e.key === 'zaf.app.registered');
  assert.ok(registered.t - handshake.t < 100, `registered after ${registered.t - handshake.t} ms`);
});

/// The first `request:N` the app sent, and the host's answer to `get(currentUser)`.
function firstRequestAndCurrentUser(timeline) {
  const first = timeline.find((e) => e.dir === 'in' && /^request:\d+$/.test(e.key ?? ''));
  const asked = timeline.find((e) => e.dir === 'in' && e.request === 'get' && JSON.stringify(e.detail).includes('currentUser'));
  const answered = asked && timeline.find((e) => e.dir === 'out' && e.request === 'get' && e.id === asked.id);
  return { first, answered };
}

test('boot (issue 12): the console asks for the roles before Zendesk has said who the user is', { timeout: 120_000 }, async () => {
  const h = harness();
  // Every get answered 400 ms late: a request that waited for currentUser would come after it.
  const { timeline } = await rolesAndTimeline(h, { get_delay_ms: 400 });
  const { first, answered } = firstRequestAndCurrentUser(timeline);
  assert.ok(first, 'the app sent a request');
  assert.match(first.detail.url, /^\/api\/v2\/custom_roles$/, 'the first request is the Roles tab\'s list');
  assert.ok(answered, 'currentUser was answered');
  assert.ok(first.t < answered.t, `custom_roles left ${first.t - answered.t} ms after the currentUser answer`);
  // No get, set or invoke was answered before it: 0 host round trips before the first request.
  const before = timeline.filter((e) => e.dir === 'out' && e.request && e.t <= first.t);
  assert.deepEqual(before.map((e) => e.request), []);
  // And the screen is the same: one list request, answered once, used (the rows showed).
  const listed = timeline.filter((e) => e.dir === 'in' && /^request:\d+$/.test(e.key ?? '') && /custom_roles/.test(e.detail?.url));
  assert.equal(listed.length, 1, 'the Roles tab used the early answer instead of asking again');
  const log = (await h.requests()).filter((r) => /custom_roles/.test(r.url));
  assert.equal(log.length, 1, 'the simulator saw one custom_roles request');
});

test('boot (issue 12): the tile asks for its person and the zone before Zendesk has said who the agent is', { timeout: 120_000 }, async () => {
  const h = harness();
  const { page, frame } = await h.openHost({ location: 'ticket_sidebar', user: 'admin', ticket: 1003, get_delay_ms: 400 });
  await frame.locator('[data-testid=autotask-tile][data-state=ready]').waitFor({ timeout: 60_000 });
  const timeline = await page.evaluate(() => window.__simTimeline);
  const { first, answered } = firstRequestAndCurrentUser(timeline);
  assert.ok(first && answered, 'a request and the currentUser answer');
  assert.match(first.detail.url, /\/zoneInformation\?user=/, 'the first request is the zone lookup');
  assert.ok(first.t < answered.t, `the zone lookup left ${first.t - answered.t} ms after the currentUser answer`);
  const person = timeline.find((e) => e.dir === 'in' && e.request === 'get' && JSON.stringify(e.detail).includes('ticket.requester'));
  assert.ok(person && person.t < answered.t, 'the requester was asked before currentUser was answered');
  // The load took those answers: one zone lookup, one get of the requester.
  const zones = (await h.requests()).filter((r) => /zoneInformation/.test(r.url));
  assert.equal(zones.length, 1);
  const requesterGets = timeline.filter((e) => e.dir === 'in' && e.request === 'get' && JSON.stringify(e.detail).includes('ticket.requester'));
  assert.equal(requesterGets.length, 1);
});
