import { once } from 'node:events';
import net from 'node:net';

/**
 * A minimal SOCKS5 server (RFC 1928 CONNECT, RFC 1929 username/password) on 127.0.0.1, standing
 * in for Tor's SOCKS port in tests. It relays real TCP connections; nothing is faked.
 */
export async function startSocks5(auth?: { username: string; password: string }) {
  const sockets = new Set<net.Socket>();
  const targets: string[] = [];
  let connections = 0;

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + (buf[1] ?? 0)) return;
        const methods = [...buf.subarray(2, 2 + (buf[1] ?? 0))];
        buf = buf.subarray(2 + (buf[1] ?? 0));
        const wanted = auth ? 0x02 : 0x00;
        if (!methods.includes(wanted)) {
          client.end(Buffer.from([0x05, 0xff]));
          return;
        }
        client.write(Buffer.from([0x05, wanted]));
        stage = auth ? 'auth' : 'request';
      }
      if (stage === 'auth') {
        const ulen = buf[1];
        if (ulen === undefined || buf.length < 3 + ulen) return;
        const plen = buf[2 + ulen];
        if (plen === undefined || buf.length < 3 + ulen + plen) return;
        const user = buf.subarray(2, 2 + ulen).toString();
        const pass = buf.subarray(3 + ulen, 3 + ulen + plen).toString();
        buf = buf.subarray(3 + ulen + plen);
        const ok = user === auth?.username && pass === auth.password;
        client.write(Buffer.from([0x01, ok ? 0x00 : 0x01]));
        if (!ok) {
          client.end();
          return;
        }
        stage = 'request';
      }
      if (stage === 'request') {
        if (buf.length < 5) return;
        const atyp = buf[3];
        let host: string;
        let end: number;
        if (atyp === 0x01) {
          end = 10;
          if (buf.length < end) return;
          host = [...buf.subarray(4, 8)].join('.');
        } else if (atyp === 0x03) {
          const len = buf[4] ?? 0;
          end = 5 + len + 2;
          if (buf.length < end) return;
          host = buf.subarray(5, 5 + len).toString();
        } else {
          client.end(Buffer.from([0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = buf.readUInt16BE(end - 2);
        const rest = buf.subarray(end);
        client.off('data', onData);
        connections += 1;
        targets.push(`${host}:${port}`);
        const upstream = net.connect(port, host, () => {
          client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
          if (rest.length) upstream.write(rest);
          client.pipe(upstream).pipe(client);
        });
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.end(Buffer.from([0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0])));
      }
    };
    client.on('data', onData);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => connections,
    targets: () => [...targets],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
