import { BcmError } from '../../shared/errors';
import type { RecipeFn } from './recipe';
import type { ArtifactProvider } from './steps';

// The service recipes (./components) and the artifact cache (../artifacts) plug in here; until
// they do, a datacenter can be specified and saved but not planned.
const missing = (): never => {
  throw new BcmError('INTERNAL', 'This build has no service recipes yet, so datacenters cannot be planned.');
};
export const recipeFor: RecipeFn = missing;
export const artifactProvider: ArtifactProvider = { ensure: missing, install: missing };
