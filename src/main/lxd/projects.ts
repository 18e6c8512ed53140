import type { LxdProject } from './api';
import { NamedCollection } from './collection';
import type { LxdCore } from './core';
import type { OperationsApi } from './operations';

export interface ProjectCreate {
  name: string;
  description?: string;
  /** e.g. features.images, features.profiles, features.networks, features.storage.volumes, restricted... */
  config?: Record<string, string>;
}

export type ProjectPut = Pick<LxdProject, 'description' | 'config'>;

/** `/1.0/projects` (server-wide). BCM keeps each datacenter in its own project. */
export class ProjectsApi extends NamedCollection<LxdProject, ProjectCreate, ProjectPut> {
  constructor(core: LxdCore, operations: OperationsApi) {
    super(core, operations, '/1.0/projects', true);
  }
}
