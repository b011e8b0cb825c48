// Writes dist/README.md for `vsce package --readme-path`: the repository README without its
// screenshot block. vsce must rewrite relative image links to absolute URLs, and the project
// has no public repository URL yet; a README with broken images would be worse than none.
// When a repository URL exists, set `repository` in package.json and drop this step.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const packaged = readme.replace(/<!-- screenshots[^>]*-->[\s\S]*?<!-- \/screenshots -->\n?/g, '');
if (/\]\((?!https?:)[^)]*\.(png|jpe?g|gif|svg)\)/i.test(packaged)) {
  throw new Error('README.md has a relative image outside the <!-- screenshots --> block');
}
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'README.md'), packaged);
