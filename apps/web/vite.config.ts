import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In production the API server serves `dist/` on the same origin; the proxy only exists so
// `npm run dev -w @anzheng/web` can talk to a server started separately.
const apiTarget = process.env.ANZHENG_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
