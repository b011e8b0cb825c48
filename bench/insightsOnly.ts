/**
 * Only the insights rows of `npm run bench` (a few seconds): `node --expose-gc --import tsx bench/insightsOnly.ts`.
 * Same measurement as bench/index.ts.
 */
import { insightsRows } from './insightsRows';

for (const row of insightsRows()) console.log(`${row.figure}: ${row.value}${row.reference ? ` (${row.reference})` : ''}`);
