import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { torSettingsInputSchema, torSettingsSchema, type TorSettings, type TorSettingsInput } from '../../shared/channels/tor';
import { checkUserTorrcLines } from '../../shared/tor-lines';
import { BcmError } from '../../shared/errors';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import type { TorRuntimeSettings } from './service';
import { checkExtraLines } from './torrc';

/**
 * Tor settings: the "tor" section of ~/.bcm/config.json (other sections are kept as they are).
 * Two environment variables override them for tests and headless use: BCM_TOR_PATH (the tor
 * program) and BCM_TOR_EXTRA_TORRC (a file of extra torrc lines, e.g. a private network's).
 */
const configSchema = z.looseObject({ schemaVersion: z.literal(1) });

export interface ConfigWriter {
  change<T>(message: string, apply: () => Promise<T>): Promise<T>;
}

const direct: ConfigWriter = { change: (_m, apply) => apply() };

export class TorSettingsStore {
  private readonly file: string;

  constructor(
    home: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly writer: ConfigWriter = direct,
  ) {
    this.file = join(home, 'config.json');
  }

  async get(): Promise<TorSettings> {
    const config = await readJsonFile(this.file, configSchema, 1);
    const parsed = torSettingsSchema.safeParse(config?.['tor'] ?? {});
    return parsed.success ? parsed.data : torSettingsSchema.parse({});
  }

  /**
   * Saves what the page may change. The tor program is kept as it is: only ~/.bcm/config.json,
   * BCM_TOR_PATH or the CLI set it (main spawns it). Extra lines pass the allow-list again here.
   */
  async set(input: TorSettingsInput): Promise<TorSettings> {
    const parsed = torSettingsInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BcmError('VALIDATION', `Tor settings: ${issue?.message ?? 'invalid'}.`, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    const extra = checkUserTorrcLines(parsed.data.extraTorrc);
    if (!extra.ok) {
      throw new BcmError('VALIDATION', `Extra torrc line ${extra.line}: ${extra.reason}.`, {
        issues: [{ path: ['extraTorrc'], message: `Line ${extra.line}: ${extra.reason}` }],
      });
    }
    const valid = torSettingsSchema.parse({ ...parsed.data, torPath: (await this.get()).torPath });
    await this.writer.change('Change the Tor settings', async () => {
      const config = (await readJsonFile(this.file, configSchema, 1)) ?? { schemaVersion: 1 as const };
      await writeJsonFile(this.file, { ...config, schemaVersion: 1, tor: valid });
    });
    return valid;
  }

  /** What the Tor process uses: the saved settings with the environment's overrides. */
  async runtime(): Promise<TorRuntimeSettings> {
    const s = await this.get();
    const lines: string[] = [];
    // the saved lines pass the page's allow-list (a config.json from an older BCM may hold others)
    const saved = checkUserTorrcLines(s.extraTorrc);
    if (!saved.ok) {
      throw new BcmError('VALIDATION', `The Tor settings' extra line ${saved.line} is not accepted: ${saved.reason}. Change it in Tor › Settings (or in ~/.bcm/config.json).`);
    }
    lines.push(...saved.lines);
    const extraFile = this.env['BCM_TOR_EXTRA_TORRC'];
    if (extraFile) {
      const text = await readFile(extraFile, 'utf8').catch((err: unknown) => {
        throw new BcmError('NOT_FOUND', `BCM_TOR_EXTRA_TORRC names ${extraFile}, which cannot be read (${(err as Error).message}).`);
      });
      const fromEnv = checkExtraLines(text);
      if (!fromEnv.ok) throw new BcmError('VALIDATION', `${extraFile} line ${fromEnv.line}: ${fromEnv.reason}.`);
      lines.push(...fromEnv.lines);
    }
    const torPath = this.env['BCM_TOR_PATH'] || s.torPath || undefined;
    const runtime: TorRuntimeSettings = { extraLines: lines, bootstrapTimeoutMs: s.bootstrapTimeoutSeconds * 1000 };
    if (torPath) runtime.torPath = torPath;
    return runtime;
  }
}
