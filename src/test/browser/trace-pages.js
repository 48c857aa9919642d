// Drives listen's pages in headless Chromium as a person would, for TracePagesIT (the assertions
// are there): opens the index, clicks a trace, clicks a span, and prints on stdout, as one JSON
// object, what the browser showed. Screenshots of the index and of the trace page go to SHOTS.
//
//   CHROMIUM=/usr/bin/chromium NODE_PATH=scripts/bench-tools/node/node_modules \
//     node src/test/browser/trace-pages.js BASE_URL SHOTS ROOT SPAN HOSTILE_ROOT HOSTILE_SPAN
//
// ROOT, SPAN: the trace to open and the span to click; HOSTILE_ROOT, HOSTILE_SPAN: a second trace,
// whose span name and attributes are markup an app sent, which must show as text.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [base, shots, root, span, hostileRoot, hostileSpan] = process.argv.slice(2);
// patience for a loaded machine; nothing here waits unless something is missing
const TIMEOUT = 60000;

async function rowTexts(page, selector) {
  return page.locator(selector).evaluateAll((cells) => cells.map((cell) => cell.textContent.trim()));
}

// Opens a trace from the index by its root span's name, clicks one span, returns what was shown.
async function openTrace(page, rootName, spanName) {
  await page.goto(base + '/');
  await page.getByRole('link', { name: rootName, exact: true }).click();
  await page.waitForURL(/\/tracecheck\/traces\//, { timeout: TIMEOUT });
  await page.locator('table.waterfall').waitFor({ timeout: TIMEOUT });
  const names = await rowTexts(page, 'table.waterfall tr.span td.name');
  const row = page.locator('tr.span', { has: page.locator('td.name', { hasText: spanName }) }).first();
  const hiddenBefore = await page.locator('#' + (await row.getAttribute('aria-controls'))).isHidden();
  await row.click();
  const details = page.locator('#' + (await row.getAttribute('aria-controls')));
  await details.waitFor({ state: 'visible', timeout: TIMEOUT });
  return {
    url: page.url(),
    heading: (await page.locator('h1').textContent()).trim(),
    spans: names,
    detailsHiddenBeforeClick: hiddenBefore,
    details: (await details.innerText()).trim(),
    orphanNote: (await page.locator('#orphans').count()) > 0 ? (await page.locator('#orphans').innerText()).trim() : '',
    images: await page.locator('img').count(),
  };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    // root in a container has no user namespace for Chromium's sandbox
    args: ['--no-sandbox'],
    timeout: TIMEOUT,
  });
  const seen = { dialogs: [], consoleErrors: [], offsite: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 640 }, colorScheme: 'light' });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    page.on('dialog', (dialog) => { seen.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
    page.on('console', (message) => { if (message.type() === 'error') seen.consoleErrors.push(message.text()); });
    page.on('request', (request) => { if (!request.url().startsWith(base)) seen.offsite.push(request.url()); });

    await page.goto(base + '/');
    await page.getByRole('link', { name: root, exact: true }).waitFor();
    seen.index = {
      traces: await rowTexts(page, 'table.traces tbody tr td.name'),
      services: await rowTexts(page, 'table.traces tbody tr td:nth-child(2)'),
      refusals: await rowTexts(page, 'table.refusals tbody tr'),
    };
    await page.screenshot({ path: path.join(shots, 'listen-index.png'), fullPage: true });

    seen.trace = await openTrace(page, root, span);
    await page.screenshot({ path: path.join(shots, 'listen-trace.png'), fullPage: true });

    seen.hostile = await openTrace(page, hostileRoot, hostileSpan);
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
