import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';

/**
 * Records a V8 CPU profile of this process while `work` runs and writes it to `path` (open it in
 * Chrome's DevTools, or summarise it with `node --import tsx bench/profile-summary.ts <path>`).
 */
export async function withCpuProfile<T>(path: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
  }
}
