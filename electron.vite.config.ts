import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// main and preload bundle the core and shared code; packages in `dependencies`
// (better-sqlite3, electron-updater) stay external so the native module loads from node_modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; minified it parses in a
      // fraction of the time, which is most of start-up on an old township PC.
      minify: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
