import { DEMO_API_KEY, type RunningApiServer } from '../server/index';

/** The raw status body, as the client receives it (a string). */
export async function statusBody(server: RunningApiServer): Promise<string> {
  const res = await fetch(`${server.url}/api/bulk/syncs/status?all=true`, {
    headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' },
  });
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return res.text();
}

export async function syncNames(server: RunningApiServer): Promise<Map<string, { id: string; name?: string; active?: boolean }>> {
  const res = await fetch(`${server.url}/api/bulk/syncs`, {
    headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' },
  });
  const json = (await res.json()) as { data: Array<{ id: string; name?: string; active?: boolean }> };
  return new Map(json.data.map((s) => [s.id, { id: s.id, name: s.name, active: s.active }]));
}

/** Each sync's schedule as a short label ('hourly', 'daily', 'every 15 min', 'continuous', …), inactive ones marked. */
export async function syncSchedules(server: RunningApiServer): Promise<string[]> {
  const res = await fetch(`${server.url}/api/bulk/syncs`, {
    headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'X-Polytomic-Version': '2024-02-08' },
  });
  const json = (await res.json()) as { data: Array<{ active?: boolean; schedule?: { frequency?: string; minute?: string } }> };
  return json.data.map((s) => {
    const every = /^\*\/(\d+)$/.exec(s.schedule?.minute ?? '');
    const label = s.schedule?.frequency === 'custom' && every ? `every ${every[1]} min` : (s.schedule?.frequency ?? 'unknown');
    return s.active === false ? `${label} (deactivated)` : label;
  });
}
