import { generateReport } from './src/bench/generateReports.ts';
import { pairs } from './src/search/grams.ts';
const counts: number[] = [];
for (let i = 0; i < 300; i++) { const r = generateReport(i) as any; counts.push([...pairs(r.text)].length); }
counts.sort((a, b) => a - b);
console.log('generated: median', counts[150], 'max', counts[299], 'min', counts[0]);
import { readFileSync, readdirSync } from 'node:fs';
for (const f of readdirSync('content/reports', { recursive: true }) as string[]) if (f.endsWith('.md') && f.includes('/zh/')) { const t = readFileSync('content/reports/' + f, 'utf8'); console.log(f, t.length, [...pairs(t)].length); }
