// The app in each location, in the user's language, and the frame sized to the content.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useHarness, roleRows, sim, TIMEOUT } from './harness.mjs';

const harness = useHarness();

/// A string of a shipped translation file (the expectation comes from the source of truth).
async function uiString(locale, ...path) {
  const file = new URL(`../../static/translations/${locale}.json`, import.meta.url);
  let value = JSON.parse(await readFile(file, 'utf8')).ui;
  for (const key of path) value = value[key];
  return value;
}

for (const locale of ['fr', 'nl', 'zh-cn']) {
  test(`a user whose Zendesk locale is ${locale} gets the ${locale} interface`, { timeout: 90_000 }, async () => {
  const h = harness();
    const { frame } = await h.openHost({ location: 'nav_bar', user: 'admin', locale });
    const title = await uiString(locale, 'roles', 'title');
    const english = await uiString('en', 'roles', 'title');
    assert.notEqual(title, english, 'the translation differs from English');
    await h.visible(frame.getByRole('heading', { name: title }), `the heading "${title}"`, frame);
    await h.visible(roleRows(frame), 'role rows', frame);
    assert.equal(await frame.getByText(english, { exact: true }).count(), 0, 'no English heading left');
  });
}

test('an unknown locale falls back to English', { timeout: 90_000 }, async () => {
  const h = harness();
  const { frame } = await h.openHost({ location: 'nav_bar', user: 'admin', locale: 'de' });
  const english = await uiString('en', 'roles', 'title');
  await h.visible(frame.getByRole('heading', { name: english }), `the heading "${english}"`, frame);
});

test('in a location neither app declares (background), Zendesk shows no app: the host page embeds none', { timeout: 90_000 }, async () => {
  const h = harness();
  const page = await h.newPage();
  await page.goto(sim('/?location=background&user=admin'), { waitUntil: 'load', timeout: TIMEOUT });
  assert.equal(await page.locator('iframe#app').count(), 0, 'no frame');
  assert.match(await page.locator('#sim-no-app').innerText(), /neither manifest declares it/);
  assert.deepEqual(h.errors, [], 'no browser errors');
});

test('the app asks Zendesk to keep its frame as tall as its content', { timeout: 90_000 }, async () => {
  const h = harness();
  const { page, frame } = await h.openHost({ location: 'nav_bar', user: 'admin' });
  await h.visible(roleRows(frame), 'role rows', frame);
  const contentHeight = () => frame.evaluate(() => Math.ceil(document.getElementById('deskset-root').getBoundingClientRect().height));
  const lastResize = async () => {
    const sizes = await h.simResizes(page);
    return sizes.length ? parseInt(sizes[sizes.length - 1].height, 10) : null;
  };
  const full = await contentHeight();
  await page.waitForFunction((want) => {
    const s = window.__simResizes;
    return s.length && parseInt(s[s.length - 1].height, 10) === want;
  }, full, { timeout: TIMEOUT });
  assert.equal(await lastResize(), full);

  // Filtering the table down to nothing shrinks the content: the frame follows.
  await frame.getByRole('searchbox').fill('no role is called this');
  await frame.waitForFunction(() => !document.querySelector('table[data-testid=roles-table] tbody tr'), null, { timeout: TIMEOUT });
  const small = await contentHeight();
  assert.ok(small < full, `content shrank (${small} < ${full})`);
  await page.waitForFunction((want) => {
    const s = window.__simResizes;
    return s.length && parseInt(s[s.length - 1].height, 10) === want;
  }, small, { timeout: TIMEOUT });
  const sizes = await h.simResizes(page);
  assert.equal(sizes[sizes.length - 1].width, '100%');
});
