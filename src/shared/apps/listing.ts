import { z } from 'zod';
import { sizeSchema } from '../datacenter/spec';

/** What the wizard and the Apps list show of an installed manifest (issue 14). */
export const appListingSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  publisher: z.string().optional(),
  /** built-in: shipped with BCM; third-party: a manifest in ~/.bcm/apps/ */
  source: z.enum(['builtin', 'third-party']),
  file: z.string(),
  containers: z.array(z.object({ name: z.string(), size: sizeSchema, dataGiB: z.number() })),
  requires: z.object({ roles: z.array(z.string()), apps: z.array(z.string()) }),
  provides: z.array(z.string()),
  /** artifacts: name and pinned versions */
  artifacts: z.array(z.object({ name: z.string(), versions: z.array(z.string()) })),
  onion: z.array(z.object({ container: z.string(), port: z.number(), description: z.string() })),
});
export type AppListing = z.infer<typeof appListingSchema>;

/** A manifest that could not be read: its file and every problem, with line and column. */
export const invalidAppSchema = z.object({
  file: z.string(),
  source: z.enum(['builtin', 'third-party']),
  issues: z.array(z.object({ line: z.number(), column: z.number(), path: z.string(), message: z.string() })),
});
export type InvalidApp = z.infer<typeof invalidAppSchema>;

export const appsListSchema = z.object({ apps: z.array(appListingSchema), invalid: z.array(invalidAppSchema) });
export type AppsList = z.infer<typeof appsListSchema>;
