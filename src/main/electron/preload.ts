// Runs in the sandboxed preload: only 'electron' may be required here, and only the contract's
// bridge is exposed to the page (contextIsolation keeps the page away from ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('bcmBridge', createPreloadBridge(ipcRenderer));
