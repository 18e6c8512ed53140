/**
 * The deploy failures people meet most, in a sentence and a next step, from LXD's raw text (which
 * stays available under "details"). Pure; undefined when the text is not one of them.
 */
export interface ExplainedFailure {
  kind: 'image-server' | 'image-missing' | 'address-in-use' | 'disk-full' | 'quota' | 'download';
  sentence: string;
  nextStep: string;
}

const RULES: Array<{ test: RegExp; explain: ExplainedFailure }> = [
  {
    test: /IP address .* already defined on another NIC|address already in use|Address already in use/i,
    explain: {
      kind: 'address-in-use',
      sentence: 'A container’s address is already taken by another container on the same network.',
      nextStep: 'Take down or delete the container that holds it (the status table lists every container BCM owns), then apply again.',
    },
  },
  {
    test: /no space left on device|not enough space|insufficient space/i,
    explain: {
      kind: 'disk-full',
      sentence: 'The LXD server’s disk is full.',
      nextStep: 'Free space in its storage pool (old snapshots, images, other containers), or choose smaller sizes or pruning, then apply again.',
    },
  },
  {
    test: /quota|limits\.\S+ .*exceed|exceeds? (the )?(project|pool)?\s*limit|Project .* limit/i,
    explain: {
      kind: 'quota',
      sentence: 'A limit of the LXD project or storage pool was reached.',
      nextStep: 'Raise the limit on the server (lxc project set / lxc storage set) or choose smaller sizes, then apply again.',
    },
  },
  {
    test: /(couldn't|could not|failed (to )?get(ting)?).*(remote )?image|image .*(not found|couldn't be found)|Image not found/i,
    explain: {
      kind: 'image-missing',
      sentence: 'The base image could not be found on the LXD server or its image server.',
      nextStep: 'Check the image name under Advanced → base image, or import the image on the server (lxc image import), then apply again.',
    },
  },
  {
    test: /(images\.linuxcontainers\.org|simplestreams|image server).*(no such host|connection refused|timeout|i\/o timeout|unreachable|network is unreachable)|(no such host|network is unreachable).*(image|simplestreams)/i,
    explain: {
      kind: 'image-server',
      sentence: 'The image server could not be reached from the LXD server.',
      nextStep: 'Check the LXD server’s internet connection, or use an image already on it (Advanced → base image), then apply again.',
    },
  },
  {
    test: /(download|fetch).*(failed|unreachable|timed out|refused)|could not download/i,
    explain: {
      kind: 'download',
      sentence: 'A release could not be downloaded.',
      nextStep: 'Check the connection through the gateway, or put the file in the preseed folder (Advanced → local artifacts), then apply again.',
    },
  },
];

export function explainDeployFailure(raw: string): ExplainedFailure | undefined {
  // the image server rule is more specific than "image missing": try it first
  const ordered = [...RULES.filter((r) => r.explain.kind === 'image-server'), ...RULES.filter((r) => r.explain.kind !== 'image-server')];
  return ordered.find((r) => r.test.test(raw))?.explain;
}
