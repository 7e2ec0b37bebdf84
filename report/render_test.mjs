// Opens report.html in headless Chromium and checks that it works offline:
//   node report/render_test.mjs REPORT.html [--screenshot OUT.png]
// Fails (exit 1) on any console error or page error, on any request other than the file itself,
// if the charts do not finish rendering, if a chart holds no drawn marks, if a table is wider
// than the page (1280 px wide, the body's 1200 px column), if an axis's tick labels are not
// formatted as the report promises (no SI suffix such as 120m or 40M, shares in %, a decimal
// comma in Swedish, no two ticks of one axis alike), if a Swedish page shows an English chart
// title or axis title, or if a chart lacks its export menu (SVG and PNG, nothing that goes
// online) or cannot be exported as SVG and PNG offline, or if the staircase's flow graph, fitted
// to the page's width, has text smaller than 9 px.
//   --chart-shots DIR writes a picture of each chart section and each table with an id.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
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
    acceptDownloads: true,
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
  // The staircase's flow graph, scaled to the page's width, keeps its text readable (9 px or more).
  const flowText = await page.evaluate(() => {
    const svg = document.querySelector('div.staircase svg');
    if (!svg) return null;
    const shown = svg.getBoundingClientRect().width;
    const drawn = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : shown;
    const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(t.getAttribute('font-size') || '14'));
    return sizes.length ? { smallest: Math.min(...sizes) * shown / drawn, shown } : null;
  });
  if (flowText && flowText.smallest < 9) problems.push(`flow graph text is ${flowText.smallest.toFixed(1)} px at the page's width: too small to read`);
  problems.push(...await checkAxes(page));
  problems.push(...await checkTranslated(page));
  problems.push(...await checkExport(page, charts));
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

// Tick labels of every axis of every chart, with the axis's title (or, where a row of panels
// names its outcome above them, that row's title).
async function checkAxes(page) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  const axes = await page.evaluate(() => [...document.querySelectorAll('div.chart')].flatMap((chart) =>
    [...chart.querySelectorAll('g.role-axis')].map((axis) => {
      const visible = (t) => t.getAttribute('opacity') !== '0' && t.textContent.trim() !== '';
      const labels = [...axis.querySelectorAll('g.role-axis-label text')].filter(visible).map((t) => t.textContent.trim());
      let title = [...axis.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent).join(' ');
      const vertical = (axis.getAttribute('aria-label') || '').startsWith('Y-axis');
      if (!title && vertical) {
        // A panel in a titled row of a concatenation: the row's title is the nearest group title above.
        for (let g = axis.parentElement; g && !title && g !== chart; g = g.parentElement)
          title = [...g.querySelectorAll(':scope > g > g.role-title text, :scope > g.role-title text')].map((t) => t.textContent).join(' ');
      }
      return { chart: chart.id, title, labels };
    })));
  const problems = [];
  const si = /^[−-]?\d+([.,]\d+)?\s?[mkMGµnT]$/;
  const share = lang === 'sv' ? /sysselsättningsgrad|andel|nyanlända i arbete|sannolikhet/i : /employment rate|share|newcomers employed|probability/i;
  const notShare = /procentenheter|percentage points|skillnad|gap/i;
  let shareAxes = 0;
  for (const { chart, title, labels } of axes) {
    const where = `${chart}: axis "${title}"`;
    for (const label of labels) {
      if (si.test(label)) problems.push(`${where}: tick "${label}" has an SI suffix`);
      if (lang === 'sv' && /\d\.\d/.test(label)) problems.push(`${where}: tick "${label}" has a decimal point, not a comma`);
      if (lang === 'sv' && /\d,\d{3},\d{3}/.test(label)) problems.push(`${where}: tick "${label}" groups thousands with a comma`);
      if (lang === 'en' && /\d,\d{1,2}$/.test(label)) problems.push(`${where}: tick "${label}" has a decimal comma in English`);
    }
    if (new Set(labels).size !== labels.length) problems.push(`${where}: ticks repeat (${labels.join(' ')}): too few decimals`);
    // Years are not shares: an axis of years or a tile map's hidden axes are skipped.
    if (share.test(title) && !notShare.test(title) && labels.length > 0) {
      shareAxes += 1;
      for (const label of labels) if (!/%$/.test(label)) problems.push(`${where}: share tick "${label}" is not in %`);
    }
    if (/MSEK|mnkr/.test(title) && labels.some((l) => /[MG]$/.test(l))) problems.push(`${where}: money in MSEK with an M suffix`);
  }
  if (axes.some((a) => a.chart === 'chart-employment') && shareAxes === 0) problems.push('no share axis found to check (titles changed?)');
  return problems;
}

// English chart titles, axis titles and words of the export menu that a Swedish page must not show.
function englishPhrases() {
  return ['Employment rate', 'Share employed', 'Year', 'District', 'City', 'Months since arrival', 'People', 'Step',
  'Net, MSEK', 'MSEK', 'Cumulative net', 'Extra programme cost', 'Income support saved', 'Municipal tax gained', 'payback',
  'no payback within', 'Difference, pp', 'percentage points', 'Shows', 'Save as SVG', 'Save as PNG', 'Budget against',
  'Gap in employment rate', 'Income inequality', 'Children in households', 'Newcomers', 'Districts', 'Probability of paying back',
  'Each outcome against', 'The budget\'s items', 'Flows between the steps', 'Shaded'];
}

async function checkTranslated(page) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'sv') return [];
  // Headings, notes, table headers and the charts' own text; not the model files and scenarios
  // quoted in Methods (<pre>, <details>), nor the staircase's step names from the model.
  const text = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, p.note, th, div.chart text, .vega-actions a')]
    .filter((e) => !e.closest('details, pre, div.staircase')).map((e) => e.textContent).join('\n'));
  return englishPhrases().filter((phrase) => new RegExp(`(^|[^\\p{L}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(text))
    .map((phrase) => `untranslated English in the Swedish page: "${phrase}"`);
}

// Every chart has vega-embed's menu with SVG and PNG only; one chart is saved as SVG through the
// menu (caught as a download) and every chart renders to SVG and PNG in the page, offline.
async function checkExport(page, charts) {
  const problems = [];
  const menus = await page.evaluate(() => [...document.querySelectorAll('div.chart')].map((chart) => ({
    id: chart.id,
    links: [...chart.querySelectorAll('.vega-actions a')].map((a) => ({ text: a.textContent, download: a.getAttribute('download') })),
  })));
  for (const { id, links } of menus) {
    const files = links.map((l) => l.download).filter(Boolean).sort();
    if (files.join(' ') !== `${id}.png ${id}.svg`) problems.push(`chart ${id}: the menu offers ${JSON.stringify(links)}, not SVG and PNG named after the chart`);
    if (links.length !== 2) problems.push(`chart ${id}: the menu has ${links.length} entries (export only: SVG and PNG)`);
  }
  const rendered = await page.evaluate(async () => {
    const out = [];
    for (const [id, view] of Object.entries(window.trappsteg.byId)) {
      const svg = await view.toSVG();
      const png = await view.toImageURL('png');
      out.push({ id, svg: svg.startsWith('<svg') && svg.includes('role-mark'), png: png.startsWith('data:image/png') && png.length > 1000 });
    }
    return out;
  });
  for (const r of rendered) {
    if (!r.svg) problems.push(`chart ${r.id}: view.toSVG() gave no SVG with marks`);
    if (!r.png) problems.push(`chart ${r.id}: view.toImageURL('png') gave no PNG`);
  }
  if (rendered.length !== charts.length) problems.push(`${rendered.length} views for ${charts.length} charts`);
  if (charts.length > 0) {
    const id = charts[0].id;
    await page.click(`#${id} details summary`);
    const link = page.locator(`#${id} .vega-actions a[download$=".svg"]`);
    // The menu fills in the link's address on mousedown (asynchronously), then the click saves it.
    await link.dispatchEvent('mousedown');
    await page.waitForFunction((sel) => !document.querySelector(sel).href.endsWith('#'), `#${id} .vega-actions a[download$=".svg"]`, { timeout: 10000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), link.click()]);
    const file = await download.path();
    const text = file ? readFileSync(file, 'utf8') : '';
    if (download.suggestedFilename() !== `${id}.svg`) problems.push(`SVG export of ${id} saved as ${download.suggestedFilename()}`);
    if (!text.startsWith('<svg')) problems.push(`SVG export of ${id} through the menu gave no SVG (${text.slice(0, 40)})`);
  }
  return problems;
}
