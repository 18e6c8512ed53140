/**
 * The command that carries a byte stream between an exec's stdin/stdout and a service's local
 * socket inside a container: `socat` when the image has it (BCM's image does), else a small
 * Python relay (every Debian cloud image has python3, cloud-init needs it). Nothing is published
 * on the host: the bytes travel over LXD's exec websockets.
 */
export type RelayTarget = { host: string; port: number } | { unix: string };

export type RelayKind = 'auto' | 'socat' | 'python';

/** Copies stdin to the socket and the socket to stdout; half-closes on end of input; exits when the service closes. */
export const PYTHON_RELAY = [
  'import os,socket,sys,select',
  't=sys.argv[1]',
  'if t.startswith("/"):',
  ' s=socket.socket(socket.AF_UNIX);s.connect(t)',
  'else:',
  ' h,p=t.rsplit(":",1);s=socket.create_connection((h,int(p)))',
  'i=sys.stdin.fileno();o=sys.stdout.fileno();up=True',
  'while True:',
  ' r=select.select([s]+([i] if up else []),[],[])[0]',
  ' if s in r:',
  '  d=s.recv(65536)',
  '  if not d:break',
  '  while d:d=d[os.write(o,d):]',
  ' if i in r:',
  '  d=os.read(i,65536)',
  '  if d:s.sendall(d)',
  '  else:',
  '   up=False',
  '   try:s.shutdown(socket.SHUT_WR)',
  '   except OSError:pass',
].join('\n');

function describe(target: RelayTarget): string {
  return 'unix' in target ? target.unix : `${target.host}:${target.port}`;
}

function socatAddress(target: RelayTarget): string {
  return 'unix' in target ? `UNIX-CONNECT:${target.unix}` : `TCP:${target.host}:${target.port}`;
}

/** A safe target: an absolute path without odd characters, or a host and a port. */
export function checkTarget(target: RelayTarget): void {
  if ('unix' in target) {
    if (!/^\/[A-Za-z0-9._/-]+$/.test(target.unix)) throw new Error(`not a usable socket path: ${target.unix}`);
    return;
  }
  if (!/^[A-Za-z0-9.-]+$/.test(target.host)) throw new Error(`not a usable host: ${target.host}`);
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65_535) throw new Error(`not a port: ${target.port}`);
}

/** The argv for LXD's exec (no shell quoting of user input: the target is an argument). */
export function relayCommand(target: RelayTarget, kind: RelayKind = 'auto'): string[] {
  checkTarget(target);
  const python = ['python3', '-c', PYTHON_RELAY, describe(target)];
  if (kind === 'python') return python;
  if (kind === 'socat') return ['socat', '-', socatAddress(target)];
  return [
    'sh',
    '-c',
    'if command -v socat >/dev/null 2>&1; then exec socat - "$1"; fi; exec python3 -c "$2" "$3"',
    'bcm-relay',
    socatAddress(target),
    PYTHON_RELAY,
    describe(target),
  ];
}
