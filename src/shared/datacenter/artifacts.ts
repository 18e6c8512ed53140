/**
 * Release artifacts the catalog installs, pinned by SHA-256 from each project's published, signed
 * checksums. Each artifact lists the versions BCM has pinned, newest first; the first is the default
 * a datacenter gets unless its spec pins another (`versions` in the spec). A version whose hash could
 * not be looked up has `sha256: null` ("unpinned") and is refused until it is pinned. A spec may
 * supply a local artifact (air-gapped installs, builds from source) with its own hash: see
 * `artifacts` in the spec. Older releases are listed only with a hash from a source one can cite.
 */
export interface ArtifactVersion {
  version: string;
  /** x86_64 release */
  url: string;
  sha256: string | null;
  /** where the pinned hash comes from, for the reader who wants to check it */
  hashSource: string;
  /**
   * What to install from the downloaded file. For archives, `binaries` and `trees` are paths inside
   * the archive, either at its root or under its single top folder (release tarballs hold one, such
   * as `bitcoin-29.0/`: `bin/bitcoind` means `bitcoin-29.0/bin/bitcoind`). `trees` are folders
   * installed whole, keeping the archive's file modes (Core Lightning's `usr/libexec/c-lightning/`,
   * which lightningd finds relative to itself).
   */
  install: { kind: 'tar.gz' | 'tar.xz'; binaries: string[]; trees?: string[] } | { kind: 'binary'; as: string };
}

/** An artifact: its default (newest pinned) version's fields at the top, and every pinned version. */
export interface ArtifactDef extends ArtifactVersion {
  name: string;
  /** newest first; `versions[0]` is the default (the same as the top-level fields) */
  versions: ArtifactVersion[];
}

function artifact(name: string, versions: [ArtifactVersion, ...ArtifactVersion[]]): ArtifactDef {
  return { name, ...versions[0], versions };
}

export const artifacts: Record<string, ArtifactDef> = {
  'bitcoin-core': artifact('bitcoin-core', [
    {
      version: '29.0',
      url: 'https://bitcoincore.org/bin/bitcoin-core-29.0/bitcoin-29.0-x86_64-linux-gnu.tar.gz',
      sha256: 'a681e4f6ce524c338a105f214613605bac6c33d58c31dc5135bbc02bc458bb6c',
      hashSource: 'bitcoin-core/guix.sigs 29.0/*/all.SHA256SUMS (signed by the Guix builders)',
      install: { kind: 'tar.gz', binaries: ['bin/bitcoind', 'bin/bitcoin-cli'] },
    },
  ]),
  btcd: artifact('btcd', [
    {
      version: '0.24.2',
      url: 'https://github.com/btcsuite/btcd/releases/download/v0.24.2/btcd-linux-amd64-v0.24.2.tar.gz',
      sha256: 'f7ee4005a0f597d0486eb5cb17218eb51fcb9bed93bbb4d416a57f3975df69e5',
      hashSource:
        'manifest-v0.24.2.txt of the btcsuite/btcd v0.24.2 release (signed by the btcd maintainers), as quoted by a third-party build note; ' +
        'the manifest itself was not reachable from here: check it with `sha256sum -c manifest-v0.24.2.txt --ignore-missing` after verifying its signature',
      install: { kind: 'tar.gz', binaries: ['btcd', 'btcctl'] },
    },
  ]),
  lnd: artifact('lnd', [
    {
      version: '0.18.5-beta',
      url: 'https://github.com/lightningnetwork/lnd/releases/download/v0.18.5-beta/lnd-linux-amd64-v0.18.5-beta.tar.gz',
      sha256: 'ffffa63b28a031a330eae4db234ada1bd27003059757c1a0d3aeb0d8d7351c4f',
      hashSource:
        'manifest-v0.18.5-beta.txt of the lightningnetwork/lnd v0.18.5-beta release (signed by five lnd maintainers, manifest-<name>-v0.18.5-beta.sig), ' +
        'as quoted by a third-party test harness; the manifest itself was not reachable from here: verify with lnd\'s scripts/verify-install.sh',
      install: { kind: 'tar.gz', binaries: ['lnd', 'lncli'] },
    },
  ]),
  'core-lightning': artifact('core-lightning', [
    {
      version: '25.09.3',
      url: 'https://github.com/ElementsProject/lightning/releases/download/v25.09.3/clightning-v25.09.3-Ubuntu-22.04-amd64.tar.xz',
      sha256: null,
      hashSource:
        'UNPINNED: the release\'s SHA256SUMS (signed by the Core Lightning maintainers, SHA256SUMS.asc) could not be looked up from here. ' +
        'Pin it from SHA256SUMS after `gpg --verify SHA256SUMS.asc`; until then it is refused.',
      // The Ubuntu 22.04 build (glibc 2.35) runs on Debian 12; it needs libsqlite3-0, libsodium23, libpq5 and zlib1g.
      install: { kind: 'tar.xz', binaries: ['usr/bin/lightningd', 'usr/bin/lightning-cli'], trees: ['usr/libexec/c-lightning/'] },
    },
  ]),
  kafka: artifact('kafka', [
    {
      version: '3.9.1',
      url: 'https://archive.apache.org/dist/kafka/3.9.1/kafka_2.13-3.9.1.tgz',
      sha256: null,
      hashSource:
        'UNPINNED: Apache publishes only a SHA-512 (kafka_2.13-3.9.1.tgz.sha512, with a detached KEYS signature .asc); no SHA-256 of this file could be looked up. ' +
        'Pin the SHA-256 of a file whose SHA-512 and signature you checked.',
      install: { kind: 'tar.gz', binaries: [], trees: ['bin/', 'libs/', 'config/'] },
    },
  ]),
};
