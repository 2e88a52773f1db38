// Browser measurements for `cargo xtask bench` (which starts the simulator and sets SIM_URL).
//
// Each measurement runs BENCH_RUNS times (default 10), each time in a fresh browser context (empty
// cache) after POST /sim/reset; the result {median, runs} is written under its key to BENCH_OUT
// (JSON), which xtask prints and merges into target/bench.json.
//
// To add a measurement: append { key, describe, scenario?, run } to MEASUREMENTS. `run(ctx)`
// returns one sample (a number: ms for keys ending _ms, a count for _requests); ctx = { browser,
// storageBrowser (keeps third-party frames' storage), sim(path) }. The simulator is reset to
// `scenario` (default demo) before every sample.
//
// Run by hand: SIM_URL=http://127.0.0.1:4567/ node tests/bench/run.mjs

import { chromium } from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS, THIRD_PARTY_STORAGE, sim, simUrl } from '../e2e/harness.mjs';

const TIMEOUT = 30_000;

/// Installed in every frame before its scripts run. In the app frame it watches the DOM, clicks
/// the Roles tab as soon as it exists (if the table is not already shown), and records
/// performance.now() (ms since the frame's navigation start) when the first role row appears.
function rolesRenderProbe(rows = 1) {
  if (!location.pathname.endsWith('/assets/iframe.html')) return;
  let clicked = false;
  const check = () => {
    if (window.__benchRolesMs !== undefined) return true;
    if (document.querySelectorAll('table[data-testid=roles-table] tbody tr').length >= rows) {
      window.__benchRolesMs = performance.now();
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

/// The time from navigation to `rows` role rows rendered, for a user in a scenario.
async function rolesRender({ browser, sim }, rows) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(rolesRenderProbe, rows);
    const page = await context.newPage();
    await page.goto(sim('/?location=nav_bar&account=acme&user=admin'), { waitUntil: 'load', timeout: TIMEOUT });
    const frame = await (await page.waitForSelector('iframe#app', { timeout: TIMEOUT })).contentFrame();
    await frame.waitForFunction(() => window.__benchRolesMs !== undefined, null, { timeout: TIMEOUT });
    return await frame.evaluate(() => window.__benchRolesMs);
  } finally {
    await context.close();
  }
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

const TILE_PAGE = '/?location=ticket_sidebar&account=acme&user=admin&ticket=1003';

/// Opens Ada's ticket in `browser` (a fresh context) and waits for her tickets. Returns
/// { context, frame, ms } (ms: frame navigation start -> tile ready).
async function openTile(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(tileReadyProbe);
  const page = await context.newPage();
  await page.goto(sim(TILE_PAGE), { waitUntil: 'load', timeout: TIMEOUT });
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
    run: (ctx) => rolesRender(ctx, 1),
  },
  {
    key: 'roles_197_render_ms',
    describe: 'app iframe navigation start -> all 197 role rows rendered (scenario many_roles)',
    scenario: 'many_roles',
    run: (ctx) => rolesRender(ctx, 197),
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
    async run({ browser }) {
      await simJson('/sim/autotask', { latency_ms: 50 });
      const { context, ms } = await openTile(browser);
      await context.close();
      return ms;
    },
  },
  {
    key: 'tile_warm_50ms_ms',
    describe: 'click on Refresh -> tile showing tickets again, warm, 50 ms added to every Autotask request',
    async run({ browser }) {
      await simJson('/sim/autotask', { latency_ms: 50 });
      const { context, frame } = await openTile(browser);
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
  try {
    for (const m of MEASUREMENTS) {
      const samples = [];
      let floor;
      for (let i = 0; i < runs; i++) {
        await reset(m.scenario ?? 'demo');
        // A sample, or { value, floor } where the measurement has a floor of its own.
        const got = await m.run({ browser, storageBrowser, sim });
        const ms = typeof got === 'object' ? got.value : got;
        if (typeof got === 'object') floor = got.floor;
        samples.push(Math.round(ms * 10) / 10);
        console.error(`${m.key} run ${i + 1}/${runs}: ${ms.toFixed(1)}`);
      }
      results[m.key] = { median: Math.round(median(samples) * 10) / 10, runs: samples, ...(floor === undefined ? {} : { floor }) };
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
