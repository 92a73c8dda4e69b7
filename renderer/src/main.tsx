// Loads React Refresh's preamble as a module in development, because the strict CSP
// blocks the inline script Vite would otherwise add; empty in production builds.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { primeCommand } from './api/useCommand';
import { AppRoot } from './app/AppRoot';
import './app/global.css';

primeCommand('book.list', {});

const container = document.getElementById('root');
if (!container) throw new Error('页面缺少 #root 容器');

createRoot(container).render(
  <StrictMode>
    <AppRoot />
  </StrictMode>,
);
