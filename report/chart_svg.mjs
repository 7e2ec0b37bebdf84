// Renders charts that `trappsteg report DIR --charts OUT` wrote as Vega-Lite specs to SVG, headless:
//   node report/chart_svg.mjs OUT ID...   reads OUT/ID.vl.json, writes OUT/ID.svg
// Vega-Lite compiles each spec to Vega, and a Vega view without a renderer ('none') writes the SVG;
// a spec's config.locale (Swedish decimal commas, space-grouped thousands) is the view's locale.
// No network: the data is inside each spec. Exit 1 naming the chart if one cannot be rendered.
import * as vega from 'vega';
import * as vl from 'vega-lite';
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
    // Whole or absent: written beside the target, then renamed over it.
    const target = join(dir, `${id}.svg`);
    writeFileSync(`${target}.part`, svg);
    renameSync(`${target}.part`, target);
  } catch (error) {
    console.error(`${id}: ${error.message}`);
    failed += 1;
  }
}
process.exit(failed > 0 ? 1 : 0);
