import { simulateScaleDay } from './scaleDay';
(async () => { const t = Date.now(); const r = await simulateScaleDay(Number(process.env.N), process.env.C !== '0'); console.log(JSON.stringify(r), (Date.now() - t) / 1000, 's'); })();
