// The demo scenario as `cargo xtask dev` opens it: acme already shares globex (the share the
// add-share flow leaves: slot 1, a read-only OAuth token of Greta's), so the target's console lists
// the share and reads globex's configurations through it with nothing typed.
//
// Data (docs/contracts.md, "Demo scenario"): globex's configurations "Service desk starter",
// "Field service", "Tier 2 escalation", "Customer care", "Key accounts routing" and "Full service desk".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from './harness.mjs';

const harness = useHarness();

const GRETA = 'greta.globex@globex.example';

test('acme opens with its share of globex and reads its configurations through it', { timeout: 120_000 }, async () => {
  const h = harness();
  const { frame } = await h.openHost({ location: 'nav_bar', user: 'admin' });
  const account = frame.getByRole('tab', { name: 'Account' });
  await h.visible(account, 'the Account tab', frame);
  await account.click();
  const row = frame.locator('[data-testid=shares-table] tbody tr');
  await h.visible(row, 'the share row', frame);
  assert.equal(await row.getAttribute('data-source'), 'https://globex.zendesk.com');
  assert.ok((await row.innerText()).includes(GRETA));

  await frame.getByRole('tab', { name: 'Configurations' }).click();
  const source = frame.locator('article[data-source="https://globex.zendesk.com"]');
  await h.visible(source.locator('[data-state=ready]'), "globex's configurations", frame);
  const names = await source.locator('li.ds-config').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  assert.deepEqual(names, ['Service desk starter', 'Field service', 'Tier 2 escalation', 'Customer care', 'Key accounts routing', 'Full service desk']);
  const tier2 = await source.locator('li[data-name="Tier 2 escalation"]').innerText();
  for (const part of ['Tier 2', 'Escalation reason', 'Escalate to Tier 2', 'Tier 2 queue', 'Escalate: outage']) {
    assert.ok(tier2.includes(part), `shows ${part}: ${tier2}`);
  }
  // Read with the saved token: secure requests to globex, all answered.
  const reads = (await h.requests()).filter((r) => r.url.startsWith('https://globex.zendesk.com/'));
  assert.ok(reads.length > 0, 'the source was read');
  for (const r of reads) {
    assert.equal(r.secure, true, `${r.url} sent with the secure slot`);
    assert.equal(r.status, 200, `${r.url} -> ${r.status}`);
  }
  // The slot still holds the same read-only token; nothing was written in the source.
  const console = (await h.apps('acme')).find((a) => a.app === 'console');
  assert.equal(console.secure.share_auth_1.kind, 'oauth_token');
  assert.deepEqual(console.secure.share_auth_1.scopes, ['read']);
  assert.ok(reads.every((r) => r.method === 'GET'), 'only reads');
});
