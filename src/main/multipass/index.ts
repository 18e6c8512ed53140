export { MultipassCli, runProgram } from './cli';
export { buildVmCloudInit, trustNameFor, TOKEN_PATH, LXD_PORT } from './cloud-init';
export { detectMultipass } from './detect';
export { launchVm, extractToken, pickAddress, type EndpointPort } from './launcher';
export { locateMultipass, installHint } from './locate';
export { MultipassService, type MultipassServiceOptions } from './service';
export { VmStore } from './vm-store';
