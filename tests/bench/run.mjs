// Browser measurements for `cargo xtask bench` (which starts the simulator and sets SIM_URL).
//
// Each measurement runs BENCH_RUNS times (default 10), each time in a fresh browser context (empty
// cache) after POST /sim/reset; the result {median, runs} is written under its key to BENCH_OUT
// (JSON), which xtask prints and merges into target/bench.json.
//
// To add a measurement: append { key, describe, scenario?, floor?, run } to MEASUREMENTS. `run(ctx)`
// returns one sample (a number: ms for keys ending _ms, a count for _requests) or { value, floor?,
// also?: { key: sample } } (more samples under other keys); ctx = { browser, storageBrowser (keeps
// third-party frames' storage), sim(path), floor }. The simulator is reset to `scenario` (default
// demo) before every sample. With `floor: true` every run measures deskset (ctx.floor false), then
// the floor app (tests/bench/floor, ctx.floor true: the host page's app=floor), alternating, each in
// a fresh context after a reset; the floor's samples go under floorKey(key) (`x_ms` -> `x_floor_ms`).
//
// Then one run of the Roles table (3 roles), deskset and floor, gives the critical path (written
// under `critical_path`): the frame's assets, the host page's timeline (window.__simTimeline) and
// first content, on the frame's clock (navigation start = 0).
//
// Run by hand: SIM_URL=http://127.0.0.1:4567/ node tests/bench/run.mjs (the simulator started with
// --floor tests/bench/floor); BENCH_RUNS=N, and BENCH_ONLY=key,key,critical_path for some only.

import { chromium } from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS, THIRD_PARTY_STORAGE, sim, simUrl } from '../e2e/harness.mjs';

const TIMEOUT = 30_000;

/// The key of the floor's samples for a measurement's key.
export function floorKey(key) {
  return key.replace(/(_[a-z]+)$/, '_floor$1');
}

/// The host page's switches for deskset's frame or the floor's.
function hostPage(query, floor) {
  return sim(`/?${query}${floor ? '&app=floor' : ''}`);
}

/// Installed in every frame before its scripts run. In the app frame it watches the DOM, clicks
/// the Roles tab as soon as it exists (if the table is not already shown), and records
/// performance.now() (ms since the frame's navigation start) when the first role row appears,
/// and that time since the epoch (__benchRolesAt, comparable with the host page's timeline).
function rolesRenderProbe(rows = 1) {
  if (!location.pathname.endsWith('/assets/iframe.html')) return;
  let clicked = false;
  const check = () => {
    if (window.__benchRolesMs !== undefined) return true;
    if (document.querySelectorAll('table[data-testid=roles-table] tbody tr').length >= rows) {
      window.__benchRolesMs = performance.now();
      window.__benchRolesAt = performance.timeOrigin + window.__benchRolesMs;
      return true;
    }
    if (!clicked) {
      const roles = [...document.querySelectorAll('[role=tab], button, a')].find(
        (e) => e.textContent.trim() === 'Roles',
      );
      if (roles) {
        clicked = true;
        roles.click();
      }
    }
    return false;
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

const ROLES_PAGE = 'location=nav_bar&account=acme&user=admin';

/// Opens the Roles table (deskset's or the floor's) in a fresh context and waits until `rows` role
/// rows are rendered; gives `inspect(page, frame, ms)` the page, frame and the time from the
/// frame's navigation start, and returns what it returns (by default the time).
async function rolesRender({ browser, floor, switches = '' }, rows, inspect = async (_page, _frame, ms) => ms) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(rolesRenderProbe, rows);
    const page = await context.newPage();
    await page.goto(hostPage(ROLES_PAGE + switches, floor), { waitUntil: 'load', timeout: TIMEOUT });
    const frame = await (await page.waitForSelector('iframe#app', { timeout: TIMEOUT })).contentFrame();
    await frame.waitForFunction(() => window.__benchRolesMs !== undefined, null, { timeout: TIMEOUT });
    return await inspect(page, frame, await frame.evaluate(() => window.__benchRolesMs));
  } finally {
    await context.close();
  }
}

/// The time from the custom_roles answer leaving the host page (its timeline) to the last row
/// rendered in the frame (the probe), both since the epoch: no change to the app needed.
async function answerToRows(page, frame) {
  const timeline = await page.evaluate(() => window.__simTimeline);
  const rendered = await frame.evaluate(() => window.__benchRolesAt);
  const answer = timeline
    .filter((e) => e.dir === 'out' && /^zaf\.request:\d+\.done$/.test(e.key) && /\/api\/v2\/custom_roles(\.json)?(\?|$)/.test(e.detail?.url ?? ''))
    .at(-1);
  if (!answer) throw new Error('the host page never answered GET /api/v2/custom_roles');
  return rendered - answer.t;
}

/// How late the host answers `get` in the run that counts round trips (get_delay_ms).
const ROUND_TRIP_DELAY_MS = 200;

/// One run of the Roles table (3 roles) traced: every asset the frame loaded, every message of the
/// host page's timeline up to first content, on the frame's clock (navigation start = 0), and the
/// host round trips (answers to get/set/invoke) posted before the first API request arrived. The
/// host answers a `get` at once, often before it has read a request the app sent in the same turn
/// right after it, so the count comes from a second run where the host answers gets
/// ROUND_TRIP_DELAY_MS late (get_delay_ms): a request that did not wait arrives before the delayed
/// answer; one that waited, after it. The first run's count is kept too (`..._undelayed`).
async function criticalPath(ctx, reset) {
  const trace = await rolesRender(ctx, 1, async (page, frame, firstContent) => {
    const frameSide = await frame.evaluate(() => ({
      origin: performance.timeOrigin,
      nav: performance.getEntriesByType('navigation').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
      assets: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
    }));
    const timeline = await page.evaluate(() => window.__simTimeline);
    return tracePath(frameSide, timeline, firstContent);
  });
  await reset();
  const delayed = await rolesRender({ ...ctx, switches: `&get_delay_ms=${ROUND_TRIP_DELAY_MS}` }, 1, async (page) =>
    roundTripsBeforeFirstRequest(await page.evaluate(() => window.__simTimeline)),
  );
  return {
    ...trace,
    round_trips_before_first_request: delayed,
    round_trips_before_first_request_undelayed: trace.round_trips_before_first_request,
    get_delay_ms: ROUND_TRIP_DELAY_MS,
  };
}

/// Answers to get/set/invoke the host posted before the first `request:N` arrived.
export function roundTripsBeforeFirstRequest(timeline) {
  let n = 0;
  for (const e of timeline) {
    if (e.dir === 'in' && /^request:\d+$/.test(e.key ?? '')) return n;
    if (e.dir === 'out' && e.request) n += 1;
  }
  return null;
}

/// The critical path from what the frame and the host page recorded (pure, for reading).
export function tracePath({ origin, nav, assets }, timeline, firstContent) {
  const short = (url) => {
    try {
      const u = new URL(url);
      return u.pathname + (u.search && !u.pathname.endsWith('iframe.html') ? u.search : '');
    } catch {
      return String(url);
    }
  };
  const round = (x) => Math.round(x * 10) / 10;
  const events = [];
  for (const e of [...nav, ...assets]) events.push({ t: round(e.start), end: round(e.end), what: `asset ${short(e.name)}` });
  const kinds = {};
  let roundTrips = 0;
  let firstRequest = null;
  for (const e of timeline) {
    const t = round(e.t - origin);
    let what;
    if (e.request) {
      if (e.dir === 'in') kinds[e.id] = `${e.request} ${JSON.stringify(e.detail)}`;
      what = e.dir === 'in' ? `app -> host: ${kinds[e.id]}` : `host -> app: answer to ${kinds[e.id] ?? e.request}`;
      if (e.dir === 'out' && firstRequest === null) roundTrips += 1;
    } else if (/^request:\d+$/.test(e.key ?? '')) {
      if (firstRequest === null) firstRequest = t;
      what = `app -> host: ${e.key} ${e.detail?.type ?? ''} ${e.detail?.url ?? ''}`;
    } else if (/^zaf\.request:\d+\./.test(e.key ?? '')) {
      what = `host -> app: ${e.key} ${e.detail?.status ?? ''} ${e.detail?.url ?? ''}`;
    } else {
      what = `${e.dir === 'in' ? 'app -> host' : 'host -> app'}: ${e.key}`;
    }
    if (t <= firstContent + 1) events.push({ t, what });
  }
  events.push({ t: round(firstContent), what: 'first content (first role row)' });
  events.sort((a, b) => a.t - b.t);
  return { events, round_trips_before_first_request: roundTrips, first_request_ms: firstRequest, first_content_ms: round(firstContent) };
}

/// Installed in every frame: in the app frame, records performance.now() when the Autotask tile
/// first shows tickets (data-state=ready).
function tileReadyProbe() {
  if (!location.pathname.endsWith('/assets/iframe.html')) return;
  const observer = new MutationObserver(() => {
    if (window.__benchTileMs === undefined && document.querySelector('[data-testid=autotask-tile][data-state=ready]')) {
      window.__benchTileMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

async function simJson(path, body) {
  const res = await fetch(sim(path), body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} -> ${res.status}`);
  return res.json();
}

/// Autotask requests the simulator's proxy has handled so far.
async function autotaskRequests() {
  return (await simJson('/sim/requests')).filter((r) => /autotask\.net/i.test(r.url)).length;
}

const TILE_QUERY = 'location=ticket_sidebar&account=acme&user=admin&ticket=1003';
const TILE_PAGE = `/?${TILE_QUERY}`;

/// Opens Ada's ticket in `browser` (a fresh context) and waits for her tickets, in deskset's tile
/// or (`floor`) the floor's. Returns { context, frame, ms } (ms: frame navigation start -> tile ready).
async function openTile(browser, floor = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(tileReadyProbe);
  const page = await context.newPage();
  await page.goto(hostPage(TILE_QUERY, floor), { waitUntil: 'load', timeout: TIMEOUT });
  const frame = await (await page.waitForSelector('iframe#app', { timeout: TIMEOUT })).contentFrame();
  await frame.waitForFunction(() => window.__benchTileMs !== undefined, null, { timeout: TIMEOUT });
  return { context, page, frame, ms: await frame.evaluate(() => window.__benchTileMs) };
}

/// Clicks the tile's Refresh and waits until it shows tickets again.
async function refreshTile(frame) {
  await frame.evaluate(() => {
    window.__benchTileMs = undefined;
  });
  const start = await frame.evaluate(() => performance.now());
  await frame.locator('[data-testid=autotask-refresh]').click();
  await frame.waitForFunction(
    () => document.querySelector('[data-testid=autotask-tile]')?.getAttribute('aria-busy') === 'false' &&
      document.querySelector('[data-testid=autotask-tile][data-state=ready]'),
    null,
    { timeout: TIMEOUT },
  );
  return (await frame.evaluate(() => performance.now())) - start;
}

/// Opens acme's console (nav_bar) as its admin in a fresh browser context, gives its frame to
/// `measure`, and closes the context whatever happens.
async function inConsole({ browser, sim }, measure) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(sim('/?location=nav_bar&account=acme&user=admin'), { waitUntil: 'load', timeout: TIMEOUT });
    const frame = await (await page.waitForSelector('iframe#app', { timeout: TIMEOUT })).contentFrame();
    return await measure(frame);
  } finally {
    await context.close();
  }
}

export const MEASUREMENTS = [
  {
    key: 'roles_render_ms',
    describe: 'app iframe navigation start -> first Roles table row (admin, nav_bar, acme)',
    floor: true,
    run: (ctx) => rolesRender(ctx, 1),
  },
  {
    key: 'roles_197_render_ms',
    describe: 'app iframe navigation start -> all 197 role rows rendered (scenario many_roles); also the custom_roles answer posted by the host -> the last row',
    scenario: 'many_roles',
    floor: true,
    run: (ctx) =>
      rolesRender(ctx, 197, async (page, frame, ms) => {
        const after = await answerToRows(page, frame);
        return { value: ms, also: { [ctx.floor ? floorKey('roles_197_answer_to_rows_ms') : 'roles_197_answer_to_rows_ms']: after } };
      }),
  },
  {
    key: 'compare_10_render_ms',
    describe: 'click on "Compare selected (10)" -> the 10-role permission matrix rendered (many_roles)',
    scenario: 'many_roles',
    run: ({ browser, sim }) => inConsole({ browser, sim }, async (frame) => {
      const boxes = frame.locator('table[data-testid=roles-table] tbody input[type=checkbox]');
      await boxes.nth(9).waitFor({ timeout: TIMEOUT });
      for (let i = 0; i < 10; i++) await boxes.nth(i).check();
      // Timed inside the frame: from the click to the matrix's rows in the DOM.
      return await frame.evaluate(
        () =>
          new Promise((resolve) => {
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent.startsWith('Compare selected'));
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if (document.querySelector('table[data-testid=compare-matrix] tbody tr')) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(document, { childList: true, subtree: true });
            button.click();
          }),
      );
    }),
  },
  {
    key: 'config_editor_2000_macros_ms',
    describe: 'click on "New configuration" -> its Macros tab lists all 2,000 macros, first page rendered (scenario large)',
    scenario: 'large',
    run: ({ browser, sim }) => inConsole({ browser, sim }, async (frame) => {
      await frame.locator('#tab-configurations').click({ timeout: TIMEOUT });
      await frame.locator('[data-testid=new-configuration]').waitFor({ timeout: TIMEOUT });
      // Timed inside the frame: from the click to the macros' first page in the DOM, every
      // list read to its end (the Macros tab is picked as soon as the form shows it).
      return await frame.evaluate(
        (timeout) =>
          new Promise((resolve, reject) => {
            const start = performance.now();
            const check = () => {
              document.querySelector('#tab-macros:not(.is-selected)')?.click();
              const count = document.querySelector('.ds-picker[data-kind=macros] [data-testid=picker-count][data-total="2000"]');
              return count && document.querySelectorAll('.ds-picker[data-kind=macros] .ds-pick-list .ds-check').length === 50;
            };
            const observer = new MutationObserver(() => {
              if (check()) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(document, { childList: true, subtree: true, attributes: true });
            setTimeout(() => reject(new Error('the 2,000 macros did not show')), timeout);
            document.querySelector('[data-testid=new-configuration]').click();
          }),
        TIMEOUT,
      );
    }),
  },
  {
    key: 'tile_cold_requests',
    describe: 'Autotask requests for a first tile load (ticket_sidebar, Ada; fresh browser context)',
    async run({ browser }) {
      const { context } = await openTile(browser);
      await context.close();
      return autotaskRequests();
    },
  },
  {
    key: 'tile_warm_requests',
    describe: 'Autotask requests for a tile load after one (Refresh in the same frame)',
    async run({ browser }) {
      const { context, frame } = await openTile(browser);
      try {
        const before = await autotaskRequests();
        await refreshTile(frame);
        return (await autotaskRequests()) - before;
      } finally {
        await context.close();
      }
    },
  },
  {
    key: 'tile_warm_frame_requests',
    describe: 'Autotask requests for a new frame after one, where the browser keeps third-party storage',
    async run({ storageBrowser }) {
      const context = await storageBrowser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(tileReadyProbe);
      try {
        let before = 0;
        for (let i = 0; i < 2; i++) {
          const page = await context.newPage();
          if (i === 1) before = await autotaskRequests();
          await page.goto(sim(TILE_PAGE), { waitUntil: 'load', timeout: TIMEOUT });
          const frame = await (await page.waitForSelector('iframe#app', { timeout: TIMEOUT })).contentFrame();
          await frame.waitForFunction(() => window.__benchTileMs !== undefined, null, { timeout: TIMEOUT });
          await page.close();
        }
        return (await autotaskRequests()) - before;
      } finally {
        await context.close();
      }
    },
  },
  {
    key: 'tile_cold_50ms_ms',
    describe: 'app iframe navigation start -> tile showing tickets, cold, 50 ms added to every Autotask request',
    floor: true,
    async run({ browser, floor }) {
      await simJson('/sim/autotask', { latency_ms: 50 });
      const { context, ms } = await openTile(browser, floor);
      await context.close();
      return ms;
    },
  },
  {
    key: 'tile_warm_50ms_ms',
    describe: 'click on Refresh -> tile showing tickets again, warm, 50 ms added to every Autotask request',
    floor: true,
    async run({ browser, floor }) {
      await simJson('/sim/autotask', { latency_ms: 50 });
      const { context, frame } = await openTile(browser, floor);
      try {
        return await refreshTile(frame);
      } finally {
        await context.close();
      }
    },
  },
  {
    key: 'deploy_requests',
    describe: 'requests from Review deploy to the report of "Tier 2 escalation" (globex -> acme), and the floor: one read per type and page on each side, one write per change',
    run: ({ browser, sim }) => inConsole({ browser, sim }, async (frame) => {
      await frame.getByRole('tab', { name: 'Configurations' }).click();
      const review = frame.getByRole('button', { name: 'Review the deploy of Tier 2 escalation' });
      await review.waitFor({ timeout: TIMEOUT });
      // The floor's reads: each type's list pages (100 a page, at least one) in both accounts, as
      // the simulator holds them before the deploy.
      const types = ['groups', 'ticket_fields', 'trigger_categories', 'custom_roles', 'macros', 'triggers', 'views'];
      let reads = 0;
      for (const account of ['globex', 'acme']) {
        const config = await (await fetch(sim(`/sim/accounts/${account}/config`))).json();
        for (const t of types) {
          const listed = (config[t] ?? []).filter((i) => i.deleted !== true && i.restriction?.type !== 'User');
          reads += Math.max(1, Math.ceil(listed.length / 100));
        }
      }
      const before = (await (await fetch(sim('/sim/requests'))).json()).length;
      await review.click();
      await frame.locator('[data-testid=deploy-button][aria-disabled=false]').waitFor({ timeout: TIMEOUT });
      await frame.locator('[data-testid=deploy-button]').click();
      await frame.locator('[data-testid=deploy-report]').waitFor({ timeout: 120_000 });
      const requests = (await (await fetch(sim('/sim/requests'))).json()).slice(before);
      // ... and one write per change.
      const written = await frame.locator('[data-testid=deploy-report] tr[data-result=created], [data-testid=deploy-report] tr[data-result=updated]').count();
      return { value: requests.length, floor: reads + written };
    }),
  },
];

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS || 10);
  simUrl();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const storageBrowser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...THIRD_PARTY_STORAGE],
  });
  const reset = async (scenario) => {
    const res = await fetch(sim('/sim/reset'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario }),
    });
    if (!res.ok) throw new Error(`POST /sim/reset -> ${res.status}`);
  };
  const results = {};
  const round = (x) => Math.round(x * 10) / 10;
  try {
    // BENCH_ONLY=key,key (by hand): only those measurements, and no critical path unless named.
    const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
    for (const m of MEASUREMENTS.filter((m) => !only || only.includes(m.key))) {
      // key -> samples; deskset's first, then (floor: true) the floor's, then any `also` keys.
      const samples = new Map([[m.key, []]]);
      if (m.floor) samples.set(floorKey(m.key), []);
      let floor;
      for (let i = 0; i < runs; i++) {
        for (const onFloor of m.floor ? [false, true] : [false]) {
          await reset(m.scenario ?? 'demo');
          // A sample, or { value, floor?, also? }.
          const got = await m.run({ browser, storageBrowser, sim, floor: onFloor });
          const key = onFloor ? floorKey(m.key) : m.key;
          const value = typeof got === 'object' ? got.value : got;
          if (typeof got === 'object' && got.floor !== undefined) floor = got.floor;
          samples.get(key).push(round(value));
          for (const [k, v] of Object.entries((typeof got === 'object' && got.also) || {})) {
            if (!samples.has(k)) samples.set(k, []);
            samples.get(k).push(round(v));
          }
          console.error(`${key} run ${i + 1}/${runs}: ${value.toFixed(1)}`);
        }
      }
      for (const [k, xs] of samples) {
        results[k] = { median: round(median(xs)), runs: xs, ...(k === m.key && floor !== undefined ? { floor } : {}) };
      }
    }
    // One traced run each, deskset then the floor.
    results.critical_path = {};
    for (const [name, onFloor] of only && !only.includes('critical_path') ? [] : [['deskset', false], ['floor', true]]) {
      await reset('demo');
      results.critical_path[name] = await criticalPath({ browser, sim, floor: onFloor }, () => reset('demo'));
    }
  } finally {
    await browser.close();
    await storageBrowser.close();
  }
  const json = JSON.stringify(results, null, 2);
  if (process.env.BENCH_OUT) {
    await writeFile(process.env.BENCH_OUT, json + '\n');
  } else {
    console.log(json);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
