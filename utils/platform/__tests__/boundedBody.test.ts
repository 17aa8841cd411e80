import { describe, expect, it, vi } from 'vitest';
import { byteSize, readBoundedBody, SETTINGS_API_ANSWER_LIMIT_BYTES, WEBHOOK_ANSWER_LIMIT_BYTES } from '../boundedBody';

const encode = (text: string) => new TextEncoder().encode(text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A body served one chunk per pull, `delayMs` apart, that records how much it handed out and whether it was
 * cancelled. Like a body that is not a fetch's, it knows nothing of the request's signal.
 */
function chunked(chunks: Iterable<Uint8Array>, delayMs = 0) {
  const source = chunks[Symbol.iterator]();
  const served = { bytes: 0, chunks: 0 };
  const cancel = vi.fn();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs) await sleep(delayMs);
      const next = source.next();
      if (next.done) return controller.close();
      served.bytes += next.value.byteLength;
      served.chunks++;
      controller.enqueue(next.value);
    },
    cancel,
  });
  return { response: new Response(body), served, cancel };
}

function* repeated(chunk: Uint8Array, times = Infinity) {
  for (let count = 0; count < times; count++) yield chunk;
}

/** Every way to cut `bytes` into two chunks, and into one chunk per byte. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const cuts = Array.from({ length: bytes.length - 1 }, (_, index) => [bytes.slice(0, index + 1), bytes.slice(index + 1)]);
  return [...cuts, Array.from(bytes, (byte) => Uint8Array.of(byte))];
}

describe('readBoundedBody', () => {
  it('states the limits: 1 MB for a webhook answer and for a settings API answer', () => {
    expect(WEBHOOK_ANSWER_LIMIT_BYTES).toBe(1_048_576);
    expect(SETTINGS_API_ANSWER_LIMIT_BYTES).toBe(1_048_576);
  });

  it('reads a body under the limit whole', async () => {
    const { response } = chunked([encode('{"phone'), encode('Numbers": []}')]);
    const controller = new AbortController();

    await expect(readBoundedBody(response, 100, controller)).resolves.toEqual({ text: '{"phoneNumbers": []}', bytesRead: 20, cut: false });
    expect(controller.signal.aborted).toBe(false);
  });

  it('a body of exactly the limit is not cut', async () => {
    const { response, cancel } = chunked(repeated(encode('x'.repeat(10)), 10));

    const body = await readBoundedBody(response, 100, new AbortController());

    expect(body).toEqual({ text: 'x'.repeat(100), bytesRead: 100, cut: false });
    expect(cancel).not.toHaveBeenCalled();
  });

  it('a body one byte over the limit is cut: the first bytes are kept, the body cancelled and the request aborted', async () => {
    const { response, cancel } = chunked([encode('x'.repeat(100)), encode('y')]);
    const controller = new AbortController();

    const body = await readBoundedBody(response, 100, controller);

    expect(body).toEqual({ text: 'x'.repeat(100), bytesRead: 101, cut: true });
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toMatchObject({ name: 'AbortError', message: 'The answer is larger than 100 bytes.' });
  });

  it('stops an endless body soon after the limit', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const { response, served, cancel } = chunked(repeated(chunk));

    const body = await readBoundedBody(response, WEBHOOK_ANSWER_LIMIT_BYTES, new AbortController());

    expect(body.cut).toBe(true);
    expect(body.text).toHaveLength(WEBHOOK_ANSWER_LIMIT_BYTES);
    expect(body.bytesRead).toBe(WEBHOOK_ANSWER_LIMIT_BYTES + chunk.byteLength);
    // The stream may have queued one chunk ahead of the read.
    expect(served.bytes).toBeLessThanOrEqual(WEBHOOK_ANSWER_LIMIT_BYTES + 2 * chunk.byteLength);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  const text = 'é € 😀 ❤️ 日本 Ωmega';
  it.each(splits(encode(text)).map((chunks) => [chunks.map((chunk) => chunk.byteLength).join('+'), chunks] as const))(
    'decodes characters split across chunks (%s bytes) whole',
    async (_sizes, chunks) => {
      const { response } = chunked(chunks);
      expect(await readBoundedBody(response, 1_000, new AbortController())).toEqual({ text, bytesRead: encode(text).byteLength, cut: false });
    },
  );

  it.each([
    ['a 2-byte character', 'ab', 'é', 3],
    ['a 3-byte character', 'ab', '€', 3],
    ['a 4-byte character', 'ab', '😀', 3],
    ['a 4-byte character', 'ab', '😀', 5],
  ])('a cut through %s keeps the text before it, without a replacement character', async (_what, before, character, limit) => {
    const { response } = chunked([encode(before + character + character)]);

    const body = await readBoundedBody(response, limit, new AbortController());

    expect(body.cut).toBe(true);
    expect(body.text).toBe(before);
  });

  it.each<[string, BodyInit | null]>([
    ['no body', null],
    ['an empty body', ''],
    ['a byte-order mark', Uint8Array.of(0xef, 0xbb, 0xbf, ...encode('{"a":1}'))],
    ['bytes that are not UTF-8', Uint8Array.of(0x61, 0xff, 0x62, 0xc3)],
    ['a lone continuation byte', Uint8Array.of(0x80, 0x61)],
  ])('decodes %s as Response.text() does', async (_what, init) => {
    const expected = await new Response(init).text();
    expect((await readBoundedBody(new Response(init), 100, new AbortController())).text).toBe(expected);
  });

  it('reads a slow drip to its end when nobody aborts', async () => {
    const { response } = chunked(repeated(encode('ab'), 5), 10);
    expect(await readBoundedBody(response, 100, new AbortController())).toEqual({ text: 'ababababab', bytesRead: 10, cut: false });
  });

  it('an abort during a slow drip (a timeout) rejects with its reason and cancels the body', async () => {
    const { response, cancel, served } = chunked(repeated(encode('ab')), 10);
    const controller = new AbortController();
    const timeout = new DOMException('timed out', 'TimeoutError');
    setTimeout(() => controller.abort(timeout), 45);

    await expect(readBoundedBody(response, 1_000, controller)).rejects.toBe(timeout);
    expect(cancel).toHaveBeenCalledWith(timeout);
    expect(served.chunks).toBeLessThan(10);
  });

  it('an abort while a chunk is awaited ends the read even if the body never sends another', async () => {
    const body = new ReadableStream<Uint8Array>({ start: (stream) => stream.enqueue(encode('{"a":')) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);

    await expect(readBoundedBody(new Response(body), 100, controller)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a request aborted before the read reads nothing', async () => {
    const { response, served } = chunked([encode('never read')]);
    const controller = new AbortController();
    controller.abort();

    await expect(readBoundedBody(response, 100, controller)).rejects.toMatchObject({ name: 'AbortError' });
    expect(response.bodyUsed).toBe(false);
    expect(served.bytes).toBeLessThanOrEqual(10);
  });
});

describe('byteSize', () => {
  it.each([
    [1_048_576, '1 MB'],
    [2 * 1_048_576, '2 MB'],
    [1_572_864, '1.5 MB'],
    [1024, '1 KB'],
    [256 * 1024, '256 KB'],
    [100, '100 bytes'],
    [1, '1 byte'],
  ])('%i bytes is %s', (bytes, words) => {
    expect(byteSize(bytes)).toBe(words);
  });
});
