/**
 * Release artifacts the catalog installs, pinned by the digest each project publishes with its signed
 * checksums: a SHA-256, or a SHA-512 where that is all the publisher gives (Apache's Kafka; the
 * field is still called `sha256`, and its length tells the algorithm: see digest.ts). Each artifact lists the versions BCM has pinned, newest first; the first is the default
 * a datacenter gets unless its spec pins another (`versions` in the spec). A version whose hash could
 * not be looked up has `sha256: null` ("unpinned") and is refused until it is pinned. A spec may
 * supply a local artifact (air-gapped installs, builds from source) with its own hash: see
 * `artifacts` in the spec. Older releases are listed only with a hash from a source one can cite.
 */
export interface ArtifactVersion {
  version: string;
  /** x86_64 release */
  url: string;
  /** the pin: SHA-256 (64 hex digits) or, where the publisher gives only that, SHA-512 (128); null: unpinned, refused */
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
      version: '26.06.6',
      url: 'https://github.com/ElementsProject/lightning/releases/download/v26.06.6/clightning-v26.06.6-Ubuntu-22.04-amd64.tar.xz',
      sha256: 'b38b0bcf535d925e37c9b465a0ce6aa580e3f66be36bada860599f3a8e1efc8e',
      hashSource:
        'SHA256SUMS-v26.06.6 of the ElementsProject/lightning v26.06.6 release (signed by the Core Lightning maintainers, SHA256SUMS-v26.06.6.asc), ' +
        'as quoted by a third-party node manager\'s pin file (FabricHub managed-node binaries, which says it checked the official sums); ' +
        'SHA256SUMS itself was not reachable from here: check it with `sha256sum -c SHA256SUMS-v26.06.6 --ignore-missing` after `gpg --verify`',
      // The Ubuntu 22.04 build (glibc 2.35) runs on Debian 12; it needs libsqlite3-0, libsodium23, libpq5 and zlib1g.
      install: { kind: 'tar.xz', binaries: ['usr/bin/lightningd', 'usr/bin/lightning-cli'], trees: ['usr/libexec/c-lightning/'] },
    },
  ]),
  kafka: artifact('kafka', [
    {
      version: '3.7.2',
      url: 'https://archive.apache.org/dist/kafka/3.7.2/kafka_2.13-3.7.2.tgz',
      // a SHA-512: Apache publishes no SHA-256 of its releases (see digest.ts)
      sha256:
        '65c09fbe8c78098b1efb26632a35d90ee709327a7aab13b37b2023692e1649105714ea513253a19f2cb685dc2c0c3837f32e39e9fb1d8d2367fe4650e5ad3cdc',
      hashSource:
        'SHA-512 from Apache\'s kafka_2.13-3.7.2.tgz.sha512 (the release is signed with a key in https://downloads.apache.org/kafka/KEYS, .asc beside it), ' +
        'as quoted by two independent third parties that agree (Software Heritage\'s Jenkins Dockerfile and a Kafka tools setup script citing the .sha512); ' +
        'the .sha512 itself was not reachable from here: check it with `sha512sum -c kafka_2.13-3.7.2.tgz.sha512` after `gpg --verify`. ' +
        'Kafka 3.9.1 is not offered: no published digest of it could be looked up here.',
      install: { kind: 'tar.gz', binaries: [], trees: ['bin/', 'libs/', 'config/'] },
    },
  ]),
};
