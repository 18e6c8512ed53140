import net from 'node:net';

/**
 * One SOCKS5 CONNECT through Tor, only to read the reply code (the `socks` library BCM's HTTPS
 * transport uses reports Tor's extended onion codes 0xF0–0xF7 without the number). The tunnel
 * is closed at once; no byte goes to the destination.
 */
export function socksReplyCode(proxy: { host: string; port: number }, host: string, port: number, timeoutMs = 60_000): Promise<number> {
  const name = Buffer.from(host, 'ascii');
  if (name.length === 0 || name.length > 255) return Promise.reject(new Error('bad host name'));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    let stage: 'greeting' | 'reply' = 'greeting';
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no SOCKS reply within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | undefined, code?: number): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(code ?? 1);
    };
    socket.once('error', (err) => finish(err));
    socket.once('close', () => finish(new Error('the SOCKS proxy closed the connection')));
    socket.once('connect', () => socket.write(Buffer.from([5, 1, 0])));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting') {
        if (buffer.length < 2) return;
        if (buffer[0] !== 5 || buffer[1] !== 0) return finish(new Error('the SOCKS proxy wants authentication'));
        buffer = buffer.subarray(2);
        stage = 'reply';
        const portBytes = Buffer.from([(port >> 8) & 0xff, port & 0xff]);
        socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]));
        return;
      }
      if (buffer.length < 2) return;
      finish(undefined, buffer[1]);
    });
  });
}
