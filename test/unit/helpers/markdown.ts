// A real CommonMark renderer (markdown-it, installed with @vscode/vsce), configured at its most
// permissive: raw HTML on and bare-URL linkification on (like GFM's autolinks).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: Record<string, unknown>) => {
  render(src: string): string;
  renderInline(src: string): string;
};
export const md = new MarkdownIt({ html: true, linkify: true });

/** Tags a rendered tooltip may contain: text formatting only, nothing clickable or loadable. */
export function unsafeTags(markdown: string): string[] {
  const html = md.render(markdown);
  const tags = html.match(/<\/?[a-zA-Z][^>]*>/g) ?? [];
  return tags.filter((tag) => !/^<\/?(p|br ?\/?|strong|em|code|ul|li)>$/.test(tag));
}
