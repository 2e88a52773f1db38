// The Autotask tile in top_bar (the agent's own tickets), ticket_sidebar (the requester's) and
// user_sidebar (the viewed user's): every state in each location, the secret never leaving
// Zendesk's proxy, the cache, the requester following, and the thread limit.
//
// Data (docs/contracts.md, Autotask): Ada (`admin`) has 6 tickets in the 90-day window, Alan
// (`agent`) a contact without tickets, Rita (`restricted`) no contact, Sam (`shared`) two active
// contacts with his email, Nora (`noemail`) no email at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, startHarness, THIRD_PARTY_STORAGE, TIMEOUT } from './harness.mjs';

const harness = useHarness();

const SECRET = 'Sim-Secret~AcmeIT.2024';
const OWN_CODE = 'ACMEITOWNTRACKINGIDENTIFIER';
const LOCATIONS = ['top_bar', 'ticket_sidebar', 'user_sidebar'];
/// The acme ticket whose requester is each person (ticket_sidebar).
const TICKET_OF = { admin: 1003, agent: 1004, restricted: 1005, noemail: 1006, shared: 1007, customer: 1001, customer2: 1002 };
/// Ada's tickets in the window, newest activity first, with their labels.
const ADA = [
  [41001, 'VPN drops every few minutes', 'New', 'High'],
  [41002, 'New laptop for the finance team', 'In Progress', 'Medium'],
  [41003, 'Printer on floor 2 prints blank pages', 'Waiting Customer', 'Low'],
  [41004, 'Archive the old project shares', 'On Hold (retired)', 'Low'],
  [41005, 'Mail server outage', 'Complete', 'Critical'],
  [41006, 'Replace the UPS batteries', 'Waiting Vendor', 'Medium'],
];

/// Host switches that make `person` the tile's person in `location`, seen by `viewer`.
function switches(location, person, viewer = 'admin') {
  if (location === 'top_bar') return { location, user: person };
  if (location === 'ticket_sidebar') return { location, user: viewer, ticket: TICKET_OF[person] };
  return { location, user: viewer, viewed_user: person };
}

async function openTile(h, location, person, viewer) {
  const opened = await h.openHost(switches(location, person, viewer));
  const tile = opened.frame.locator('[data-testid=autotask-tile]');
  return { ...opened, tile };
}

/// Waits for the tile to settle in `state` and returns the tile.
async function settled(h, frame, state) {
  const tile = frame.locator(`[data-testid=autotask-tile][data-state="${state}"]`);
  await h.visible(tile, `the tile in state ${state}`, frame);
  return tile;
}

/// Changes deskset's installation settings in acme as an admin would in Admin Center.
async function putSettings(h, settings) {
  const session = await (await fetch(new URL('sim/session?location=top_bar', process.env.SIM_URL.replace(/\/?$/, '/')))).json();
  const id = session.metadata.installationId;
  const answer = await h.proxy(
    { account: 'acme', user: 'admin' },
    {
      url: `/api/v2/apps/installations/${id}.json`,
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({ settings }),
      httpCompleteResponse: true,
    },
  );
  assert.ok(answer.done, `settings saved: ${JSON.stringify(answer).slice(0, 300)}`);
}

/// Autotask requests the simulator's proxy handled, in order.
async function autotaskCalls(h) {
  return (await h.requests()).filter((r) => /autotask\.net/i.test(r.url));
}

/// Neither the secret nor the admin's own integration code is in the frame's DOM, its storage,
/// its cookies, or any message the app posted to the host page.
async function assertNoSecret(h, page, frame) {
  const dom = await frame.content();
  const storage = await frame.evaluate(() => {
    const dump = (s) => {
      const out = {};
      for (let i = 0; i < s.length; i++) out[s.key(i)] = s.getItem(s.key(i));
      return out;
    };
    let local = {};
    let session = {};
    try { local = dump(window.localStorage); } catch {}
    try { session = dump(window.sessionStorage); } catch {}
    return JSON.stringify({ local, session, cookie: document.cookie });
  });
  const messages = JSON.stringify(await h.simMessages(page));
  const cookies = JSON.stringify(await h.context.cookies());
  for (const secret of [SECRET, OWN_CODE]) {
    assert.ok(!dom.includes(secret), 'not in the DOM');
    assert.ok(!storage.includes(secret), 'not in browser storage');
    assert.ok(!messages.includes(secret), 'not in any message to the host page');
    assert.ok(!cookies.includes(secret), 'not in cookies');
  }
  assert.ok(messages.includes('{{setting.autotask_secret}}'), 'the app sent the placeholder instead');
}

for (const location of LOCATIONS) {
  test(`${location}: Ada's tickets in the window, newest first, labelled, linked to the portal`, { timeout: 90_000 }, async () => {
    const h = harness();
    const { page, frame } = await openTile(h, location, 'admin');
    const tile = await settled(h, frame, 'ready');
    const rows = tile.locator('li[data-ticket-id]');
    assert.equal(await rows.count(), ADA.length, 'only the tickets with activity in 90 days');
    for (let i = 0; i < ADA.length; i++) {
      const [id, title, status, priority] = ADA[i];
      const row = rows.nth(i);
      assert.equal(await row.getAttribute('data-ticket-id'), String(id), `row ${i} is ${id}`);
      const text = await row.innerText();
      for (const part of [title, status, priority]) assert.ok(text.includes(part), `row ${id} shows ${part}: ${text}`);
      const link = row.locator('a');
      assert.equal(
        await link.getAttribute('href'),
        `https://ww15.autotask.net/ClientPortal/ServiceTickets/ServiceTicketDetail.aspx?ticketID=${id}`,
      );
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.ok(await row.locator('time[datetime]').count(), 'last activity as a time');
    }
    const newTicket = tile.locator('[data-testid=autotask-new-ticket]');
    assert.equal(await newTicket.getAttribute('href'), 'https://ww15.autotask.net/ClientPortal/ServiceTickets/NewTicket.aspx');
    assert.equal(await tile.locator('[data-testid=autotask-more]').count(), 0, 'nothing more');
    const heading = await tile.locator('h2').innerText();
    assert.equal(heading, 'Acme IT Autotask', 'the connection name is the title');
    if (location === 'top_bar') {
      assert.ok((await tile.innerText()).includes('Your Autotask tickets'));
    } else {
      assert.ok((await tile.innerText()).includes('Ada Admin'), 'whose tickets');
    }
    await assertNoSecret(h, page, frame);
    assert.deepEqual(h.errors, [], 'no browser errors');
  });

  const people = location === 'top_bar'
    ? [['agent', 'no-tickets', 'in the last 90 days'], ['restricted', 'no-contact', 'No active Autotask contact'], ['shared', 'several-contacts', 'More than one active Autotask contact']]
    : [
        ['agent', 'no-tickets', 'in the last 90 days'],
        ['restricted', 'no-contact', 'No active Autotask contact'],
        ['customer2', 'no-contact', 'No active Autotask contact'],
        ['shared', 'several-contacts', 'More than one active Autotask contact'],
        ['customer', 'several-contacts', 'More than one active Autotask contact'],
        ['noemail', 'no-email', 'has no email address'],
      ];
  for (const [person, state, words] of people) {
    test(`${location}: ${person} -> ${state}`, { timeout: 90_000 }, async () => {
      const h = harness();
      const { frame } = await openTile(h, location, person);
      const tile = await settled(h, frame, state);
      assert.ok((await tile.innerText()).includes(words), `says "${words}"\n${await h.describe(frame)}`);
      assert.equal(await tile.locator('li[data-ticket-id]').count(), 0);
      if (state === 'no-email') {
        // The zone lookup (about the installation's API user, no credentials) leaves at start,
        // next to the ZAF get of the person (issue 12); nothing about the person is asked.
        const calls = (await autotaskCalls(h)).filter((c) => !/\/zoneInformation\b/i.test(new URL(c.url).pathname));
        assert.deepEqual(calls.map((c) => c.url), [], 'no email: Autotask is asked nothing about the person');
      }
    });
  }

  test(`${location}: not configured: admins learn what to set, agents to ask their admin`, { timeout: 90_000 }, async () => {
    const h = harness();
    await putSettings(h, { autotask_username: '' });
    const admin = await openTile(h, location, location === 'top_bar' ? 'admin' : 'admin', 'admin');
    let tile = await settled(h, admin.frame, 'not-configured');
    const said = await tile.innerText();
    assert.ok(said.includes('username of an Autotask API user'), said);
    assert.ok(said.includes('deskset tile'), `where to set it: ${said}`);
    assert.ok(!said.includes('tracking identifier'), 'the code is set: not asked for');
    const agent = await openTile(h, location, location === 'top_bar' ? 'agent' : 'admin', 'agent');
    tile = await settled(h, agent.frame, 'not-configured');
    const text = await tile.innerText();
    assert.ok(text.includes('Ask your Zendesk admin'), text);
    assert.ok(!text.includes('Admin Center'), 'agents are not sent to settings they cannot open');
    assert.equal((await autotaskCalls(h)).length, 0, 'nothing asked of Autotask');
  });

  test(`${location}: without a vendor code, no own integration code means not configured, and nothing is sent`, {
    timeout: 90_000,
    skip: process.env.DESKSET_AUTOTASK_INTEGRATION_CODE ? 'this build has a vendor code' : false,
  }, async () => {
    const h = harness();
    // deskset has no Autotask vendor code: unticked, the tile has no code to send.
    await putSettings(h, { autotask_use_own_code: false });
    const admin = await openTile(h, location, 'admin', 'admin');
    const tile = await settled(h, admin.frame, 'not-configured');
    const said = await tile.innerText();
    assert.ok(said.includes('tracking identifier'), said);
    assert.ok(said.includes('Custom (Internal Integration)'), `how to get one: ${said}`);
    assert.ok(!said.includes('username of an Autotask API user'), 'the username is set');
    assert.equal((await autotaskCalls(h)).length, 0, 'no placeholder code is ever sent');
  });

  test(`${location}: wrong username, wrong secret, refused integration code`, { timeout: 120_000 }, async () => {
    const h = harness();
    await putSettings(h, { autotask_username: 'nobody@nowhere.example' });
    let { frame } = await openTile(h, location, 'admin');
    let tile = await settled(h, frame, 'unknown-user');
    assert.ok((await tile.innerText()).includes('nobody@nowhere.example'));

    await h.reset();
    await putSettings(h, { autotask_secret: 'not-the-secret' });
    ({ frame } = await openTile(h, location, 'admin'));
    tile = await settled(h, frame, 'wrong-secret');
    assert.ok((await tile.innerText()).includes('secret'));
    assert.ok(!(await frame.content()).includes('not-the-secret'), 'a secure value never reaches the frame');

    await h.reset();
    await putSettings(h, { autotask_use_own_code: true, autotask_integration_code: 'NOT-A-CODE' });
    const opened = await openTile(h, location, 'admin');
    tile = await settled(h, opened.frame, 'bad-integration-code');
    assert.ok((await tile.innerText()).includes('integration code'));

    // The admin's own, valid code works, and travels only as a placeholder.
    await putSettings(h, { autotask_integration_code: OWN_CODE });
    await tile.locator('[data-testid=autotask-refresh]').click();
    await settled(h, opened.frame, 'ready');
    await assertNoSecret(h, opened.page, opened.frame);
    const sent = JSON.stringify(await h.simMessages(opened.page));
    assert.ok(sent.includes('{{setting.autotask_integration_code}}'), 'the own code as a placeholder');
  });

  test(`${location}: throttled, then unreachable, each recovers with Refresh`, { timeout: 90_000 }, async () => {
    const h = harness();
    const path = '/ATServicesRest/V1.0/Contacts/query';
    await h.inject({
      account: undefined,
      method: 'POST',
      path,
      status: 500,
      body: { errors: ['Thread threshold exceeded: the API thread threshold of 3 threads has been exceeded. Try again later.'] },
      // The tile waits and asks twice more before it says Autotask is busy.
      times: 3,
    });
    const { frame } = await openTile(h, location, 'admin');
    let tile = await settled(h, frame, 'throttled');
    assert.ok((await tile.innerText()).includes('Autotask is busy'));
    await h.inject({ account: undefined, method: 'POST', path, status: 503, times: 1 });
    await tile.locator('[data-testid=autotask-refresh]').click();
    tile = await settled(h, frame, 'unreachable');
    await h.inject({
      account: undefined,
      method: 'POST',
      path,
      status: 500,
      body: { errors: ['User does not have the adequate permissions to perform this operation.'] },
      times: 1,
    });
    await tile.locator('[data-testid=autotask-refresh]').click();
    tile = await settled(h, frame, 'no-permission');
    assert.ok((await tile.innerText()).includes('deskset-api@acme-it.example'), 'names the API user');
    await h.inject({ account: undefined, method: 'POST', path, status: 500, body: { errors: ['Something unexpected.'] }, times: 1 });
    await tile.locator('[data-testid=autotask-refresh]').click();
    tile = await settled(h, frame, 'error');
    await tile.locator('[data-testid=autotask-refresh]').click();
    await settled(h, frame, 'ready');
  });

  test(`${location}: agents are sent to their admin for settings problems, told to refresh for passing ones`, { timeout: 90_000 }, async () => {
    const h = harness();
    const path = '/ATServicesRest/V1.0/Contacts/query';
    await h.inject({
      account: undefined,
      method: 'POST',
      path,
      status: 500,
      body: { errors: ['User does not have the adequate permissions to perform this operation.'] },
      times: 1,
    });
    const { frame } = await openTile(h, location, location === 'top_bar' ? 'agent' : 'admin', 'agent');
    let tile = await settled(h, frame, 'no-permission');
    assert.ok((await tile.innerText()).includes('Ask your Zendesk admin'), await tile.innerText());
    await h.inject({ account: undefined, method: 'POST', path, status: 503, times: 1 });
    await tile.locator('[data-testid=autotask-refresh]').click();
    tile = await settled(h, frame, 'unreachable');
    assert.ok(!(await tile.innerText()).includes('Ask your Zendesk admin'), 'nothing for an admin to fix');
  });
}

test('a warm tile asks Autotask once: the zone, picklists and contact are kept in the frame', { timeout: 90_000 }, async () => {
  const h = harness();
  const { frame, tile } = await openTile(h, 'user_sidebar', 'admin');
  await settled(h, frame, 'ready');
  const cold = await autotaskCalls(h);
  assert.equal(cold.length, 4, `cold: ${cold.map((c) => c.url).join(', ')}`);
  assert.ok(/zoneInformation/i.test(cold[0].url), 'the zone first');
  assert.equal(new URL(cold[1].url).pathname, '/ATServicesRest/V1.0/Contacts/query', 'then the contact');
  assert.deepEqual(
    cold.map((c) => new URL(c.url).pathname).slice(2).sort(),
    ['/ATServicesRest/V1.0/Tickets/entityInformation/fields', '/ATServicesRest/V1.0/Tickets/query'],
    `then tickets and picklists: ${cold.map((c) => c.url).join(', ')}`,
  );
  await tile.locator('[data-testid=autotask-refresh]').click();
  await frame.waitForFunction(() => document.querySelector('[data-testid=autotask-tile]')?.getAttribute('aria-busy') === 'false', null, { timeout: TIMEOUT });
  await settled(h, frame, 'ready');
  const warm = (await autotaskCalls(h)).slice(cold.length);
  assert.deepEqual(
    warm.map((c) => new URL(c.url).pathname),
    ['/ATServicesRest/V1.0/Tickets/query'],
    'warm: only the tickets of the contact found before',
  );
  assert.ok((await tile.innerText()).includes('On Hold (retired)'), 'labels from the cache');
  assert.equal(await tile.locator('li[data-ticket-id]').count(), ADA.length);
});

/// Changes (`POST`, with `fields`) or deletes (`DELETE`) an Autotask contact, as an Autotask user
/// would (docs/contracts.md, Autotask: Control).
async function changeContact(method, id, fields) {
  const answer = await fetch(new URL(`sim/autotask/contacts/${id}`, process.env.SIM_URL.replace(/\/?$/, '/')), {
    method,
    headers: { 'content-type': 'application/json' },
    body: fields ? JSON.stringify(fields) : undefined,
  });
  assert.ok(answer.ok, `${method} contact ${id}: ${answer.status} ${await answer.text()}`);
}

/// The Autotask calls after the first `from`, as `METHOD path`.
async function callsSince(h, from) {
  return (await autotaskCalls(h)).slice(from).map((c) => `${c.method} ${new URL(c.url).pathname}`);
}

test('a remembered contact whose tickets query answers none is looked up again: a deleted or merged contact does not keep showing "no tickets"', { timeout: 90_000 }, async () => {
  const h = harness();
  const ALAN_CONTACT = 30682902;
  const SAM_CONTACT = 30682907;
  const TICKETS = 'POST /ATServicesRest/V1.0/Tickets/query';
  const CONTACTS = 'POST /ATServicesRest/V1.0/Contacts/query';
  const refresh = async (tile, frame) => {
    await tile.locator('[data-testid=autotask-refresh]').click();
    await frame.waitForFunction(() => document.querySelector('[data-testid=autotask-tile]')?.getAttribute('aria-busy') === 'false', null, { timeout: TIMEOUT });
  };
  // Alan's contact has no tickets.
  const { frame, tile } = await openTile(h, 'user_sidebar', 'agent');
  await settled(h, frame, 'no-tickets');
  let from = (await autotaskCalls(h)).length;
  assert.equal(from, 4, 'cold');

  // An Autotask user deletes Alan's contact: the tickets query for it answers none, as it did
  // before; the tile asks for the contact again and says there is none.
  await changeContact('DELETE', ALAN_CONTACT);
  await refresh(tile, frame);
  await settled(h, frame, 'no-contact');
  assert.deepEqual(await callsSince(h, from), [TICKETS, CONTACTS], 'the tickets, then the contact again');

  // The contact is back (reset): "no contact" was not remembered, so it is found at once.
  await h.reset();
  await refresh(tile, frame);
  await settled(h, frame, 'no-tickets');
  assert.deepEqual(await callsSince(h, 0), [CONTACTS, TICKETS]);

  // Alan's contact is merged into Sam's: deactivated, and his address now Sam's second one.
  from = (await autotaskCalls(h)).length;
  await changeContact('POST', ALAN_CONTACT, { isActive: 0 });
  await changeContact('POST', SAM_CONTACT, { emailAddress2: 'alan.agent@acme.example' });
  await refresh(tile, frame);
  const ready = await settled(h, frame, 'ready');
  assert.deepEqual(await callsSince(h, from), [TICKETS, CONTACTS, TICKETS], 'the old contact\'s none, the contact, its tickets');
  assert.equal(await ready.locator('li[data-ticket-id]').first().getAttribute('data-ticket-id'), '41105');

  // And that contact is the one remembered: one request again.
  from = (await autotaskCalls(h)).length;
  await refresh(tile, frame);
  await settled(h, frame, 'ready');
  assert.deepEqual(await callsSince(h, from), [TICKETS]);
});

/// A browser that lets the app's third-party frame keep storage: the cache is shared by every
/// deskset frame of the agent, and survives the frame.
function storageHarness() {
  let h;
  return {
    async get() {
      h ??= await startHarness({ extraArgs: THIRD_PARTY_STORAGE });
      await h.fresh();
      return h;
    },
    async close() {
      await h?.close();
    },
  };
}

test('where the browser keeps third-party storage, a new frame starts warm; a refused cached zone is looked up again once', { timeout: 120_000 }, async (t) => {
  const s = storageHarness();
  t.after(() => s.close());
  const h = await s.get();
  const first = await openTile(h, 'user_sidebar', 'admin');
  await settled(h, first.frame, 'ready');
  assert.equal((await autotaskCalls(h)).length, 4, 'cold');
  await h.reset();
  const second = await openTile(h, 'ticket_sidebar', 'admin');
  await settled(h, second.frame, 'ready');
  assert.deepEqual(
    (await autotaskCalls(h)).map((c) => new URL(c.url).pathname),
    ['/ATServicesRest/V1.0/Tickets/query'],
    'a new frame for the same person: warm from storage, one request',
  );
  const stored = await second.frame.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(stored.includes('webservices15'), 'the zone is stored');
  assert.ok(stored.includes('ada.admin@acme.example') && stored.includes('30682901'), `and the contact found for the email: ${stored}`);

  // The tenant "moved": the cache points at zone 2, where this user is unknown (401).
  await second.frame.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('deskset.autotask.')) continue;
      const entry = JSON.parse(localStorage.getItem(key));
      entry.zone.url = 'https://webservices2.autotask.net/ATServicesRest/';
      localStorage.setItem(key, JSON.stringify(entry));
    }
  });
  await h.reset();
  const third = await openTile(h, 'top_bar', 'admin');
  await settled(h, third.frame, 'ready');
  const calls = (await autotaskCalls(h)).map((c) => `${c.status} ${new URL(c.url).host}${new URL(c.url).pathname}`);
  assert.equal(calls.filter((c) => c.startsWith('401')).length, 1, calls.join('\n'));
  assert.ok(calls[0].startsWith('401 webservices2.autotask.net/ATServicesRest/V1.0/Tickets/query'), 'the remembered contact\'s tickets, refused');
  assert.equal(calls.filter((c) => /zoneInformation/i.test(c)).length, 1, 'one new lookup');
  assert.ok(calls[calls.length - 1].includes('webservices15'), 'then the right zone');
  await assertNoSecret(h, third.page, third.frame);
});

test('a refused secret is not sent again for the next requester; Refresh asks again', { timeout: 90_000 }, async () => {
  const h = harness();
  await putSettings(h, { autotask_secret: 'not-the-secret' });
  const { page, frame, tile } = await openTile(h, 'ticket_sidebar', 'admin');
  await settled(h, frame, 'wrong-secret');
  const refused = (await autotaskCalls(h)).filter((c) => c.status === 401).length;
  assert.equal(refused, 1, 'one bad login');
  await page.evaluate(() => window.__simSetRequester('agent'));
  await frame.waitForFunction(() => document.querySelector('[data-testid=autotask-tile]')?.innerText.includes('Alan'), null, { timeout: TIMEOUT });
  await settled(h, frame, 'wrong-secret');
  assert.equal((await autotaskCalls(h)).filter((c) => c.status === 401).length, 1, 'no second bad login');
  // The admin fixes the secret; Refresh asks Autotask again.
  await h.reset();
  await tile.locator('[data-testid=autotask-refresh]').click();
  await settled(h, frame, 'no-tickets');
});

test('ticket_sidebar follows a requester change', { timeout: 90_000 }, async () => {
  const h = harness();
  const { page, frame } = await openTile(h, 'ticket_sidebar', 'admin');
  await settled(h, frame, 'ready');
  const subscriptions = await page.evaluate(() => window.__simSubscriptions);
  assert.ok(subscriptions['ticket.requester.id.changed'] >= 1, JSON.stringify(subscriptions));
  await page.evaluate(() => window.__simSetRequester('restricted'));
  let tile = await settled(h, frame, 'no-contact');
  assert.ok((await tile.innerText()).includes('Rita'), 'the new requester');
  await page.evaluate(() => window.__simSetRequester('admin'));
  tile = await settled(h, frame, 'ready');
  assert.equal(await tile.locator('li[data-ticket-id]').count(), ADA.length);
});

test('user_sidebar follows a change of the viewed user\'s email', { timeout: 90_000 }, async () => {
  const h = harness();
  const { page, frame } = await openTile(h, 'user_sidebar', 'restricted');
  await settled(h, frame, 'no-contact');
  // The agent edits Rita's email to Ada's Autotask address (as in Zendesk's user page).
  await page.evaluate(() => {
    window.__simSession.data.user.email = 'ada.admin@acme.example';
    window.__simTrigger('user.email.changed', 'ada.admin@acme.example');
  });
  const tile = await settled(h, frame, 'ready');
  assert.equal(await tile.locator('li[data-ticket-id]').count(), ADA.length);
});

test('three tiles refreshed at once never exceed Autotask\'s 3-thread limit', { timeout: 120_000 }, async () => {
  const h = harness();
  await fetch(new URL('sim/autotask', process.env.SIM_URL.replace(/\/?$/, '/')), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latency_ms: 150 }),
  });
  const tiles = [];
  for (const location of LOCATIONS) tiles.push(await openTile(h, location, 'admin'));
  for (const t of tiles) await settled(h, t.frame, 'ready');
  // Everyone clicks Refresh, several times, while requests are slow; meanwhile the ticket's
  // requester changes back and forth (events, which no disabled button holds back).
  const sidebar = tiles[1];
  for (let round = 0; round < 3; round++) {
    await Promise.all([
      ...tiles.map((t) => t.frame.locator('[data-testid=autotask-refresh]').click({ force: true, timeout: 2000 }).catch(() => {})),
      sidebar.page.evaluate(async () => {
        for (const key of ['restricted', 'agent', 'shared', 'customer', 'admin']) {
          window.__simSetRequester(key);
          await new Promise((r) => setTimeout(r, 30));
        }
      }),
    ]);
  }
  for (const t of tiles) await settled(h, t.frame, 'ready');
  // The sidebar shows the last requester's tickets (Ada's), not an older answer.
  assert.ok((await sidebar.tile.innerText()).includes('Ada Admin'));
  const stats = await (await fetch(new URL('sim/autotask', process.env.SIM_URL.replace(/\/?$/, '/')))).json();
  assert.equal(stats.thread_refusals, 0, JSON.stringify(stats));
});

test('more tickets than the pages hold: the tile narrows the window to the newest, says so, lists 25 until asked', { timeout: 120_000 }, async () => {
  const h = harness();
  // 1,206 tickets in 90 days; Autotask pages by id (oldest first), two pages hold 1,000.
  await h.reset('autotask_many');
  const { frame } = await openTile(h, 'top_bar', 'admin');
  const tile = await settled(h, frame, 'ready');
  await h.visible(tile.locator('[data-testid=autotask-more]'), 'the "more" notice', frame);
  assert.equal(await tile.locator('li[data-ticket-id]').count(), 25);
  // The newest ticket (the highest id in this data) is there, first.
  assert.equal(await tile.locator('li[data-ticket-id]').first().getAttribute('data-ticket-id'), '51200');
  const calls = (await autotaskCalls(h)).map((c) => `${c.method} ${new URL(c.url).pathname}`);
  assert.ok(calls.includes('POST /ATServicesRest/V1.0/Tickets/query/count'), calls.join('\n'));
  assert.ok(calls.filter((c) => /Tickets\/query\/next/.test(c)).length <= 1, 'at most two pages per query');
  await tile.locator('[data-testid=autotask-show-all]').click();
  await frame.waitForFunction(() => document.querySelectorAll('li[data-ticket-id]').length > 25, null, { timeout: TIMEOUT });
  const ids = await tile.locator('li[data-ticket-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ticket-id'))));
  assert.ok(ids.length <= 1000, `${ids.length} rows`);
  assert.ok(ids.includes(51200) && ids.includes(51100), 'the newest are all there');
});
