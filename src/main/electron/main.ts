// The Electron shell: one window running the renderer, sandboxed, with the contract bound to
// ipcMain. This is the only module (with preload.ts) that imports 'electron'.
import { app, BrowserWindow, ipcMain, Notification, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppContext } from '../app-context';
import { noticesFor } from '../monitor/notify';
import { bindIpc } from './binding';
import { rendererCsp } from './csp';
import { isAppDocument } from './trust';

const here = dirname(fileURLToPath(import.meta.url));
// electron.html: the renderer's index.html with the CSP as a <meta> (written by the build, vite.config.ts)
const rendererIndex = join(here, '..', 'renderer', 'electron.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

async function createWindow(): Promise<void> {
  const context = await createAppContext({ transport: 'electron', version: app.getVersion() });
  bindIpc(ipcMain, context.router, { isTrustedUrl: (url) => isAppDocument(url, rendererUrl) });
  // new alerts reach the desktop even when the window is hidden (issue 13)
  context.monitor.onChanged((_state, raised) => {
    if (!Notification.isSupported()) return;
    for (const n of noticesFor(raised)) new Notification({ title: n.title, body: n.body, urgency: n.urgency }).show();
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp] } });
  });
  // nothing is granted: neither when a page asks (request) nor when Chromium checks silently (check)
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Bitcoin Cache Machine',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    // a route change inside the app only changes the hash; anything else is refused
    if (!isAppDocument(url, rendererUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  app.on('before-quit', () => void context.close());
  await win.loadURL(rendererUrl);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(createWindow, (err: unknown) => {
  console.error('BCM could not start:', err);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
