import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** Markdown files people read: the README, docs/ (generated ones included) and the runbooks. */
function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

const files = [
  path.join(ROOT, 'README.md'),
  ...markdownFiles(path.join(ROOT, 'docs')),
  ...markdownFiles(path.join(ROOT, 'runbooks')),
];

test.each(files.map((f) => [path.relative(ROOT, f), f]))(
  'every relative link in %s points at a file that exists',
  (_, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^[a-z]+:/.test(l));
    const missing = links.filter((link) => !fs.existsSync(path.resolve(path.dirname(file), link)));
    expect(missing).toEqual([]);
  },
);
