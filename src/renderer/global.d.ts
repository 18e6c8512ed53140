import type { WireBridge } from '../shared/wire';

declare global {
  interface Window {
    /** exposed by the Electron preload; absent in the browser host */
    bcmBridge?: WireBridge;
  }
}

export {};
