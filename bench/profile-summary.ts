/**
 * Summarises a `.cpuprofile` (from `BENCH_PROFILE=… npm run bench:pipeline`): self time by package or
 * source folder, then the functions with the most self time, each as a share of the busy time (idle
 * and garbage collection are shown apart).
 *
 * @example
 * node --import tsx bench/profile-summary.ts /tmp/pipeline.cpuprofile [functions=40]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives: a package, a folder of ours, Node itself, or V8's own bookkeeping. */
function placeOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const ours = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.split('/').slice(0, ours[1] === 'src' ? 2 : 1).join('/')}`;
  return url;
}

const [path, top = '40'] = process.argv.slice(2);
if (!path) throw new Error('usage: profile-summary.ts <file.cpuprofile> [functions]');
const profile = JSON.parse(await readFile(path, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
const busy = total - idle;
const places = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const place = placeOf(url, functionName);
  places.set(place, (places.get(place) ?? 0) + time);
  const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + time);
}
const share = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
console.log(`profiled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} %)`);
console.log('\nself time by place');
for (const [place, time] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${share(time)}  ${place}`);
console.log('\nfunctions with the most self time');
for (const [fn, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${share(time)}  ${fn}`);
