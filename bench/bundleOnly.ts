/**
 * Only the bundle and start-up rows of `npm run bench` (builds the production bundle and the
 * baseline, then about a minute of fresh processes): `node --import tsx bench/bundleOnly.ts`.
 * Same measurement as bench/index.ts.
 */
import { bundleRows } from './bundleRows';

for (const row of bundleRows()) console.log(`${row.figure}: ${row.value}${row.reference ? ` (${row.reference})` : ''}${row.verdict ? ` [${row.target}: ${row.verdict}]` : ''}`);
