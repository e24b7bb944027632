import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildWebClient, writeWebFiles } from '../../web/build';

let built: string | undefined;

/**
 * The web client built with esbuild (offline, at synth time) into a directory named after its content, so every
 * synth of a process, and every test worker, shares one build and the asset hash follows the bytes only.
 */
export function webClientDirectory(): string {
  built ??= writeOnce(buildWebClient().files);
  return built;
}

function writeOnce(files: ReadonlyMap<string, Uint8Array>): string {
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort()) {
    hash.update(name).update('\0').update(files.get(name)!).update('\0');
  }
  const directory = path.join(os.tmpdir(), `todo-observability-web-${hash.digest('hex').slice(0, 24)}`);
  if (fs.existsSync(directory)) return directory;

  // Written aside, then renamed into place: a concurrent synth sees either nothing or the whole build.
  const staging = fs.mkdtempSync(`${directory}.staging-`);
  writeWebFiles(staging, files);
  try {
    fs.renameSync(staging, directory);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(directory)) throw error;
  }
  return directory;
}
