/**
 * Server text made inert in the details webview's HTML: markup characters escaped (so `<script>`
 * is text, and a quote cannot leave an attribute), direction controls removed (./../bidi.ts: they
 * would reorder our own text around a name), other control characters dropped, and length capped.
 * `$(` is left as it is: a webview draws no theme icons, so it is only text.
 */
import { stripDirectionControls } from '../bidi';

// C0/C1 controls except tab and newline, and zero-width characters that hide what text is.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200d\u2060-\u2064\ufeff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Untrusted text for HTML content or a quoted attribute value. */
export function escapeHtml(text: unknown, maxLength = 500): string {
  let source = stripDirectionControls(String(text ?? '')).replace(INVISIBLE, '');
  if (source.length > maxLength) source = source.slice(0, maxLength) + '…';
  return source.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
