/**
 * Release artifacts the catalog installs, pinned by SHA-256 from each project's published, signed
 * checksums. An artifact whose hash could not be looked up has `sha256: null` ("unpinned") and is
 * refused until it is pinned. A spec may supply a local artifact (air-gapped installs, builds from
 * source) with its own hash: see `artifacts` in the spec.
 */
export interface ArtifactDef {
  name: string;
  version: string;
  /** x86_64 release */
  url: string;
  sha256: string | null;
  /** where the pinned hash comes from, for the reader who wants to check it */
  hashSource: string;
  /** what to install from the downloaded file */
  install: { kind: 'tar.gz'; binaries: string[] } | { kind: 'binary'; as: string };
}

export const artifacts: Record<string, ArtifactDef> = {
  'bitcoin-core': {
    name: 'bitcoin-core',
    version: '29.0',
    url: 'https://bitcoincore.org/bin/bitcoin-core-29.0/bitcoin-29.0-x86_64-linux-gnu.tar.gz',
    sha256: 'a681e4f6ce524c338a105f214613605bac6c33d58c31dc5135bbc02bc458bb6c',
    hashSource: 'bitcoin-core/guix.sigs 29.0/*/all.SHA256SUMS (signed by the Guix builders)',
    install: { kind: 'tar.gz', binaries: ['bin/bitcoind', 'bin/bitcoin-cli'] },
  },
};
