import { ApiError } from './errors';

/**
 * An id as one URL path segment. Ids come from the server, settings and command arguments; one
 * that could change which path is requested (`.`, `..`, a slash or backslash, `?`, `#`, `%`, a
 * control character, white space at either end, or nothing) is refused before any request, with a
 * message that names the problem but quotes at most the start of the id.
 */
export function pathSegment(id: string, what = 'id'): string {
  const problem = segmentProblem(id);
  if (problem) throw new ApiError('config', `Refusing to use ${JSON.stringify(String(id).slice(0, 40))} as a ${what}: ${problem}. Nothing was sent.`);
  return encodeURIComponent(id);
}

function segmentProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return 'it is empty';
  if (id === '.' || id === '..') return 'it would change the path';
  if (id.trim() !== id) return 'it starts or ends with white space';
  // eslint-disable-next-line no-control-regex
  if (/[/\\?#%\u0000-\u001f\u007f]/.test(id)) return 'it holds a character that would change the path (/ \\ ? # % or a control character)';
  return undefined;
}
