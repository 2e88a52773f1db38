// End-to-end harness: headless Chromium (playwright-core) against deskset-sim.
//
// The simulator must already run; its URL comes from SIM_URL (cargo xtask test starts it).
// Tests use only the DOM hooks of docs/contracts.md and visible English text.
//
//   const h = await startHarness();
//   await h.reset();
//   await h.inject({ path: '/api/v2/custom_roles', status: 500, times: 1 });
//   const { page, frame } = await h.openHost({ user: 'restricted' });
//   await h.close();

import { chromium } from 'playwright-core';
import { before, after, beforeEach } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/// How long to wait for the app to show something (a cold wasm start on a slow machine included).
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 20000);

export function simUrl() {
  const url = process.env.SIM_URL;
  if (!url) {
    throw new Error(
      'SIM_URL is not set: run the end-to-end tests with `cargo xtask test --only e2e`, ' +
        'or start the simulator and set SIM_URL=http://127.0.0.1:PORT/',
    );
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/// A URL on the simulator.
export function sim(pathAndQuery) {
  return new URL(pathAndQuery.replace(/^\//, ''), simUrl()).toString();
}

async function simFetch(method, p, body) {
  const res = await fetch(sim(p), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${p} -> ${res.status}: ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : null;
}

/// The usual life of a test file: one browser for the file, every test starting from a fresh
/// simulator and no open pages. Returns a function that gives the harness inside tests.
/// `scenario`: the world every test of the file starts from (`demo` unless given; `unshared` for
/// tests that add acme's share with globex themselves).
export function useHarness({ scenario = 'demo' } = {}) {
  let h;
  before(async () => {
    h = await startHarness({ scenario });
  });
  after(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.fresh();
  });
  return () => h;
}

/// Chromium as shipped to people allows a third-party frame its (partitioned) storage; the
/// test build blocks it by default (third-party cookie deprecation), like a browser set to
/// block third-party cookies. The app must work both ways; these flags give the first.
export const THIRD_PARTY_STORAGE = ['--disable-features=TrackingProtection3pcd,ThirdPartyCookieDeprecationTrial'];

/// Starts Chromium with a fresh profile. One per test file is enough; reset() between tests.
/// `extraArgs`: more Chromium flags (e.g. THIRD_PARTY_STORAGE); `scenario`: what reset() and
/// fresh() go back to when not told.
export async function startHarness({ extraArgs = [], scenario = 'demo' } = {}) {
  simUrl();
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'deskset-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  return new Harness(context, userDataDir, scenario);
}

export class Harness {
  constructor(context, userDataDir, scenario = 'demo') {
    this.context = context;
    this.userDataDir = userDataDir;
    /// The scenario reset() and fresh() go back to when not told.
    this.scenario = scenario;
    /// Console errors and page errors of every page this harness opened (for failure messages).
    this.errors = [];
    /// Every console message of every page (secrets tests read it).
    this.console = [];
  }

  /// POST /sim/reset: accounts, recorded requests and faults back to the scenario.
  /// Open pages stay open (the app in them keeps its own state).
  async reset(scenario = this.scenario) {
    await simFetch('POST', '/sim/reset', { scenario });
  }

  /// Before each test: closes every page, forgets recorded errors, resets the simulator.
  async fresh(scenario = this.scenario) {
    for (const page of this.context.pages()) {
      await page.close();
    }
    this.errors = [];
    this.console = [];
    await this.reset(scenario);
  }

  /// POST /sim/faults. Defaults: account acme, method GET, times 1.
  async inject(fault) {
    await simFetch('POST', '/sim/faults', { account: 'acme', method: 'GET', times: 1, ...fault });
  }

  /// POST /sim/accounts/<subdomain>, e.g. { plan: 'professional' }.
  async setAccount(subdomain, changes) {
    await simFetch('POST', `/sim/accounts/${subdomain}`, changes);
  }

  /// GET /sim/requests: every request the proxy handled, oldest first.
  async requests() {
    return simFetch('GET', '/sim/requests');
  }

  /// Asks the simulator's proxy directly, as host.js would for an app's frame (POST /sim/proxy).
  /// `session`: { account, user, app } (app `console` unless given; `tile` for the tile's).
  /// Returns { done, args }.
  async proxy(session, options) {
    return simFetch('POST', '/sim/proxy', { session: { app: 'console', ...session }, options });
  }

  /// GET /sim/accounts/<subdomain>/apps: deskset's installations there (settings, role
  /// restrictions, and what each secure setting holds, described without its value).
  async apps(subdomain = 'acme') {
    return (await simFetch('GET', `/sim/accounts/${subdomain}/apps`)).apps;
  }

  /// POST /sim/secrets/scan: which of the simulator's secrets (secure settings, OAuth tokens,
  /// API tokens) appear in `text`, described without their values.
  async secretsIn(text) {
    return (await simFetch('POST', '/sim/secrets/scan', { text })).found;
  }

  /// Everything a page and its app frame show or keep that a secret must never reach: the DOM of
  /// both, the frame's storage, every console message and every message the app posted.
  async exposed(page, frame) {
    const storage = await frame.evaluate(() => {
      const all = {};
      try { for (let i = 0; i < localStorage.length; i++) all[localStorage.key(i)] = localStorage.getItem(localStorage.key(i)); } catch {}
      try { for (let i = 0; i < sessionStorage.length; i++) all[sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i)); } catch {}
      return JSON.stringify(all);
    });
    return [
      await page.content(),
      await frame.content(),
      storage,
      this.console.join('\n'),
      JSON.stringify(await this.simMessages(page)),
    ].join('\n');
  }

  /// POST /sim/accounts/<subdomain>/apps/<app>: e.g. { role_restrictions: null } (everyone).
  async setApp(subdomain, app, changes) {
    await simFetch('POST', `/sim/accounts/${subdomain}/apps/${app}`, changes);
  }

  /// The custom roles the simulator holds for an account, from its own API answer.
  async simRoles(account = 'acme', user = 'admin') {
    const answer = await this.proxy(
      { account, user },
      { url: '/api/v2/custom_roles', type: 'GET', httpCompleteResponse: true, autoRetry: false },
    );
    if (!answer.done) {
      throw new Error(`the simulator refused GET /api/v2/custom_roles: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    const body = responseBody(answer.args[0]);
    if (!Array.isArray(body?.custom_roles)) {
      throw new Error(`no custom_roles in the simulator's answer: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    return body.custom_roles;
  }

  /// Opens the host page: GET /?location=&account=&user=&locale=&plan=&ticket=&viewed_user=.
  /// Returns { page, frame, proxyCalls } once the app iframe has loaded (the console in nav_bar,
  /// the tile elsewhere). proxyCalls fills up live
  /// with every ZAF request the host proxied for the app: { at, options, status, body }.
  async openHost(switches = {}) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(switches)) {
      if (v !== undefined && v !== null) query.set(k, String(v));
    }
    const page = await this.newPage();
    const proxyCalls = recordProxyCalls(page);
    const qs = query.toString();
    await page.goto(sim(qs ? `/?${qs}` : '/'), { waitUntil: 'load', timeout: TIMEOUT });
    const iframe = await page.waitForSelector('iframe#app', { timeout: TIMEOUT });
    const frame = await iframe.contentFrame();
    if (!frame) throw new Error('iframe#app has no frame');
    await frame.waitForLoadState('load', { timeout: TIMEOUT });
    return { page, frame, proxyCalls };
  }

  /// A new tab in this browser, with its console errors recorded.
  async newPage() {
    const page = await this.context.newPage();
    page.on('console', (msg) => {
      this.console.push(msg.text());
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`pageerror: ${err.message}`));
    return page;
  }

  /// window.__simMessages of the host page: every message the app posted, parsed.
  async simMessages(page) {
    return page.evaluate(() => window.__simMessages ?? null);
  }

  /// window.__simResizes of the host page.
  async simResizes(page) {
    return page.evaluate(() => window.__simResizes ?? null);
  }

  async close() {
    await this.context.close().catch(() => {});
    await rm(this.userDataDir, { recursive: true, force: true }).catch(() => {});
  }

  /// Waits until `locator` is visible; on timeout the error says what the app showed instead.
  async visible(locator, what, frame, timeout = TIMEOUT) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout });
    } catch (err) {
      throw new Error(`${what} did not appear within ${timeout} ms\n${await this.describe(frame)}`, {
        cause: err,
      });
    }
    return locator;
  }

  /// Waits until nothing in `frame` is loading (no `[data-state=loading]`) and two frames have
  /// been drawn since: a section that finishes loading moves what is below it, and a click aimed
  /// before the move lands on whatever took its place (seen as a click that did nothing).
  async settled(frame, timeout = TIMEOUT) {
    try {
      await frame.waitForFunction(() => !document.querySelector('[data-state=loading]'), null, { timeout });
      await frame.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    } catch (err) {
      throw new Error(`the app was still loading after ${timeout} ms\n${await this.describe(frame)}`, { cause: err });
    }
  }

  /// What the app shows right now, for failure messages.
  async describe(frame) {
    const lines = [];
    if (frame) {
      try {
        const info = await frame.evaluate(() => ({
          states: [...document.querySelectorAll('[data-state]')].map((e) => e.getAttribute('data-state')),
          text: (document.body?.innerText ?? '').slice(0, 800),
        }));
        lines.push(`app data-state: [${info.states.join(', ')}]`, `app text: ${JSON.stringify(info.text)}`);
      } catch (err) {
        lines.push(`(could not read the app frame: ${err.message})`);
      }
    }
    if (this.errors.length) lines.push(`browser errors:\n  ${this.errors.slice(-10).join('\n  ')}`);
    return lines.join('\n');
  }
}

/// The JSON body of a ZAF request result (httpCompleteResponse or not).
export function responseBody(value) {
  if (value && typeof value === 'object' && 'responseJSON' in value && value.responseJSON != null) {
    return value.responseJSON;
  }
  if (value && typeof value === 'object' && typeof value.responseText === 'string') {
    try {
      return JSON.parse(value.responseText);
    } catch {
      return null;
    }
  }
  return value;
}

/// The path of a URL as the app sent it (relative or absolute), without query.
export function urlPath(url) {
  return new URL(url, 'https://placeholder.invalid').pathname;
}

/// Records POST /sim/proxy calls made by the host page for the app.
function recordProxyCalls(page) {
  const calls = [];
  page.on('request', (req) => {
    if (req.method() !== 'POST' || !req.url().endsWith('/sim/proxy')) return;
    let options = null;
    try {
      options = req.postDataJSON()?.options ?? null;
    } catch {}
    const call = { at: Date.now(), options, status: null, body: null };
    calls.push(call);
    req
      .response()
      .then(async (res) => {
        if (!res) return;
        call.status = res.status();
        call.body = await res.json().catch(() => null);
      })
      .catch(() => {});
  });
  return calls;
}

/// The app's Roles table rows.
export function roleRows(frame) {
  return frame.locator('table[data-testid=roles-table] tbody tr');
}

/// A tab (or tab-like button/link) by its visible English name.
export function tab(frame, name) {
  return frame
    .getByRole('tab', { name, exact: true })
    .or(frame.getByRole('button', { name, exact: true }))
    .or(frame.getByRole('link', { name, exact: true }));
}

/// Opens the console's Roles tab.
export async function openRolesTab(h, frame) {
  const roles = tab(frame, 'Roles').first();
  await h.visible(roles, 'the Roles tab', frame);
  await roles.click();
}

/// Sets a Garden checkbox as a person does: Garden hides the input and its label draws the box,
/// so the label is what gets clicked.
export async function setCheckbox(frame, id, on) {
  const input = frame.locator(`#${id}`);
  if ((await input.isChecked()) !== on) {
    await frame.locator(`label[for="${id}"]`).click();
  }
  if ((await input.isChecked()) !== on) {
    throw new Error(`#${id} did not become ${on ? 'checked' : 'unchecked'}`);
  }
}
