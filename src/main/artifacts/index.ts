/** Verified release artifacts: cache, preseed folders, download, and install into containers. */
export { resolveArtifact, artifactByHash, defaultCacheDir, defaultPreseedDirs, cacheFileName, type ArtifactRef } from './resolve';
export { ensureArtifact, requirePinned, type EnsureOptions, type CachedArtifact } from './ensure';
export { sha256File, sha256FileMemo, HashingStream } from './hash';
export { extract, extractEntries, sniffFormat, type ArtifactInstall, type ArchiveFormat, type ExtractedEntry, type ExtractOptions } from './extract';
export { installArtifact, type InstallTarget, type InstallOptions, type InstalledFile } from './install';
export { createArtifactProvider, type ArtifactCacheProvider, type ArtifactProviderOptions, type StepReport } from './provider';
