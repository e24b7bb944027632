/**
 * The web build: deterministic wherever the repository lives, index.html wired to exactly the built assets, and an
 * output that runs under the site's Content-Security-Policy (no inline code, no eval), with RUM in its own chunk.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildWebClient, buildWebClientAt, WebBuildOutput, writeWebFiles } from '../../web/build';
import { WEB_ASSETS_PREFIX, WEB_ENTRY_DOCUMENT, WEB_RUNTIME_CONFIG_FILE } from '../../web/site-layout';

const ROOT = path.join(__dirname, '..', '..');
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

const first = buildWebClient();
const html = text(first.files.get(WEB_ENTRY_DOCUMENT));
const names = [...first.files.keys()];
const assets = names.filter((name) => name.startsWith(WEB_ASSETS_PREFIX));
const scripts = assets.filter((name) => name.endsWith('.js'));
const mainScript = scripts.find((name) => /^assets\/main-[A-Z0-9]{8}\.js$/.test(name));
const mainSource = text(first.files.get(mainScript ?? ''));

/** The `/assets/...` URLs index.html references, by element. */
const referenced = (pattern: RegExp): string[] => [...html.matchAll(pattern)].map((match) => match[1]);

function expectSameFiles(actual: WebBuildOutput, expected: WebBuildOutput): void {
  expect([...actual.files.keys()]).toEqual([...expected.files.keys()]);
  for (const [name, bytes] of expected.files) {
    expect({ name, same: Buffer.from(actual.files.get(name) ?? []).equals(Buffer.from(bytes)) }).toEqual({
      name,
      same: true,
    });
  }
}

describe('determinism', () => {
  test('two builds are byte-identical', () => {
    expectSameFiles(buildWebClient(), first);
  });

  test('a checkout elsewhere builds the same bytes (no absolute path in any output)', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'todo-web-build-'));
    try {
      const copy = path.join(tmp, 'some', 'other', 'checkout');
      cpSync(path.join(ROOT, 'web'), path.join(copy, 'web'), {
        recursive: true,
        filter: (source) => !source.startsWith(path.join(ROOT, 'web', 'dist')),
      });
      // The packages the app bundles: aws-rum-web and its dependencies, transitively.
      const pending = ['aws-rum-web'];
      const copied = new Set<string>();
      while (pending.length > 0) {
        const name = pending.pop()!;
        if (copied.has(name)) continue;
        copied.add(name);
        const from = path.join(ROOT, 'node_modules', name);
        cpSync(from, path.join(copy, 'node_modules', name), { recursive: true, dereference: true });
        const manifest = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as {
          dependencies?: Record<string, string>;
        };
        pending.push(...Object.keys(manifest.dependencies ?? {}));
      }
      expectSameFiles(buildWebClientAt(copy), first);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('source maps name their sources relative to the output, without the checkout path', () => {
    const maps = assets.filter((name) => name.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources } = JSON.parse(text(first.files.get(map))) as { sources: string[] };
      for (const source of sources) {
        expect(source).toMatch(/^(\.\.\/)+(src\/|node_modules\/|site-layout\.ts$)/);
      }
    }
    for (const bytes of first.files.values()) {
      expect(text(bytes)).not.toContain(ROOT);
    }
  });
});

describe('layout', () => {
  test('index.html and favicon.svg at the root, everything else hashed under assets/, no config.json', () => {
    expect(names.filter((name) => !name.startsWith(WEB_ASSETS_PREFIX))).toEqual(['favicon.svg', 'index.html']);
    expect(names).not.toContain(WEB_RUNTIME_CONFIG_FILE);
    for (const asset of assets) {
      expect(asset).toMatch(/^assets\/[a-z.]+-[A-Z0-9]{8}\.(js|css)(\.map)?$/);
    }
    expect(assets.filter((name) => name.endsWith('.css'))).toEqual([expect.stringMatching(/^assets\/main-/)]);
  });

  test('every script and stylesheet links its source map, which is in the output', () => {
    for (const name of assets.filter((asset) => !asset.endsWith('.map'))) {
      const mapName = path.posix.basename(name) + '.map';
      expect(text(first.files.get(name))).toMatch(new RegExp(`sourceMappingURL=${mapName.replace(/\./g, '\\.')}`));
      expect(first.files.has(`${name}.map`)).toBe(true);
    }
  });

  test('writeWebFiles writes the built files under the directory it creates', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'todo-web-out-'));
    try {
      const out = path.join(tmp, 'site');
      writeWebFiles(out, first.files);
      for (const [name, bytes] of first.files) {
        expect(Buffer.from(readFileSync(path.join(out, name))).equals(Buffer.from(bytes))).toBe(true);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the build writes nothing (the output directory is only a fixed reference point)', () => {
    const dist = path.join(ROOT, 'web', 'dist');
    const before = existsSync(dist);
    buildWebClient();
    expect(existsSync(dist)).toBe(before);
  });
});

describe('index.html', () => {
  test('references exactly the entry script, its stylesheet and the chunks it imports statically', () => {
    const script = referenced(/<script type="module" src="\/([^"]+)"><\/script>/g);
    const styles = referenced(/<link rel="stylesheet" href="\/([^"]+)" \/>/g);
    const preloads = referenced(/<link rel="modulepreload" href="\/([^"]+)" \/>/g);
    expect(script).toEqual([mainScript]);
    expect(styles).toEqual([expect.stringMatching(/^assets\/main-[A-Z0-9]{8}\.css$/)]);
    const staticImports = [...mainSource.matchAll(/from"\.\/([^"]+\.js)"/g)].map((match) => `assets/${match[1]}`);
    expect(preloads.sort()).toEqual([...new Set(staticImports)].sort());
    for (const href of [...script, ...styles, ...preloads]) {
      expect(first.files.has(href)).toBe(true);
    }
    const allReferences = referenced(/(?:src|href)="\/([^"]*)"/g);
    expect(allReferences.sort()).toEqual([...script, ...styles, ...preloads, 'favicon.svg'].sort());
    expect(html).not.toContain('web-build:');
  });

  test('has no inline script, inline style or style attribute (CSP: script-src and style-src self)', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/); // no inline event handlers
    expect(html).toMatch(/<link rel="icon" href="\/favicon.svg" type="image\/svg\+xml" \/>/);
  });

  test('no external resources are referenced', () => {
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});

describe('bundles', () => {
  test('aws-rum-web is a separate chunk, imported dynamically by the entry only', () => {
    const dynamic = [...mainSource.matchAll(/import\("\.\/([^"]+\.js)"\)/g)].map((match) => `assets/${match[1]}`);
    expect(dynamic).toHaveLength(1);
    const rumChunk = text(first.files.get(dynamic[0]));
    expect(rumChunk.includes('cognito-identity')).toBe(true);
    expect(mainSource.includes('cognito-identity')).toBe(false);
    const { sources } = JSON.parse(text(first.files.get(`${mainScript}.map`))) as { sources: string[] };
    expect(sources.filter((source) => source.includes('node_modules'))).toEqual([]);
  });

  test('no script uses eval or the Function constructor (CSP: no unsafe-eval)', () => {
    for (const name of scripts) {
      const source = text(first.files.get(name));
      expect({ name, evalUse: /\beval\(|new Function\(/.test(source) }).toEqual({ name, evalUse: false });
    }
  });
});
