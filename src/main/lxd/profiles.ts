import type { LxdProfile } from './api';
import { NamedCollection } from './collection';
import type { LxdCore } from './core';
import type { OperationsApi } from './operations';

export interface ProfileCreate {
  name: string;
  description?: string;
  config?: Record<string, string>;
  devices?: Record<string, Record<string, string>>;
}

export type ProfilePut = Pick<LxdProfile, 'description' | 'config' | 'devices'>;

/**
 * `/1.0/profiles` in a project. In a project with `features.profiles=false` the calls act on the
 * default project's profiles.
 */
export class ProfilesApi extends NamedCollection<LxdProfile, ProfileCreate, ProfilePut> {
  constructor(core: LxdCore, operations: OperationsApi) {
    super(core, operations, '/1.0/profiles', false);
  }
}
