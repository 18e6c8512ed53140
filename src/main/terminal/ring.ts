/**
 * The last `capacity` bytes of a stream (a terminal's scrollback kept in main for reattaching).
 * Older bytes are dropped; memory never exceeds the capacity plus one chunk.
 */
export class ByteRing {
  private chunks: Buffer[] = [];
  private size = 0;
  /** whether anything was ever dropped */
  truncated = false;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.size;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (chunk.length >= this.capacity) {
      this.truncated ||= this.size > 0 || chunk.length > this.capacity;
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.capacity))];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0];
      if (first === undefined) break;
      const excess = this.size - this.capacity;
      this.truncated = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  snapshot(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }
}
