/**
 * Direction controls in server text. Unicode's embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069) and the directional marks (U+200E, U+200F, U+061C) change how
 * the text AROUND them is drawn: a sync named `Invoice \u202Etxt.exe` would reverse its row's
 * description too, and read as `exe.txt`. None of them is ever needed to read a name or a status
 * message, so every place that shows server text as plain text (tree labels and descriptions,
 * notifications, the status bar, quick picks, titles) removes them; Markdown tooltips already drop
 * them with the other invisible characters (markdown.ts). Plain right-to-left letters are kept:
 * without a control they cannot reach past the text they are in.
 */
const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ANY_DIRECTION_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** `text` without direction controls (the same string when it has none, which is the usual case). */
export function stripDirectionControls(text: string): string {
  return ANY_DIRECTION_CONTROL.test(text) ? text.replace(DIRECTION_CONTROLS, '') : text;
}

/** `text` with each direction control spelled out (`\u202e`), for messages that quote bad input. */
export function spellOutDirectionControls(text: string): string {
  return ANY_DIRECTION_CONTROL.test(text)
    ? text.replace(DIRECTION_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}
