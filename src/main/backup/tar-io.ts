import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import tar, { type Header, type Pack } from 'tar-stream';

/**
 * tar-stream speaks streamx, not Node streams: these helpers move bytes between the two with
 * back-pressure (await each write's drain), so nothing is buffered beyond a chunk or two.
 */

export type EntryHeader = Partial<Header> & Pick<Header, 'name'>;

/** Writes one file entry from a byte source; resolves when the pack has taken all of it. */
export function writeEntry(pack: Pack, header: EntryHeader, source: AsyncIterable<Buffer | Uint8Array>, onChunk: (chunk: Buffer) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    sink.on('error', (err: Error) => reject(err));
    void (async () => {
      for await (const raw of source) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
        onChunk(chunk);
        if (!sink.write(chunk)) await new Promise<void>((done) => sink.once('drain', () => done()));
      }
      sink.end(undefined);
    })().catch((err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      sink.destroy(error);
      reject(error);
    });
  });
}

/** The pack as a Node readable (what the encryption reads from). */
export function packReadable(pack: Pack): Readable {
  return Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
}

export interface ExtractEntry {
  header: Header;
  body: Readable;
}

/**
 * The entries of a tar read from `input`, one at a time (each must be read or drained before the
 * next). An error of the input (a failed integrity check) ends the iteration with that error.
 */
export async function* extractEntries(input: Readable): AsyncGenerator<ExtractEntry> {
  const extract = tar.extract();
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const source of extract) {
      const body = Readable.from(source as AsyncIterable<Buffer>, { objectMode: false });
      yield { header: source.header, body };
      if (!body.readableEnded) {
        body.resume(); // drain what the consumer left unread
        await finished(body).catch(() => undefined);
      }
    }
  } finally {
    input.unpipe(extract as unknown as NodeJS.WritableStream);
    extract.destroy();
  }
}
