/**
 * The `npm start` process's life among the processes around it (Linux `/proc`; elsewhere only the parent is
 * watched and a busy port is reported without its holder).
 *
 * `npm start` runs npm → (sh) → tsx → node with the server. A SIGKILL of a wrapper reaches none of the processes
 * below it, so the server would go on holding the port and the next start would fail with EADDRINUSE. The server
 * therefore watches its launchers and stops when one is gone; and a busy port is reported with what holds it.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface ProcessStat {
  readonly state: string;
  readonly ppid: number;
  /** Start time since boot, in clock ticks: tells a process from a later one with the same pid. */
  readonly startTime: string;
}

function processStat(pid: number): ProcessStat | undefined {
  const text = safeRead(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  // After "pid (comm) ": the command may contain spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), startTime: fields[19] };
}

/** Whether `pid` runs a script of npm (npm sets `npm_lifecycle_event` for what it starts). */
function startedByNpm(pid: number): boolean {
  return (
    safeRead(`/proc/${pid}/environ`)
      ?.split('\0')
      .some((v) => v.startsWith('npm_lifecycle_event=')) ?? false
  );
}

/** The parent, and up the chain every process that is part of the same npm script run (the shell, npm itself). */
function launchers(): number[] {
  const pids = [process.ppid];
  for (let pid = process.ppid; pids.length < 10 && startedByNpm(pid);) {
    const parent = processStat(pid)?.ppid;
    if (parent === undefined || parent <= 1) break;
    pids.push(parent);
    pid = parent;
  }
  return pids;
}

/**
 * Calls `onGone` once, when the parent or another launcher has exited (or was killed). Returns a function that
 * stops watching. The timer never keeps the process alive.
 */
export function watchLaunchers(onGone: (pid: number) => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const watched = launchers().map((pid) => ({ pid, startTime: processStat(pid)?.startTime }));
  const gone = (pid: number, startTime: string | undefined): boolean => {
    const stat = processStat(pid);
    return startTime !== undefined && (stat === undefined || stat.state === 'Z' || stat.startTime !== startTime);
  };
  const timer = setInterval(() => {
    // An orphan is adopted by init or a subreaper: a changed ppid is exact on every platform.
    const lost = process.ppid !== parent ? parent : watched.find((p) => gone(p.pid, p.startTime))?.pid;
    if (lost !== undefined) {
      clearInterval(timer);
      onGone(lost);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Who listens on TCP `port`, e.g. `process 1234 (node …/tsx local/server.ts)`; undefined when not found out. */
export function portHolder(port: number): string | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = safeRead(table);
    if (text === undefined) continue;
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the socket's inode is field 9.
      if (fields.length > 9 && parseInt(fields[1].split(':')[1], 16) === port && fields[3] === '0A') {
        inodes.add(fields[9]);
      }
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeList(`/proc/${entry}/fd`)) {
      const target = safeReadLink(`/proc/${entry}/fd/${fd}`);
      if (target !== undefined && inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '')) {
        const command = safeRead(`/proc/${entry}/cmdline`)?.split('\0').filter(Boolean).join(' ');
        return `process ${entry}${command ? ` (${command})` : ''}`;
      }
    }
  }
  return undefined;
}

const safeList = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
const safeReadLink = (file: string): string | undefined => {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
};
const safeRead = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
