import { Redis } from 'ioredis';
import { redisSendPacer } from '../src/channels/shared/redis-send-pacer.js';
const redis = new Redis('redis://127.0.0.1:6379');
const p = redisSendPacer(redis, 'i19b-debug:pace', 5);
const t0 = Date.now();
await Promise.all(Array.from({ length: 10 }, async (_, i) => { await p.awaitTurn(); console.log(i, Date.now() - t0); }));
console.log(await redis.get('i19b-debug:pace'), await redis.pttl('i19b-debug:pace'));
await redis.del('i19b-debug:pace'); redis.disconnect();
