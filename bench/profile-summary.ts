/**
 * Summarises a `.cpuprofile` (from `BENCH_PROFILE=… npm run bench:pipeline`): self time by package or
 * source folder, then the functions with the most self time, each as a share of the busy time (idle
 * and garbage collection are shown apart).
 *
 * @example
 * node --import tsx bench/profile-summary.ts /tmp/pipeline.cpuprofile [functions=40]
 */
import { readFile } from 'node:fs/promises';
import { sampledTime, type CpuProfile } from './support/profile-places.js';

const [path, top = '40'] = process.argv.slice(2);
if (!path) throw new Error('usage: profile-summary.ts <file.cpuprofile> [functions]');
const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
const { places, functions } = sampledTime(profile);
const total = [...places.values()].reduce((a, b) => a + b, 0);
const idle = places.get('(idle)') ?? 0;
places.delete('(idle)');
for (const name of [...functions.keys()]) if (name.startsWith('(idle) ')) functions.delete(name);
const busy = total - idle;
const share = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
console.log(`profiled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} %)`);
console.log('\nself time by place');
for (const [place, time] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${share(time)}  ${place}`);
console.log('\nfunctions with the most self time');
for (const [fn, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${share(time)}  ${fn}`);
