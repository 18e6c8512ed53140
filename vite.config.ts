import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { withCspMeta } from './src/main/electron/csp';

// The renderer is served by the browser host (http://127.0.0.1:PORT/) and loaded from file:// by
// Electron, so every asset URL is relative (base './').
//
// For UI work with hot reload, start a host (`npm run host`) and point the dev server at it:
//   BCM_HOST=127.0.0.1:PORT npx vite
// then open http://localhost:5173/#token=TOKEN with the token the host printed.
const bcmHost = process.env['BCM_HOST'];

/** electron.html: index.html with Electron's CSP as a <meta> (the browser host serves index.html with its own CSP header). */
function electronHtml(): Plugin {
  return {
    name: 'bcm-electron-html',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset') throw new Error('the renderer build has no index.html');
      this.emitFile({ type: 'asset', fileName: 'electron.html', source: withCspMeta(String(index.source)) });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react(), electronHtml()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    // The host accepts only its own Host and Origin; the proxy presents both.
    ...(bcmHost
      ? {
          proxy: {
            // only the socket itself: /api/*.ts are the renderer's own modules
            '^/api(\\?|$)': {
              target: `ws://${bcmHost}`,
              ws: true,
              changeOrigin: true,
              headers: { origin: `http://${bcmHost}` },
            },
          },
        }
      : {}),
  },
});
