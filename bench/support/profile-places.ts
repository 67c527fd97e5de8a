/** A V8 CPU profile as `Profiler.stop` returns it and `--cpu-prof` writes it. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives: a package, a folder of ours, Node itself, or V8's own bookkeeping. */
export function placeOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const ours = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.split('/').slice(0, ours[1] === 'src' ? 2 : 1).join('/')}`;
  return url;
}

/**
 * A profile's sampled time (µs) by place and by function (`name place:line`), idle, program and garbage
 * collection included under their own names.
 */
export function sampledTime(profile: CpuProfile): { places: Map<string, number>; functions: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const time = profile.timeDeltas[i] ?? 0;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + time);
    const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + time);
  });
  return { places, functions };
}
