import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HANDLER_BUNDLING } from './bundling';

const ROOT = path.join(__dirname, '..', '..');
const HANDLER_SOURCES = path.join(ROOT, 'lambda');
const LOCKFILE = path.join(ROOT, 'package-lock.json');

let sharedInputs: string | undefined;

/**
 * A hash of everything a handler bundle is built from: the handler sources, the lockfile (dependency versions) and
 * the bundling options. The default (a hash of esbuild's output) changes with the checkout's path, because source
 * maps hold relative paths to the sources: every CI workspace would look like a code change and re-publish every
 * function version.
 */
export function handlerAssetHash(entry: string): string {
  sharedInputs ??= hashSharedInputs();
  return createHash('sha256')
    .update(sharedInputs)
    .update(path.relative(ROOT, entry).split(path.sep).join('/'))
    .update(fs.readFileSync(entry))
    .digest('hex');
}

function hashSharedInputs(): string {
  const hash = createHash('sha256').update(JSON.stringify(HANDLER_BUNDLING));
  if (fs.existsSync(LOCKFILE)) hash.update(fs.readFileSync(LOCKFILE));
  for (const file of listFiles(HANDLER_SOURCES)) {
    hash.update(path.relative(ROOT, file).split(path.sep).join('/'));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    });
}
