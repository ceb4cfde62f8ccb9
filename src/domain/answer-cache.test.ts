import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache';

describe('kept answers', () => {
  it('computes once for the requests that miss together, and answers from memory while the stamp stays', async () => {
    const cache = new AnswerCache();
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 10));
      return { n: computed };
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.answer('k', '1:0', compute)));
    expect(computed).toBe(1);
    expect(new Set(answers.map((a) => a.json.toString()))).toEqual(new Set(['{"n":1}']));
    expect((await cache.answer('k', '1:0', compute)).json.toString()).toBe('{"n":1}');
    expect(computed).toBe(1);
  });

  it('computes again when the stamp changes', async () => {
    const cache = new AnswerCache();
    let n = 0;
    const compute = async () => ({ n: ++n });
    await cache.answer('k', '1:0', compute);
    expect((await cache.answer('k', '2:0', compute)).json.toString()).toBe('{"n":2}');
    expect((await cache.answer('k', '2:0', compute)).json.toString()).toBe('{"n":2}');
  });

  it('neither keeps nor shares what is computed while a write is under way', async () => {
    const cache = new AnswerCache();
    let n = 0;
    const compute = async () => ({ n: ++n });
    const writing = async () => false;
    const [a, b] = await Promise.all([cache.answer('k', '5:0', compute, writing), cache.answer('k', '5:0', compute, writing)]);
    expect([a.json.toString(), b.json.toString()].sort()).toEqual(['{"n":1}', '{"n":2}']);
    expect(cache.size.entries).toBe(0);
    // Once settled under the same stamp, it is computed afresh and kept; a kept answer needs no check.
    expect((await cache.answer('k', '5:0', compute)).json.toString()).toBe('{"n":3}');
    expect((await cache.answer('k', '5:0', compute, writing)).json.toString()).toBe('{"n":3}');
  });

  it('keeps no failure: the next request computes again', async () => {
    const cache = new AnswerCache();
    let fail = true;
    const compute = async () => {
      if (fail) throw new Error('not found');
      return { ok: true };
    };
    await expect(cache.answer('k', '1:0', compute)).rejects.toThrow('not found');
    fail = false;
    expect((await cache.answer('k', '1:0', compute)).json.toString()).toBe('{"ok":true}');
  });

  it('stays within its bounds, the least recently used out first', async () => {
    const cache = new AnswerCache({ entries: 3, bytes: 1000 });
    for (const k of ['a', 'b', 'c']) await cache.answer(k, '1:0', async () => ({ k }));
    await cache.answer('a', '1:0', async () => ({ k: 'again' })); // a is used, so b is the oldest now
    await cache.answer('d', '1:0', async () => ({ k: 'd' }));
    expect(cache.size.entries).toBe(3);
    expect((await cache.answer('a', '1:0', async () => ({ k: 'recomputed' }))).json.toString()).toBe('{"k":"a"}');
    expect((await cache.answer('b', '1:0', async () => ({ k: 'recomputed' }))).json.toString()).toBe('{"k":"recomputed"}');
    // An answer larger than the byte bound is answered but not kept.
    await cache.answer('big', '1:0', async () => ({ text: 'x'.repeat(2000) }));
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
  });

  it('gzips the same bytes, once', async () => {
    const cache = new AnswerCache();
    const answer = await cache.answer('k', '1:0', async () => ({ rows: Array.from({ length: 100 }, (_, i) => ({ i, text: 'same text' })) }));
    const gz = await answer.gzip();
    expect(gunzipSync(gz).equals(answer.json)).toBe(true);
    expect(gz.length).toBeLessThan(answer.json.length / 4);
    expect(await answer.gzip()).toBe(gz);
  });
});
