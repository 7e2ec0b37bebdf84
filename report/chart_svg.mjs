// Renders charts that `trappsteg report DIR --charts OUT` wrote as Vega-Lite specs to SVG and PNG,
// headless:
//   node report/chart_svg.mjs OUT ID...   reads OUT/ID.vl.json, writes OUT/ID.svg and OUT/ID.png
// Vega-Lite compiles each spec to Vega, and a Vega view without a renderer ('none') writes the SVG;
// a spec's config.locale (Swedish decimal commas, space-grouped thousands) is the view's locale.
// The PNG is that SVG rasterised by resvg at twice its size (print resolution for a page-wide chart),
// on white, with the system's DejaVu Sans for Vega's sans-serif: node has no canvas for Vega's own PNG.
// No network: the data is inside each spec. Exit 1 naming the chart if one cannot be rendered.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...ids] = process.argv.slice(2);
if (!dir || ids.length === 0) {
  console.error('usage: node report/chart_svg.mjs OUT_DIR CHART_ID...');
  process.exit(2);
}
let failed = 0;
for (const id of ids) {
  try {
    const spec = JSON.parse(readFileSync(join(dir, `${id}.vl.json`), 'utf8'));
    const compiled = vl.compile(spec).spec;
    const locale = spec.config?.locale;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', ...(locale ? { locale } : {}) });
    const svg = await view.toSVG();
    view.finalize();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render().asPng();
    // Whole or absent: written beside the target, then renamed over it.
    for (const [extension, bytes] of [['svg', svg], ['png', png]]) {
      const target = join(dir, `${id}.${extension}`);
      writeFileSync(`${target}.part`, bytes);
      renameSync(`${target}.part`, target);
    }
  } catch (error) {
    console.error(`${id}: ${error.message}`);
    failed += 1;
  }
}
process.exit(failed > 0 ? 1 : 0);
