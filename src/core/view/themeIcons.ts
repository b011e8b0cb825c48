/**
 * VS Code renders `$(name)` as a theme icon in quick picks, notifications and Markdown that
 * supports theme icons. Server text (names, messages) must not draw icons that look like our own
 * status, so its `$(` becomes `＄(`: the fullwidth dollar sign looks alike and starts nothing.
 */
export function noThemeIcons(text: string): string {
  return String(text).replace(/\$(?=\()/g, '\uFF04');
}
