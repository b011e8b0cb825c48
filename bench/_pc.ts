import { measurePollCost } from './pollCost';
(async () => { for (const n of (process.env.N ?? '100').split(',').map(Number)) { const t = Date.now(); const r = await measurePollCost(n); console.log(JSON.stringify(r), (Date.now() - t) / 1000, 's'); } })();
