// Opens report.html in headless Chromium and checks that it works offline:
//   node report/render_test.mjs REPORT.html [--screenshot OUT.png]
// Fails (exit 1) on any console error or page error, on any request other than the file itself,
// if the charts do not finish rendering, if a chart holds no drawn marks, or if a table is wider
// than the page (1280 px wide, the body's 1200 px column).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const shotAt = args.indexOf('--screenshot');
const screenshot = shotAt >= 0 ? args.splice(shotAt, 2)[1] : null;
const chartShotsAt = args.indexOf('--chart-shots');
const chartShots = chartShotsAt >= 0 ? args.splice(chartShotsAt, 2)[1] : null;
if (args.length !== 1 || (shotAt >= 0 && !screenshot)) {
  console.error('usage: node report/render_test.mjs REPORT.html [--screenshot OUT.png] [--chart-shots DIR]');
  process.exit(2);
}
const file = resolve(args[0]);
if (!existsSync(file)) {
  console.error(`FAIL: ${file} does not exist`);
  process.exit(1);
}
const url = pathToFileURL(file).href;
const problems = [];
const userDataDir = mkdtempSync(join(tmpdir(), 'trappsteg-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Every request is refused, so nothing can leave the machine; any but the file itself is a failure.
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    problems.push(`request: ${requested}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.getAttribute('data-rendered') !== null, null, { timeout: 60000 });
  const state = await page.evaluate(() => document.body.getAttribute('data-rendered'));
  if (state !== 'true') problems.push(`charts did not render (data-rendered=${state})`);
  const charts = await page.evaluate(() => [...document.querySelectorAll('div.chart')].map((chart) => ({
    id: chart.id,
    // Drawn items of data marks: Vega renders each item as a child of a g.role-mark group;
    // axes, legends and titles use other roles.
    marks: [...chart.querySelectorAll('svg g.role-mark')]
      .filter((g) => !g.closest('.role-axis, .role-legend, .role-title'))
      .reduce((n, g) => n + g.querySelectorAll(':scope > path, :scope > line, :scope > text, :scope > rect, :scope > g').length, 0),
  })));
  if (charts.length === 0) problems.push('the report holds no charts');
  for (const chart of charts) {
    if (chart.marks === 0) problems.push(`chart ${chart.id} has no drawn marks`);
  }
  // A table runs past the body's column (the page scrolls sideways, a printout cuts it off).
  const wide = await page.evaluate(() => {
    const body = document.body.getBoundingClientRect();
    const style = getComputedStyle(document.body);
    const right = body.right - parseFloat(style.paddingRight);
    return [...document.querySelectorAll('table')]
      .map((table, i) => ({ name: table.id || table.className || `table ${i + 1}`, right: table.getBoundingClientRect().right }))
      .filter((t) => t.right > right + 1)
      .map((t) => `${t.name} ends at ${Math.round(t.right)} px, past the page's ${Math.round(right)} px`);
  });
  for (const w of wide) problems.push(`table too wide: ${w}`);
  console.log(`${file}: ${charts.length} chart(s): ${charts.map((c) => `${c.id}=${c.marks}`).join(', ')}`);
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot written to ${screenshot}`);
  }
  if (chartShots) {
    // One picture per chart section (heading, note and chart), to look at one at a time.
    for (const section of await page.$$('section')) await section.screenshot({ path: join(chartShots, `${await section.evaluate((s) => s.querySelector('div.chart, div.staircase')?.id || 'staircase')}.png`) });
    for (const table of await page.$$('table[id]')) await table.screenshot({ path: join(chartShots, `table-${await table.evaluate((t) => t.id)}.png`) });
    console.log(`chart screenshots written to ${chartShots}`);
  }
} catch (error) {
  problems.push(`error: ${error.message}`);
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
if (problems.length > 0) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
console.log('ok: rendered offline, no console errors, no requests');
